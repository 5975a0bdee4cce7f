/**
 * Strict reading of numbers from text and from JSON values.
 *
 * `Number()` alone accepts "", " ", "0x1f" and "Infinity"; a dataset must not.
 * Values must also fit float32, the type the engine stores them in.
 */

const DECIMAL = /^[+-]?(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?$/;

/** True when `text` is a plain decimal number (what np.loadtxt would read). */
export function isDecimal(text: string): boolean {
  return DECIMAL.test(text);
}

/**
 * Why `value` cannot be stored as a float32 feature, or null when it can.
 * `value` is a number already parsed from text or JSON.
 */
export function float32Problem(value: number): string | null {
  if (!Number.isFinite(value)) return "is not finite";
  if (!Number.isFinite(Math.fround(value)))
    return "is outside the float32 range";
  return null;
}

/** Shortens user text quoted back in an error message. */
export function quote(text: string): string {
  return JSON.stringify(shorten(text));
}

/** A short JSON rendering of any value, for error messages. */
export function describe(value: unknown): string {
  if (value === undefined) return "missing";
  try {
    return shorten(JSON.stringify(value));
  } catch {
    // Nesting too deep for JSON.stringify's recursion.
    return Array.isArray(value)
      ? "a deeply nested array"
      : "a deeply nested object";
  }
}

function shorten(text: string): string {
  return text.length > 40 ? `${text.slice(0, 40)}…` : text;
}
