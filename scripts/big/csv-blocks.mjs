/**
 * Reads a numeric CSV (a header line, then rows of `cols` features and a
 * 0/1 label) from disk in blocks of rows, as float32 features, the values
 * training stores: the file is read 4 MiB at a time, never whole.
 *
 * A field `[-]digits[.digits]` is parsed as integer / 10^k, one correctly
 * rounded division of two exact doubles (while there are at most 15
 * digits), which is the double `Number(text)` gives; any other field is
 * handed to `Number`. Then `Math.fround`, as the service stores it.
 */
import { closeSync, openSync, readSync } from "node:fs";

const POW10 = Array.from({ length: 23 }, (_, k) => 10 ** k);
const READ_BYTES = 4 * 1024 * 1024;

/**
 * Calls `onBlock(x, y, count)` for each block of up to `blockRows` rows of
 * the file at `path`: `x` a Float32Array of blockRows × cols (row-major),
 * `y` a Uint8Array of labels; the arrays are reused from block to block.
 * Stops after `maxRows` rows. Returns the number of rows read.
 *
 * @throws Error naming the line (and field) when a row has the wrong number
 *   of fields, a value is not a number, or a label is not 0 or 1
 */
export function readCsvBlocks(
  path,
  cols,
  onBlock,
  { blockRows = 8192, maxRows = Infinity } = {},
) {
  const state = {
    x: new Float32Array(blockRows * cols),
    y: new Uint8Array(blockRows),
    cols,
    blockRows,
    onBlock,
    maxRows,
    count: 0,
    rows: 0,
    line: 0,
  };
  const fd = openSync(path, "r");
  let buffer = Buffer.allocUnsafe(READ_BYTES);
  let kept = 0; // bytes of an unfinished line at the buffer's start
  try {
    for (;;) {
      if (kept === buffer.length) {
        const larger = Buffer.allocUnsafe(buffer.length * 2);
        buffer.copy(larger, 0, 0, kept);
        buffer = larger;
      }
      const read = readSync(fd, buffer, kept, buffer.length - kept, null);
      const filled = kept + read;
      // Whole lines only; at the end of the file, whatever is left.
      const end = read === 0 ? filled : buffer.lastIndexOf(10, filled - 1) + 1;
      if (end > 0) parseLines(buffer, end, state);
      if (read === 0 || state.rows === maxRows) break;
      kept = filled - end;
      buffer.copy(buffer, 0, end, filled);
    }
  } finally {
    closeSync(fd);
  }
  if (state.count > 0) onBlock(state.x, state.y, state.count);
  return state.rows;
}

/** Parses the lines in bytes[0, end) into `state`'s block. */
function parseLines(bytes, end, state) {
  const { x, y, cols } = state;
  let at = 0;
  while (at < end && state.rows < state.maxRows) {
    state.line++;
    if (state.line === 1) {
      const newline = bytes.indexOf(10, at);
      at = newline === -1 || newline >= end ? end : newline + 1;
      continue;
    }
    let field = 0;
    let offset = state.count * cols;
    let label = -1;
    for (;;) {
      // One field: [-]digits[.digits], else handed to Number.
      const start = at;
      const negative = bytes[at] === 45;
      if (negative) at++;
      let mantissa = 0;
      let digits = 0;
      let scale = 0;
      let point = false;
      let c = 0;
      for (; at < end; at++) {
        c = bytes[at];
        if (c >= 48 && c <= 57) {
          mantissa = mantissa * 10 + (c - 48);
          digits++;
          if (point) scale++;
        } else if (c === 46 && !point) {
          point = true;
        } else {
          break;
        }
      }
      let value;
      if (at === end || c === 44 || c === 10) {
        value = digits > 0 && digits <= 15 ? mantissa / POW10[scale] : NaN;
        if (negative) value = -value;
      } else {
        // Anything else: the field runs to the next comma or line end.
        while (at < end && bytes[at] !== 44 && bytes[at] !== 10) at++;
        c = at < end ? bytes[at] : 10;
        value = Number(bytes.toString("latin1", start, at).trim());
      }
      if (!Number.isFinite(value)) {
        throw new Error(
          `line ${state.line} field ${field + 1} is not a number`,
        );
      }
      if (field < cols) x[offset + field] = value;
      else if (field === cols) label = value;
      field++;
      at++; // past the comma or newline
      if (c !== 44) break;
    }
    if (field !== cols + 1) {
      throw new Error(
        `line ${state.line} has ${field} fields, expected ${cols + 1}`,
      );
    }
    if (label !== 0 && label !== 1) {
      throw new Error(`line ${state.line} has label ${label}, expected 0 or 1`);
    }
    y[state.count++] = label;
    state.rows++;
    if (state.count === state.blockRows) {
      state.onBlock(x, y, state.count);
      state.count = 0;
    }
  }
}
