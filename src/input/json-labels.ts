/**
 * The `y` member of a JSON body -> float32 class codes, read from tokenizer
 * events as the body streams: `[0, 1, ...]` or, as in the lab's `y_data`,
 * `[[0], [1], ...]`, or labels of any one type a class can be
 * (`["no", "yes", ...]`, `[true, false, ...]`; class-coder.ts).
 *
 * Levels count open containers from the body: 1 is y itself, 2 a label, 3 a
 * value inside a label given as `[0]`. y's length is checked against x's rows
 * only at the end (y may come before x), so the first label's problem is kept
 * until then, as reading the parsed y in order would report it.
 */
import { DatasetError } from "../errors";
import type { JsonSink } from "./json-rows";
import type { ClassValue } from "../engine/class-values";
import { LabelCoder } from "./class-coder";
import { describe, LABEL_RULE } from "./numbers";

type Scalar = number | string | boolean | null;

/** The labels of a body: a class code per row, and the class of each code. */
export interface LabelColumn {
  /** Row i's code: an index into `values`. */
  readonly y: Float32Array;
  /** The distinct labels, in the order their codes number them. */
  readonly values: readonly ClassValue[];
}

/** Reads `y`: one label per row of x. */
export class JsonLabelsReader {
  private found = false;
  private coder = new LabelCoder();
  private notArray = false;
  private labels = new Float32Array(0);
  private count = 0;
  private problem: string | null = null;
  /** For a label given as an array: how many values it has, and its first. */
  private inner = 0;
  private first: Scalar = null;
  private firstDescribed: string | null = null;

  /** @param sink where values this reader skips or describes go */
  constructor(private readonly sink: JsonSink) {}

  /** Whether the body has a y. */
  get present(): boolean {
    return this.found;
  }

  /** y's value begins; a later y replaces an earlier one, as in JSON.parse. */
  begin(): void {
    this.found = true;
    this.notArray = false;
    this.count = 0;
    this.problem = null;
    this.coder = new LabelCoder();
  }

  /** A container opens at `level`. */
  open(level: number, array: boolean): void {
    if (level === 1) {
      this.notArray = !array;
      if (!array) this.sink.skip(1);
    } else if (level === 2) {
      const i = this.count++;
      if (this.problem !== null) this.sink.skip(2);
      else if (array) {
        this.inner = 0;
        this.first = null;
        this.firstDescribed = null;
      } else {
        this.sink.copy(2, (text) => {
          this.problem = `y[${i}] is ${describe(JSON.parse(text))}, expected ${LABEL_RULE}`;
        });
      }
    } else if (this.inner++ > 0 || this.problem !== null) {
      this.sink.skip(level);
    } else {
      this.sink.copy(level, (text) => {
        this.firstDescribed = describe(JSON.parse(text));
      });
    }
  }

  /** A scalar at `level`. */
  scalar(level: number, value: Scalar): void {
    if (level === 1) this.notArray = true;
    else if (level === 2) {
      const i = this.count++;
      if (this.problem === null) this.label(`y[${i}]`, i, value);
    } else if (this.inner++ === 0) this.first = value;
  }

  /** The container at `level` closes. */
  close(level: number): void {
    if (level !== 2 || this.problem !== null) return;
    const i = this.count - 1;
    if (this.inner !== 1) {
      this.problem = `y[${i}] has ${this.inner} values, expected 1`;
    } else if (this.firstDescribed !== null) {
      this.problem = `y[${i}][0] is ${this.firstDescribed}, expected ${LABEL_RULE}`;
    } else this.label(`y[${i}][0]`, i, this.first);
  }

  /**
   * The labels, one per row of x, once `present`.
   *
   * @throws DatasetError for y's first problem
   */
  read(rows: number): LabelColumn {
    if (this.notArray) {
      throw new DatasetError(
        `y must be an array of labels, each ${LABEL_RULE}`,
      );
    }
    if (this.count !== rows) {
      throw new DatasetError(
        `y has ${this.count} labels, expected ${rows} (one per row of x)`,
      );
    }
    if (this.problem !== null) throw new DatasetError(this.problem);
    return { y: this.labels.subarray(0, rows), values: this.coder.values };
  }

  private label(path: string, i: number, value: Scalar): void {
    const code = this.coder.code(value);
    if (typeof code === "string") {
      this.problem = `${path} is ${code}`;
      return;
    }
    if (i >= this.labels.length) {
      const grown = new Float32Array(Math.max(64, i * 2));
      grown.set(this.labels);
      this.labels = grown;
    }
    this.labels[i] = code;
  }
}
