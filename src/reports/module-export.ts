/**
 * A model version as a dependency-free ES module: `predict(rows)` with the
 * weights inline, answering `{probabilities, labels}` as `/predict` does, so
 * a browser, Node or another Worker can predict without calling the service.
 *
 * The module repeats the service's arithmetic (engine/logistic.ts `logit`
 * and `probability`, engine/softmax.ts `softmaxProbabilities`,
 * `predictedClasses`): each value of a row rounded to float32 as the
 * service reads it, logits summed in float64 over the float32 weights in
 * feature order from the bias, probabilities rounded to float32. The
 * weights are in original units (standardization folded in, as the service
 * predicts), written as the shortest decimals that read back as the same
 * float32 values. One difference, for two classes: the service's sigmoid
 * takes its own `exp` (engine/exp-log.ts; its softmax takes `Math.exp`, as
 * the module does for both), and the two may differ by an ulp of a double,
 * which changes a float32 probability only when the double lies within
 * that ulp of a point halfway between two float32 values; on the lab's
 * diabetes rows every probability is bit-equal (tests/node/export.test.ts
 * checks 1e-12).
 */
import type { ModelVersion } from "../domain/model-version";

/** The ES module text of `model`. */
export function esModuleText(model: ModelVersion): string {
  const { name, version, weights, classValues, featureNames } = model;
  const many = weights.b.length > 1;
  const threshold = model.threshold ?? 0.5;
  const lines = [
    `// ${name} v${version}, exported by edge-logreg: a logistic regression over`,
    `// ${model.features} features with ${classValues.length} classes. No dependencies.`,
    `// predict(rows) answers {probabilities, labels} as POST /v1/models/${name}/predict does.`,
    "",
    `export const name = ${JSON.stringify(name)};`,
    `export const version = ${version};`,
    `/** The class values; a label is one of them. */`,
    `export const classes = ${JSON.stringify(classValues)};`,
    `/** The features' names in column order, or null when the model has none. */`,
    `export const features = ${JSON.stringify(featureNames ?? null)};`,
    ...(many
      ? []
      : [
          `/** Label classes[1] when h >= threshold, else classes[0]. */`,
          `export const threshold = ${JSON.stringify(threshold)};`,
        ]),
    "",
    `const D = ${model.features};`,
    `/** Weights, ${weights.b.length} × ${model.features} row-major, in original units. */`,
    `const W = new Float32Array(${floatList(weights.w)});`,
    `const B = new Float32Array(${floatList(weights.b)});`,
    "",
    READ_ROW,
    "",
    many ? PREDICT_SOFTMAX : PREDICT_SIGMOID,
    "",
  ];
  return lines.join("\n");
}

/**
 * `values` as a JavaScript array literal: each the shortest decimal of its
 * float64 value, which is the float32 value exactly, so a `Float32Array`
 * built from the literal holds the same bits.
 */
function floatList(values: Float32Array): string {
  return `[${Array.from(values, (value) => String(value)).join(", ")}]`;
}

// Rows as the service reads them: a list of d numbers, or, for a model
// with names, an object keyed by them; values rounded to float32.
const READ_ROW = `/** Row i as d float32 values (read from an array or, by name, an object). */
function readRow(row, i) {
  const values = Array.isArray(row) || features === null ? row : features.map((f) => row[f]);
  if (!values || values.length !== D) {
    throw new RangeError(\`row \${i} has \${values ? values.length : 0} values, expected \${D}\`);
  }
  const x = new Float32Array(D);
  for (let j = 0; j < D; j++) {
    if (typeof values[j] !== "number" || !Number.isFinite(values[j])) {
      throw new TypeError(\`row \${i} value \${j} is not a finite number\`);
    }
    x[j] = values[j];
  }
  return x;
}`;

const PREDICT_SIGMOID = `/**
 * h = sigmoid(x·w + b) of each row, and its label at \`cut\` (the model's
 * threshold unless given): {probabilities: number[], labels: class[]}.
 */
export function predict(rows, cut = threshold) {
  const probabilities = [];
  const labels = [];
  rows.forEach((row, i) => {
    const x = readRow(row, i);
    let z = B[0];
    for (let j = 0; j < D; j++) z += x[j] * W[j];
    const h = Math.fround(1 / (1 + Math.exp(-z)));
    probabilities.push(h);
    labels.push(classes[h >= cut ? 1 : 0]);
  });
  return { probabilities, labels };
}`;

const PREDICT_SOFTMAX = `/**
 * The softmax over the K logits of each row, and its most likely class
 * (the first on a tie): {probabilities: number[][], labels: class[]}.
 */
export function predict(rows) {
  const K = B.length;
  const z = new Float64Array(K);
  const probabilities = [];
  const labels = [];
  rows.forEach((row, i) => {
    const x = readRow(row, i);
    let m = -Infinity;
    for (let k = 0; k < K; k++) {
      let s = B[k];
      for (let j = 0; j < D; j++) s += x[j] * W[k * D + j];
      z[k] = s;
      if (s > m) m = s;
    }
    let sum = 0;
    for (let k = 0; k < K; k++) {
      z[k] = Math.exp(z[k] - m);
      sum += z[k];
    }
    const p = [];
    let best = 0;
    for (let k = 0; k < K; k++) {
      p.push(Math.fround(z[k] / sum));
      if (p[k] > p[best]) best = k;
    }
    probabilities.push(p);
    labels.push(classes[best]);
  });
  return { probabilities, labels };
}`;
