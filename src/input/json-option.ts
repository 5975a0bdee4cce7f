/**
 * The one reader of JSON-valued options (`init`, `validation`, `optimizer`,
 * `earlyStopping`, `classWeights`) before their own readers check them: in a
 * JSON body each is its JSON value; in a query string, text that starts
 * with `{` or `[` is that JSON, URL-encoded, and any other text (a word form
 * such as `zeros` or `balanced`, or a mistake) is the string itself.
 */
import { OptionError } from "../errors";
import { describe } from "./numbers";

/**
 * The JSON value of option `name` as sent: `raw` itself, or from a query
 * string (`fromText`) its text parsed as JSON when it starts with `{` or `[`.
 *
 * @throws OptionError when such text is not valid JSON
 */
export function jsonOptionValue(
  name: string,
  raw: unknown,
  fromText: boolean,
): unknown {
  if (!fromText || typeof raw !== "string") return raw;
  const text = raw.trim();
  if (!text.startsWith("{") && !text.startsWith("[")) return raw;
  try {
    return JSON.parse(text);
  } catch {
    throw new OptionError(`${name} is not valid JSON: ${describe(raw)}`);
  }
}
