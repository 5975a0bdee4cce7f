/**
 * The `x` member of a JSON body -> a row-major float32 matrix, read from
 * tokenizer events as the body streams: each number is written straight into
 * the matrix, so no array is built per row.
 *
 * Levels count open containers from the body: 1 is x itself, 2 a row, 3 a
 * value in a row. The first problem is kept, as reading the parsed x in order
 * would find it (a row's length before its values), and thrown by `matrix()`.
 */
import { DatasetError } from "../errors";
import { describe, float32Problem } from "./numbers";
import type { FeatureRows } from "../engine/dataset";

/** A row-major float32 matrix read from JSON. */
export type JsonMatrix = FeatureRows;

/** Where a member's reader sends a value it does not read itself. */
export interface JsonSink {
  /** Ignores everything until the value open at `level` closes. */
  skip(level: number): void;
  /** Collects the value opening at `level` as JSON text, for `done`. */
  copy(level: number, done: (text: string) => void): void;
}

/** Reads `x`: an array of equally long arrays of numbers. */
export class JsonRowsReader {
  private found = false;
  private values = new Float32Array(0);
  private problem: string | null = null;
  private rows = 0;
  private cols = 0;
  /** Values stored per row: any number in row 0, then `cols`. */
  private width = 0;
  private base = 0;
  private count = 0;
  private rowProblem: string | null = null;
  private rowStart = 0;

  /**
   * @param sink where values this reader skips or describes go
   * @param sizeHint the body's length when known, to size the matrix once
   */
  constructor(
    private readonly sink: JsonSink,
    private readonly sizeHint: number,
  ) {}

  /** Whether the body has an x. */
  get present(): boolean {
    return this.found;
  }

  /** x's value begins; a later x replaces an earlier one, as in JSON.parse. */
  begin(): void {
    this.found = true;
    this.problem = null;
    this.rows = 0;
    this.cols = 0;
    this.width = Infinity;
    this.base = 0;
  }

  /** A container opens at `level`, at `offset` in the text. */
  open(level: number, array: boolean, offset: number): void {
    if (level === 1) {
      if (!array) this.fail("x must be an array of rows", 1);
    } else if (level === 2) {
      if (!array) {
        this.fail(`x[${this.rows}] must be an array of numbers`, 1);
        return;
      }
      this.count = 0;
      this.rowProblem = null;
      this.rowStart = offset;
      this.base = this.rows * this.cols;
      if (this.base + this.cols > this.values.length) {
        this.grow(Math.max(this.values.length * 2, this.base + this.cols));
      }
    } else {
      const path = `x[${this.rows}][${this.count++}]`;
      if (this.rowProblem !== null) this.sink.skip(level);
      else {
        this.sink.copy(level, (text) => {
          this.rowProblem = `${path} is ${describe(JSON.parse(text))}, expected a number`;
        });
      }
    }
  }

  /** A number at level 3, a value in a row: the common case, kept short. */
  number(value: number): void {
    const j = this.count++;
    if (this.rowProblem !== null) return;
    const problem = float32Problem(value);
    if (problem !== null) {
      this.rowProblem = `x[${this.rows}][${j}] ${problem}`;
    } else if (j < this.width) {
      const at = this.base + j;
      if (at >= this.values.length) this.grow(Math.max(64, at * 2));
      this.values[at] = value;
    }
  }

  /** A scalar at `level`. */
  scalar(level: number, value: number | string | boolean | null): void {
    if (level === 1) this.fail("x must be an array of rows", -1);
    else if (level === 2) {
      this.fail(`x[${this.rows}] must be an array of numbers`, 1);
    } else if (typeof value === "number") this.number(value);
    else if (this.rowProblem === null) {
      this.rowProblem = `x[${this.rows}][${this.count++}] is ${describe(value)}, expected a number`;
    } else this.count++;
  }

  /** The container at `level` closes, just before `offset`. */
  close(level: number, offset: number): void {
    if (level === 1 && this.rows === 0) {
      this.problem = "x is empty: send at least one row";
    } else if (level === 2) this.endRow(offset);
  }

  /**
   * The matrix x holds, once `present`.
   *
   * @throws DatasetError for x's first problem
   */
  matrix(): JsonMatrix {
    if (this.problem !== null) throw new DatasetError(this.problem);
    const { rows, cols } = this;
    return { values: this.values.subarray(0, rows * cols), rows, cols };
  }

  /** Ends a row: its length is checked before its values' problems. */
  private endRow(offset: number): void {
    let problem = this.rowProblem;
    if (this.rows === 0) {
      this.cols = this.width = this.count;
      if (this.cols === 0) problem = "x[0] has no features";
      else if (this.sizeHint > 0) {
        // Size the matrix once, from how long the first row is.
        const rows = Math.ceil(this.sizeHint / (offset - this.rowStart + 1));
        this.grow(rows * this.cols);
      }
    } else if (this.count !== this.cols) {
      problem = `x[${this.rows}] has ${this.count} values, expected ${this.cols}`;
    }
    if (problem !== null) this.fail(problem, 1);
    else this.rows++;
  }

  /** Keeps `problem` and skips the rest of x (from `level`, if not -1). */
  private fail(problem: string, level: number): void {
    this.problem = problem;
    if (level >= 0) this.sink.skip(level);
  }

  private grow(length: number): void {
    if (length <= this.values.length) return;
    const grown = new Float32Array(length);
    grown.set(this.values);
    this.values = grown;
  }
}
