/**
 * A training whose numbers stop being finite is a 422 `training_diverged`
 * that names the number, and stores nothing: every path found that leads
 * there, through the Worker. (JSON has no NaN or Infinity: a stored one
 * would read back as null and predict null.)
 */
import { beforeAll, describe, expect, it } from "vitest";
import { api, expectError, json, storeSnapshot } from "./api";

const FOUR = { x: [[0], [10], [20], [30]], y: [0, 0, 1, 1] };

/**
 * PUTs `body` as model `name`: a 422 `training_diverged` whose message holds
 * each of `fragments`, the store byte for byte as it was, and `name` at
 * the version it had (`head`, or none).
 */
async function diverges(
  name: string,
  body: unknown,
  head: number | null,
  ...fragments: string[]
): Promise<void> {
  const before = await storeSnapshot();
  const response = await api(`/v1/models/${name}`, json("PUT", body));
  await expectError(response, 422, "training_diverged", ...fragments);
  expect(await storeSnapshot()).toBe(before);
  const read = await api(`/v1/models/${name}`);
  if (head === null) {
    expect(read.status).toBe(404);
  } else {
    expect(read.status).toBe(200);
    expect(((await read.json()) as { version: number }).version).toBe(head);
  }
}

beforeAll(async () => {
  // A stored model whose weight is near float32's largest (3e38, a start
  // that one epoch at a tiny lr leaves as it is): finite, so it is stored.
  const response = await api(
    "/v1/models/big",
    json("PUT", { ...FOUR, init: { w: [3e38], b: 0 }, epochs: 0, lr: 1e-30 }),
  );
  expect(response.status).toBe(201);
  const model = (await response.json()) as { weights: { w: number[] } };
  expect(model.weights.w[0]).toBe(Math.fround(3e38));
});

describe("weights that overflow float32 in training", () => {
  it("names the weight and the epoch, plain gradient descent", () =>
    diverges(
      "sgd",
      { x: [[3e38], [-3e38]], y: [0, 1], lr: 1e38, epochs: 3 },
      null,
      "the weight of feature 1 became -Infinity at epoch 0: lower lr",
    ));

  it("names the weight with Adam at a huge lr", () =>
    // Adam's step is about lr whatever the gradient: 1e300 overflows float32.
    diverges(
      "adam",
      { ...FOUR, lr: 1e300, optimizer: { adam: {} }, epochs: 3 },
      null,
      "the weight of feature 1 became Infinity at epoch 0",
    ));

  it("names the weight with huge class weights", () =>
    diverges(
      "weighted",
      { ...FOUR, classWeights: { "0": 3e38, "1": 3e38 }, epochs: 3 },
      null,
      "the weight of feature 1 became Infinity at epoch 0",
    ));

  it("names the weight and its class with many classes", () =>
    diverges(
      "softmax",
      { x: [[3e38], [-3e38], [0]], y: [0, 1, 2], lr: 1e38, epochs: 3 },
      null,
      "the weight of feature 1 of class 0 became",
      "at epoch 0",
    ));

  it("names the epoch whose cost a huge l2 penalty makes infinite", () =>
    diverges(
      "penalised",
      { ...FOUR, l2: 1e308, epochs: 3, logEvery: 1 },
      null,
      "cost became Infinity at epoch 1",
    ));

  // Epoch 0 steps w to (5e19, 1.5e20); at epoch 1 the last row's logit is
  // +inf + -inf in float32, NaN, and so its h: ln NaN is NaN, so the cost
  // is (a log that read NaN's bits as a number gave -17.8, a negative
  // cost, and with mini-batches stored the model).
  const WILD = {
    x: [
      [1e20, 0],
      [1e20, 0],
      [0, 1e20],
      [0, 1e20],
      [1e20, -1e20],
    ],
    y: [1, 1, 1, 1, 0],
    lr: 5,
    epochs: 3,
    logEvery: 1,
  };

  it("names the epoch whose cost a logit over float32's range makes NaN", () =>
    diverges("wild", WILD, null, "cost became NaN at epoch 1: lower lr"));

  it("names that epoch with mini-batches, whose steps stay finite", () =>
    diverges(
      "wild-batches",
      { ...WILD, batchSize: 2, seed: 0 },
      null,
      "cost became NaN at epoch 1: lower lr",
    ));

  it("keeps the head of a model that exists", () =>
    diverges(
      "big",
      { x: [[3e38], [-3e38]], y: [0, 1], lr: 1e38, epochs: 3 },
      1,
      "became -Infinity at epoch 0",
    ));
});

describe("standardize", () => {
  it("names a start that overflows float32 in standardized units", () =>
    // w' = w · scale = 3e38 · 11.18: Infinity as a float32.
    diverges(
      "start",
      { ...FOUR, standardize: true, init: { w: [3e38], b: 0 }, epochs: 0 },
      null,
      "the starting weight of feature 1 is Infinity in standardized units (its scale is 11): start from smaller weights or train without standardize",
    ));

  it("names the class of such a start with many classes", () =>
    diverges(
      "start-softmax",
      {
        x: [[0], [10], [20], [30]],
        y: [0, 1, 2, 2],
        standardize: true,
        init: { w: [[3e38], [0], [0]], b: [0, 0, 0] },
        epochs: 0,
      },
      null,
      "the starting weight of feature 1 of class 0 is Infinity in standardized units",
    ));

  it("names a starting bias that overflows float32 in standardized units", () =>
    // scale 0.11 keeps w' finite; b' = b + w · mean = 3e38 · 100.15 is not.
    diverges(
      "start-bias",
      {
        x: [[100], [100.1], [100.2], [100.3]],
        y: [0, 0, 1, 1],
        standardize: true,
        init: { w: [3e38], b: 0 },
        epochs: 0,
      },
      null,
      "the starting bias is Infinity in standardized units: start from smaller weights",
    ));

  it("names a warm start that overflows float32 in standardized units", () =>
    diverges(
      "warm",
      { ...FOUR, standardize: true, init: { model: "big" }, epochs: 0 },
      null,
      "the starting weight of feature 1 is Infinity in standardized units (its scale is 11)",
    ));

  it("names a held-out row that overflows float32 once standardized", () =>
    // Seed 0 holds out [1e30] and one [1e-30]: the training rows [0] and
    // [1e-30] have scale 5e-31, and (1e30 − mean) / scale is 2e60. Its
    // validation cost at epoch 0 would be NaN (0 · Infinity).
    diverges(
      "held-out",
      {
        x: [[0], [1e30], [1e-30], [1e-30]],
        y: [0, 0, 1, 1],
        standardize: true,
        validation: { fraction: 0.5, seed: 0 },
        epochs: 2,
      },
      null,
      "a held-out row's feature 1 is Infinity once standardized by the training rows (its scale is 5.0e-31): rescale the feature or train without standardize",
    ));

  it("names a weight that overflows float32 in original units", () =>
    diverges(
      "narrow",
      { x: [[1e-45], [0]], y: [0, 1], epochs: 1, standardize: true },
      null,
      "the weight of feature 1 in original units is -Infinity (its scale is 7.0e-46)",
    ));
});
