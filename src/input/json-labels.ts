/**
 * The `y` member of a JSON body -> float32 labels, read from tokenizer events
 * as the body streams: `[0, 1, ...]` or, as in the lab's `y_data`,
 * `[[0], [1], ...]`.
 *
 * Levels count open containers from the body: 1 is y itself, 2 a label, 3 a
 * value inside a label given as `[0]`. y's length is checked against x's rows
 * only at the end (y may come before x), so the first label's problem is kept
 * until then, as reading the parsed y in order would report it.
 */
import { DatasetError } from "../errors";
import type { JsonSink } from "./json-rows";
import { describe, isClassLabel, LABEL_RULE } from "./numbers";

type Scalar = number | string | boolean | null;

/** Reads `y`: one label, 0 or 1, per row of x. */
export class JsonLabelsReader {
  private found = false;
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
  read(rows: number): Float32Array {
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
    return this.labels.subarray(0, rows);
  }

  private label(path: string, i: number, value: Scalar): void {
    if (typeof value !== "number" || !isClassLabel(value)) {
      this.problem = `${path} is ${describe(value)}, expected ${LABEL_RULE}`;
      return;
    }
    if (i >= this.labels.length) {
      const grown = new Float32Array(Math.max(64, i * 2));
      grown.set(this.labels);
      this.labels = grown;
    }
    this.labels[i] = value;
  }
}
