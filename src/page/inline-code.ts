/**
 * The one piece of Markdown the API's descriptions use, inline code between
 * backticks, as HTML: the text is escaped first, then each `...` pair becomes
 * `<code>...</code>`, so nothing in a description can make markup of its own.
 * A lone backtick stays as it is.
 */
import { raw } from "hono/html";
import { escapeToBuffer, type HtmlEscapedString } from "hono/utils/html";

/**
 * `text` as HTML safe to put in an element: &, <, >, " and ' escaped, and
 * each pair of backticks and what is between them (no backtick, at least one
 * character) turned into a `<code>` element.
 */
export function inlineCode(text: string | undefined): HtmlEscapedString {
  const buffer: [string] = [""];
  escapeToBuffer(text ?? "", buffer);
  return raw(buffer[0].replace(/`([^`]+)`/g, "<code>$1</code>"));
}
