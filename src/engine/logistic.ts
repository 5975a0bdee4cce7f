/**
 * The logistic model's losses, and the scalar math the kernel works out for
 * them (src/engine/wasm/epoch-pass.wat; the plain JavaScript of each
 * formula, which the tests check the kernel against, is
 * tests/engine/plain-logistic.ts).
 *
 * Hypothesis: h = sigmoid(z) = 1/(1 + e^-z), z = x·w + b, for one row.
 * - "lab": the lab's low-level cost −(y·log h + (1−y)·log(1−h)), worked
 *   out from the logit as softplus((1 − 2y)·z), softplus(t) = max(t, 0) +
 *   log1p(e^−|t|), so it never overflows nor takes log(0); its slope
 *   dcost/dz = h − y in float64.
 * - "bce": `F.binary_cross_entropy` of the float32 h, as PyTorch has it:
 *   −max(log(y·h + (1−y)·(1−h)), −100); its slope is PyTorch's backward,
 *   (h − y)/max(h(1−h), 1e-12) times h(1−h): h − y, except where h has
 *   saturated in float32 and the clamped log has no slope.
 * The kernel works these out with the same bits in its float64 passes
 * (probabilities, the mini-batch and weighted passes) and to float32's
 * rounding in the full-batch epochs (gradient.ts).
 */

/** The two costs the lab prints; they agree except where h saturates. */
export type Loss = "lab" | "bce";
