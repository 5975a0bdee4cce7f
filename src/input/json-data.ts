/**
 * JSON bodies -> float32 datasets, read as the body streams in.
 *
 * The tokenizer's events are routed by where they are: the numbers of `x` go
 * to `JsonRowsReader`, the labels of `y` to `JsonLabelsReader`, and every
 * other top-level member is copied as JSON text and parsed at the end, for
 * the option checks to see exactly what JSON.parse would have given them.
 * Dataset problems are kept, not thrown, until the whole body is known to be
 * a JSON object, so malformed JSON anywhere is reported first, as before.
 */
import type { LabeledRows } from "./class-coder";
import { DatasetError, MalformedBodyError } from "../errors";
import { JsonLabelsReader } from "./json-labels";
import { JsonRowsReader, type JsonMatrix, type JsonSink } from "./json-rows";
import { JsonTokenizer, type JsonEvents } from "./json-tokens";

export type { JsonMatrix } from "./json-rows";

const NO_X = "the body has no x (rows of features)";

// What the value of the current top-level member is.
const OTHER = 0;
const X = 1;
const Y = 2;

/**
 * Reads a JSON body `{"x": [[...], ...], "y": [...], ...}` pushed a chunk of
 * text at a time. Without `labels` (rows to predict), y is one more member.
 */
export class JsonBodyReader implements JsonEvents, JsonSink {
  private readonly tokens = new JsonTokenizer(this);
  private readonly x: JsonRowsReader;
  private readonly y = new JsonLabelsReader(this);
  private depth = 0;
  private notObject = false;
  private role = OTHER;
  private member = "";
  /** `"name":value` of each other member, in order. */
  private readonly members: string[] = [];
  /** The level of the value being skipped or copied, or -1. */
  private sinkLevel = -1;
  /** The copied value's JSON text so far, or null when skipping. */
  private parts: string[] | null = null;
  private comma = false;
  private done: ((text: string) => void) | null = null;

  /**
   * @param labels whether the body carries labels in y
   * @param sizeHint the body's length when known, to size the matrix once
   */
  constructor(
    private readonly labels: boolean,
    sizeHint = 0,
  ) {
    this.x = new JsonRowsReader(this, sizeHint);
  }

  /**
   * Reads the next chunk of the body.
   *
   * @throws MalformedBodyError where the body stops being JSON
   */
  push(chunk: string): void {
    this.tokens.push(chunk);
  }

  /** Where the text read so far ends: `line 3 column 7`. */
  where(): string {
    return this.tokens.where();
  }

  /**
   * Ends the body.
   *
   * @throws MalformedBodyError when it is not JSON, or not a JSON object
   */
  end(): void {
    this.tokens.end();
    if (this.notObject) {
      throw new MalformedBodyError("the body must be a JSON object");
    }
  }

  /** Every member other than x (and y, with labels), as JSON.parse gives them. */
  others(): Record<string, unknown> {
    return JSON.parse(`{${this.members.join(",")}}`) as Record<string, unknown>;
  }

  /** Whether the body has an x. */
  get hasRows(): boolean {
    return this.x.present;
  }

  /**
   * The rows of x.
   *
   * @throws DatasetError when there is no x, or for its first problem
   */
  rows(): JsonMatrix {
    if (!this.x.present) throw new DatasetError(NO_X);
    return this.x.matrix();
  }

  /**
   * x and y as a dataset, checked in the order of the messages: no x, no y,
   * then x's first problem, then y's.
   *
   * @throws DatasetError naming the first problem
   */
  dataset(): LabeledRows {
    if (!this.x.present) throw new DatasetError(NO_X);
    if (!this.y.present) throw new DatasetError("the body has no y (labels)");
    const m = this.x.matrix();
    const { y, values } = this.y.read(m.rows);
    return { x: m.values, y, rows: m.rows, cols: m.cols, labelValues: values };
  }

  // The tokenizer's events (JsonEvents), routed by level and member.

  open(array: boolean, offset: number): void {
    const level = this.depth++;
    if (this.sinkLevel >= 0) {
      this.put(array ? "[" : "{", false);
      return;
    }
    if (level === 0) {
      if (array) this.notAnObject();
      return;
    }
    if (level === 1) this.begin();
    if (this.role === X) this.x.open(level, array, offset);
    else if (this.role === Y) this.y.open(level, array);
    else {
      const key = JSON.stringify(this.member);
      this.copy(1, (text) => this.members.push(`${key}:${text}`));
    }
    // A value the readers copy begins with this very token.
    if (this.sinkLevel === level) this.put(array ? "[" : "{", false);
  }

  close(array: boolean, offset: number): void {
    const level = --this.depth;
    if (this.sinkLevel >= 0) {
      if (this.parts !== null) {
        this.parts.push(array ? "]" : "}");
        this.comma = true;
      }
      if (level === this.sinkLevel) this.endSink();
    } else if (this.role === X) this.x.close(level, offset);
    else if (this.role === Y) this.y.close(level);
  }

  key(name: string): void {
    if (this.parts !== null) {
      if (this.comma) this.parts.push(",");
      this.parts.push(`${JSON.stringify(name)}:`);
      this.comma = false;
    } else if (this.sinkLevel < 0 && this.depth === 1) {
      // Objects below the top are always skipped or copied, so every key
      // read here names a top-level member.
      this.member = name;
      this.role = name === "x" ? X : name === "y" && this.labels ? Y : OTHER;
    }
  }

  number(value: number): void {
    if (this.sinkLevel >= 0) {
      this.put(numberText(value), true);
    } else if (this.depth === 3 && this.role === X) this.x.number(value);
    else this.scalarAt(value);
  }

  scalar(value: string | boolean | null): void {
    if (this.sinkLevel >= 0) {
      this.put(JSON.stringify(value), true);
    } else this.scalarAt(value);
  }

  // The member readers' requests (JsonSink).

  skip(level: number): void {
    this.sinkLevel = level;
    this.parts = null;
    this.done = null;
  }

  copy(level: number, done: (text: string) => void): void {
    this.sinkLevel = level;
    this.parts = [];
    this.comma = false;
    this.done = done;
  }

  private scalarAt(value: number | string | boolean | null): void {
    const level = this.depth;
    if (level === 0) return this.notAnObject();
    if (level === 1) this.begin();
    if (this.role === X) this.x.scalar(level, value);
    else if (this.role === Y) this.y.scalar(level, value);
    else {
      const text =
        typeof value === "number" ? numberText(value) : JSON.stringify(value);
      this.members.push(`${JSON.stringify(this.member)}:${text}`);
    }
  }

  /** A top-level member's value begins. */
  private begin(): void {
    if (this.role === X) this.x.begin();
    else if (this.role === Y) this.y.begin();
  }

  /** The body is valid JSON so far but not an object: skip to its end. */
  private notAnObject(): void {
    this.notObject = true;
    if (this.depth > 0) this.skip(0);
  }

  private put(token: string, scalar: boolean): void {
    const parts = this.parts;
    if (parts === null) return; // skipping
    if (this.comma) parts.push(",");
    parts.push(token);
    this.comma = scalar;
  }

  private endSink(): void {
    const { parts, done } = this;
    this.sinkLevel = -1;
    this.parts = null;
    this.done = null;
    if (parts !== null && done !== null) done(parts.join(""));
  }
}

/** JSON text that JSON.parse reads back as exactly `value`. */
function numberText(value: number): string {
  if (Object.is(value, -0)) return "-0";
  if (Number.isFinite(value)) return String(value);
  return value > 0 ? "1e999" : "-1e999";
}
