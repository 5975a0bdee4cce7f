/**
 * The engine's view of data: a dense row-major float32 matrix and its labels.
 *
 * Float32 because the lab's tensors are float32 (`torch.FloatTensor`), so the
 * service sees the very numbers PyTorch sees.
 */

/**
 * Features and labels of `rows` samples with `cols` features each.
 * Its values do not change once it is built: an epoch's pass (gradient.ts)
 * copies them into its kernel's memory once per Dataset and reuses the copy.
 */
export interface Dataset {
  /** Row-major features: feature j of row i is `x[i * cols + j]`. */
  readonly x: Float32Array;
  /** One label per row: 0 or 1, or a class number 0..K−1 for K classes. */
  readonly y: Float32Array;
  readonly rows: number;
  readonly cols: number;
}

/** Rows of features without labels, as prediction takes them. */
export interface FeatureRows {
  /** Row-major: feature j of row i is `values[i * cols + j]`. */
  readonly values: Float32Array;
  readonly rows: number;
  readonly cols: number;
}
