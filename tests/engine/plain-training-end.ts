/**
 * The reference oracle of the training end's sums: the plain loop over one
 * row at a time in JavaScript, as src/engine/training-end-sums.ts ran it
 * before the kernel took the pass over (commit 83c71e8), `Math.log` and
 * all, the rows' probabilities given. The kernel's sums are checked
 * against it to the bit.
 */
import type { Dataset } from "../../src/engine/dataset";
import {
  LOG_CLAMP,
  type TrainingEndSums,
} from "../../src/engine/training-end-sums";

/**
 * `addTrainingEnd` as the loop, for `outputs` outputs, with `probabilities`
 * the rows' (rows × outputs) and `sampleWeights` one a row (none: 1).
 */
export function plainTrainingEnd(
  acc: TrainingEndSums,
  data: Dataset,
  outputs: number,
  probabilities: Float32Array,
  sampleWeights?: Float32Array,
): void {
  const { x, y, rows, cols } = data;
  const biases = outputs * cols;
  const { sums, min, max, classCounts } = acc;
  const residual = new Float64Array(outputs);
  let { cost, saturated } = acc;
  for (let i = 0; i < rows; i++) {
    const label = y[i];
    const s = sampleWeights === undefined ? 1 : sampleWeights[i];
    let own: number;
    if (outputs === 1) {
      const h = probabilities[i];
      own = label === 1 ? h : 1 - h;
      residual[0] = h - label;
    } else {
      for (let k = 0; k < outputs; k++) {
        residual[k] = probabilities[i * outputs + k] - (k === label ? 1 : 0);
      }
      own = probabilities[i * outputs + label];
    }
    const logOwn = Math.log(own);
    if (logOwn <= LOG_CLAMP) saturated++;
    cost += s * Math.min(-logOwn, -LOG_CLAMP);
    classCounts[label]++;
    const offset = i * cols;
    const first = s * residual[0];
    for (let j = 0; j < cols; j++) {
      const v = x[offset + j];
      if (v < min[j]) min[j] = v;
      if (v > max[j]) max[j] = v;
      sums[j] += first * v;
    }
    for (let k = 1; k < outputs; k++) {
      const r = s * residual[k];
      const row = k * cols;
      for (let j = 0; j < cols; j++) sums[row + j] += r * x[offset + j];
    }
    for (let k = 0; k < outputs; k++) sums[biases + k] += s * residual[k];
  }
  acc.cost = cost;
  acc.saturated = saturated;
  acc.rows += rows;
}
