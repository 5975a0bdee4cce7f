/**
 * JSON strings read a chunk at a time for `JsonTokenizer`: the characters
 * between the quotes, escapes decoded, resumable wherever a chunk ends, even
 * inside an escape.
 */
import { MalformedBodyError } from "../errors";
import { quote } from "./numbers";

const ESCAPES: Record<number, string> = {
  0x22: '"',
  0x5c: "\\",
  0x2f: "/",
  0x62: "\b",
  0x66: "\f",
  0x6e: "\n",
  0x72: "\r",
  0x74: "\t",
};

/** The error for text JSON.parse would refuse, at `position` in the body. */
export function syntaxError(
  what: string,
  position: number,
): MalformedBodyError {
  return new MalformedBodyError(
    `the body is not valid JSON: ${what} at position ${position}`,
  );
}

/** Decodes one JSON string after another, across chunk boundaries. */
export class JsonStringReader {
  private text = "";
  /** 0, 1 after a backslash, 2 + k after `\u` and k hex digits. */
  private escape = 0;
  private code = 0;

  /**
   * Reads the string's characters in `chunk` from `i` (after the opening
   * quote, or where the previous chunk stopped). Returns the position after
   * the closing quote, or -1 when the chunk ends first.
   *
   * @param offset the position of `chunk` in the body, for errors
   * @throws MalformedBodyError for a control character or a bad escape
   */
  read(chunk: string, i: number, offset: number): number {
    const n = chunk.length;
    while (i < n) {
      if (this.escape === 0) {
        let end = i;
        let c = 0;
        while (end < n) {
          c = chunk.charCodeAt(end);
          if (c === 0x22 || c === 0x5c || c < 0x20) break;
          end++;
        }
        if (end > i) this.text += chunk.slice(i, end);
        if (end === n) return -1;
        if (c === 0x22 /* " */) return end + 1;
        if (c !== 0x5c /* \ */) unexpected(chunk, end, offset, "in a string");
        this.escape = 1;
        i = end + 1;
        continue;
      }
      const c = chunk.charCodeAt(i);
      if (this.escape === 1) {
        if (c === 0x75 /* u */) {
          this.escape = 2;
          this.code = 0;
        } else {
          const escaped = ESCAPES[c];
          if (escaped === undefined)
            unexpected(chunk, i, offset, "after a backslash");
          this.text += escaped;
          this.escape = 0;
        }
      } else {
        const digit = hexDigit(c);
        if (digit < 0) unexpected(chunk, i, offset, "in a \\u escape");
        this.code = this.code * 16 + digit;
        if (++this.escape === 6) {
          // A lone surrogate stays one, as JSON.parse keeps it.
          this.text += String.fromCharCode(this.code);
          this.escape = 0;
        }
      }
      i++;
    }
    return -1;
  }

  /** The string just read, ready for the next one. */
  take(): string {
    const text = this.text;
    this.text = "";
    return text;
  }
}

function unexpected(
  chunk: string,
  at: number,
  offset: number,
  what: string,
): never {
  throw syntaxError(`unexpected ${quote(chunk[at])} ${what}`, offset + at);
}

function hexDigit(c: number): number {
  if (c >= 0x30 && c <= 0x39) return c - 0x30;
  const lower = c | 0x20;
  return lower >= 0x61 && lower <= 0x66 ? lower - 0x61 + 10 : -1;
}
