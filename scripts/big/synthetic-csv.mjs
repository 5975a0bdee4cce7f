/**
 * The synthetic dataset of `npm run big`: `rows` rows of `cols` features
 * drawn from a seeded generator, each labelled by a known logistic model
 * plus noise, written as CSV to disk a chunk at a time (never whole in
 * memory).
 *
 * - Generator: mulberry32 (Tommy Ettinger's 32-bit generator; the bench's,
 *   bench/workloads.mjs) from `seed`; uniforms in [0, 1) are its output
 *   / 2^32.
 * - Features: x_ij ~ N(0, 1) by the Box–Muller transform, written with four
 *   decimals (`-1.2345`), so a value is exactly the decimal the file holds.
 * - Labels: y_i ~ Bernoulli(sigmoid(z_i)), z_i = Σ_j w_j·x_ij + b with the
 *   true model `trueModel(cols)`: the Bernoulli draw is the noise, so no
 *   model reaches 100% and the cost has a floor above 0.
 * - Header: `x1,…,x<cols>,label`, which training takes as a header (no
 *   feature field of it is a number).
 */
import { closeSync, openSync, renameSync, writeSync } from "node:fs";
import { generator as mulberry32 } from "../../bench/workloads.mjs";

/**
 * The model the labels come from: w_j = (−1)^j·(j + 1)/cols for the j-th
 * feature (0-based), b = 0.5. Its logit has a standard deviation of about
 * 2.4 at 16 features, so the classes overlap but are far from random.
 */
export function trueModel(cols) {
  const w = Array.from(
    { length: cols },
    (_, j) => ((j % 2 ? -1 : 1) * (j + 1)) / cols,
  );
  return { w, b: 0.5 };
}

/** "0000".."9999": the four decimals of a value, by table. */
const DECIMALS = Array.from({ length: 10000 }, (_, k) =>
  String(k).padStart(4, "0"),
);

/** A value held as an integer count of 1e-4, written as the file has it. */
function decimal(count) {
  const magnitude = count < 0 ? -count : count;
  const whole = Math.floor(magnitude / 10000);
  const text = `${whole}.${DECIMALS[magnitude - whole * 10000]}`;
  return count < 0 ? `-${text}` : text;
}

/**
 * Writes the dataset to `path` (through `path + ".partial"`, renamed when
 * complete, so a file at `path` is always whole) and resolves to
 * `{bytes, positives}`. `onProgress(rowsWritten, bytesWritten)` is called
 * after each chunk of `chunkRows` rows.
 */
export async function writeSyntheticCsv(
  path,
  { rows, cols, seed, chunkRows = 20000, onProgress = () => {} },
) {
  const random = mulberry32(seed);
  const { w, b } = trueModel(cols);
  const partial = `${path}.partial`;
  const fd = openSync(partial, "w");
  let bytes = 0;
  let positives = 0;
  let spare = null;
  /** One N(0, 1) draw (Box–Muller, the second of each pair kept). */
  const normal = () => {
    if (spare !== null) {
      const value = spare;
      spare = null;
      return value;
    }
    const u = 1 - random(); // (0, 1]: log(u) is finite
    const radius = Math.sqrt(-2 * Math.log(u));
    const angle = 2 * Math.PI * random();
    spare = radius * Math.sin(angle);
    return radius * Math.cos(angle);
  };
  try {
    const header = `${Array.from({ length: cols }, (_, j) => `x${j + 1}`).join(",")},label\n`;
    bytes += writeSync(fd, header);
    const fields = new Array(cols + 1);
    for (let start = 0; start < rows; start += chunkRows) {
      const end = Math.min(rows, start + chunkRows);
      let chunk = "";
      for (let i = start; i < end; i++) {
        let z = b;
        for (let j = 0; j < cols; j++) {
          const count = Math.round(normal() * 10000);
          z += w[j] * (count / 10000);
          fields[j] = decimal(count);
        }
        const y = random() < 1 / (1 + Math.exp(-z)) ? 1 : 0;
        positives += y;
        fields[cols] = y;
        chunk += `${fields.join(",")}\n`;
      }
      bytes += writeSync(fd, chunk);
      onProgress(end, bytes);
      // Let a progress line or a signal through between chunks.
      await new Promise((resolve) => setImmediate(resolve));
    }
  } finally {
    closeSync(fd);
  }
  renameSync(partial, path);
  return { bytes, positives };
}
