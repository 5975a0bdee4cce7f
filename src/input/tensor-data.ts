/**
 * The `data` of one input tensor of an Open Inference Protocol request ->
 * float32 values in row-major order, read from tokenizer events as the body
 * streams: each number is written straight into one typed array, so no
 * array is built per row, whether the data is flat or nested.
 *
 * The protocol lets tensor data come "in their natural multi-dimensional
 * representation, or as a flattened one-dimensional representation"
 * (kserve/open-inference-protocol, specification/protocol/inference_rest.md,
 * "Tensor Data"). What the nesting was is kept as `dims`, for the request's
 * `shape` to be checked against once the whole input is known (its members
 * may come in any order). The first problem is kept with its place and
 * thrown by `tensor()`.
 */
import { DatasetError } from "../errors";
import { describe, float32Problem } from "./numbers";

/** Tensor data as read: its values in row-major order, and how it nested. */
export interface TensorData {
  readonly values: Float32Array;
  /**
   * The length of the arrays at each depth: `[n]` for flat data of n
   * numbers, `[rows, cols]` for an array of rows.
   */
  readonly dims: readonly number[];
}

/** Reads one `data` array, from its `[` to its `]`, as events give it. */
export class TensorDataReader {
  private values = new Float32Array(64);
  private count = 0;
  /** Open arrays: 1 is `data` itself. */
  private depth = 0;
  /** Per depth, the length its first array had. */
  private readonly lengths: number[] = [];
  /** Per depth, how many items the open array has had so far. */
  private readonly items: number[] = [];
  /** The depth of the arrays that hold numbers, once one is seen. */
  private leaf = 0;
  private problem: string | null = null;

  /** @param where the data's place in the body: `inputs[0].data` */
  constructor(private readonly where: string) {}

  /** Whether `data`'s closing `]` has been read. */
  get closed(): boolean {
    return this.depth === 0 && this.lengths.length > 0;
  }

  /** An array or an object opens inside the data (or the data itself). */
  open(array: boolean): void {
    const parent = this.depth;
    if (parent > 0) this.item(parent);
    this.depth++;
    this.items[this.depth] = 0;
    this.lengths[this.depth] ??= -1;
    if (this.problem !== null) return;
    if (!array) {
      this.problem = `${this.path(this.depth)} is an object, expected a number`;
    } else if (this.leaf !== 0 && parent >= this.leaf) {
      this.problem = `${this.path(this.depth)} is an array where numbers were, expected a number`;
    }
  }

  /** The innermost open array closes: its length is checked against its depth's. */
  close(): void {
    const depth = this.depth--;
    if (this.problem !== null) return;
    const length = this.items[depth];
    const first = this.lengths[depth];
    if (first === -1) this.lengths[depth] = length;
    else if (length !== first) {
      this.problem = `${this.path(depth)} has ${length} items, expected ${first} as the first at its depth had`;
    }
  }

  /** A number in the innermost open array. */
  number(value: number): void {
    const depth = this.depth;
    const at = this.item(depth);
    if (this.problem !== null) return;
    if (this.leaf === 0) this.leaf = depth;
    if (depth !== this.leaf) {
      this.problem = `${this.path(depth)}[${at}] is a number where arrays were`;
      return;
    }
    const problem = float32Problem(value);
    if (problem !== null) {
      this.problem = `${this.path(depth)}[${at}] ${problem}`;
      return;
    }
    if (this.count === this.values.length) this.grow();
    this.values[this.count++] = value;
  }

  /** A string, true, false or null in the innermost open array. */
  scalar(value: string | boolean | null): void {
    const at = this.item(this.depth);
    if (this.problem !== null) return;
    this.problem = `${this.path(this.depth)}[${at}] is ${describe(value)}, expected a number`;
  }

  /**
   * The data read.
   *
   * @throws DatasetError for its first problem: a value that is not a
   *   float32 number, arrays of unequal lengths at one depth, numbers and
   *   arrays mixed
   */
  tensor(): TensorData {
    if (this.problem !== null) throw new DatasetError(this.problem);
    const last = this.leaf === 0 ? this.lengths.length - 1 : this.leaf;
    return {
      values: this.values.subarray(0, this.count),
      dims: this.lengths.slice(1, last + 1),
    };
  }

  /** Counts an item of the array open at `depth`; its index. */
  private item(depth: number): number {
    return this.items[depth]++;
  }

  /** The place of the array open at `depth` (1: the data itself). */
  private path(depth: number): string {
    let path = this.where;
    for (let d = 2; d <= depth; d++) path += `[${this.items[d - 1] - 1}]`;
    return path;
  }

  private grow(): void {
    const grown = new Float32Array(this.values.length * 2);
    grown.set(this.values);
    this.values = grown;
  }
}
