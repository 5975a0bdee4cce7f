/**
 * PyTorch's default initial weights for the logistic model, bit for bit.
 *
 * `torch.manual_seed(seed); nn.Linear(features, 1)` on the CPU (PyTorch 1.13)
 * gives float32 weights and bias that this module recomputes exactly, so a
 * seeded model here starts where the lab's model starts. The pieces mirrored:
 *
 * - `CPUGeneratorImpl::set_current_seed` builds a fresh `at::mt19937`, whose
 *   `mt19937_engine::init_with_uint32` keeps only `seed & 0xffffffff`: seeds
 *   that differ only above bit 31 (1 and 2**32 + 1) give the same numbers.
 * - `at::mt19937_engine::operator()` is the standard MT19937 (Matsumoto and
 *   Nishimura's init_genrand seeding, twist and tempering).
 * - `nn.Linear.reset_parameters` calls `init.kaiming_uniform_(weight,
 *   a=math.sqrt(5))`, i.e. bound = sqrt(3) * sqrt(2 / (1 + a**2)) /
 *   sqrt(fan_in) in float64, then `weight.uniform_(-bound, bound)`; then
 *   `bias.uniform_(-1 / sqrt(fan_in), 1 / sqrt(fan_in))`. Weight first, in
 *   storage order, then the bias, all from the same stream.
 * - `uniform_` on a float32 CPU tensor is `templates::cpu::uniform_kernel`
 *   (serial, one element after another) with
 *   `at::uniform_real_distribution<float>`, which takes one 32-bit draw
 *   (`CPUGeneratorImpl::random`, not `random64`) per element, and
 *   `transformation::uniform_real<float>`:
 *   `x = (draw & (2^24 - 1)) * 2^-24` (float, exact), then
 *   `x * (to - from) + from` in float, with `from` and `to` first cast from
 *   double to float.
 *
 * That last line is compiled into each of ATen's per-CPU kernels. The AVX2
 * and AVX512 ones (what x86-64 machines with AVX2 run by default) are built
 * with FMA enabled and the compiler contracts the expression into a fused
 * multiply-add, rounding to float32 once: measured against real torch, every
 * draw matches that and about half differ from rounding twice. The reference
 * values match it too. The no-AVX kernel (`ATEN_CPU_CAPABILITY=default`)
 * rounds the product first; it is not mirrored.
 */

import type { LinearWeights } from "./weights";

const stateSize = 624;
const shiftSize = 397;
const matrixA = 0x9908b0df;
const upperMask = 0x80000000;
const lowerMask = 0x7fffffff;

/**
 * Where an `Mt19937` is in its stream, as plain data: a training that pauses
 * saves it and resumes from it.
 */
export interface Mt19937State {
  readonly words: Uint32Array;
  /** The next word to temper; 624 means the words must twist first. */
  index: number;
}

/**
 * The 32-bit Mersenne Twister MT19937 exactly as `at::mt19937` seeds and
 * runs it. The default seed 5489 is the C++ standard's; its 10000th output
 * is 4123659995.
 */
export class Mt19937 {
  /** The generator's whole state; it advances as the generator draws. */
  readonly state: Mt19937State;

  /**
   * Seed like `torch.manual_seed(seed)` does for the CPU generator, or go on
   * from a saved `state` (which the generator then advances).
   * @param seed an integer in [0, 2**53 - 1]; only its low 32 bits matter,
   *   as in `init_with_uint32`. Not validated here.
   */
  constructor(seed: number | Mt19937State = 5489) {
    if (typeof seed !== "number") {
      this.state = seed;
      return;
    }
    const words = new Uint32Array(stateSize);
    // `% 2 ** 32` rather than `| 0`: the seed may exceed 32 bits, and a JS
    // number holds it exactly up to 2**53, so the remainder is exact.
    words[0] = seed % 2 ** 32;
    for (let j = 1; j < stateSize; j++) {
      const previous = words[j - 1];
      // Math.imul multiplies modulo 2**32 as uint32_t does in C++; the
      // Uint32Array store wraps the `+ j` the same way.
      words[j] = Math.imul(1812433253, previous ^ (previous >>> 30)) + j;
    }
    this.state = { words, index: stateSize };
  }

  /** The next output, an integer in [0, 2**32 - 1]. */
  nextUint32(): number {
    const state = this.state;
    if (state.index >= stateSize) this.twist();
    let y = state.words[state.index];
    state.index++;
    y ^= y >>> 11;
    y ^= (y << 7) & 0x9d2c5680;
    y ^= (y << 15) & 0xefc60000;
    y ^= y >>> 18;
    return y >>> 0;
  }

  // Regenerates all 624 words at once, as `next_state` does; written with
  // modular indices instead of its three pointer loops, same result.
  private twist(): void {
    const words = this.state.words;
    for (let i = 0; i < stateSize; i++) {
      const y =
        (words[i] & upperMask) | (words[(i + 1) % stateSize] & lowerMask);
      let next = words[(i + shiftSize) % stateSize] ^ (y >>> 1);
      if ((y & 1) !== 0) next ^= matrixA;
      words[i] = next;
    }
    this.state.index = 0;
  }
}

// Scratch space to read and step the bits of a float64 (big-endian order is
// chosen explicitly so the code does not depend on the platform's).
const scratch = new DataView(new ArrayBuffer(8));

/**
 * a * b + c rounded once to float32, for float32 inputs a, b, c: what the
 * fused multiply-add instruction in ATen's AVX2 kernel computes.
 */
function fusedMultiplyAddFloat32(a: number, b: number, c: number): number {
  // Two 24-bit significands multiply into at most 48 bits: exact in float64.
  const product = a * b;
  // The sum may not be exact in float64. Knuth's TwoSum gives the rounding
  // error exactly, so sum + error is the exact a * b + c.
  const sum = product + c;
  const cPart = sum - product;
  const productPart = sum - cPart;
  const error = product - productPart + (c - cPart);
  if (error === 0) return Math.fround(sum);
  // Rounding float64 to float32 after rounding the exact value to float64
  // can land on the wrong side of a float32 tie. Rounding to odd instead
  // (the float64 neighbour with an odd last bit, on the side of the exact
  // value) is safe: 53 bits >= 24 + 2, so Math.fround of it is correct.
  scratch.setFloat64(0, sum);
  if ((scratch.getUint32(4) & 1) === 0) {
    // Moving one unit in the last place away from zero or toward it is a
    // +1 or -1 on the bit pattern (sum is nonzero, since error is).
    const awayFromZero = error > 0 === sum > 0;
    const bits = scratch.getBigUint64(0);
    scratch.setBigUint64(0, awayFromZero ? bits + 1n : bits - 1n);
  }
  return Math.fround(scratch.getFloat64(0));
}

/**
 * One element of `tensor.uniform_(from, to)` on a float32 CPU tensor, as
 * `transformation::uniform_real<float>` computes it from one 32-bit draw of
 * `gen` (see the module comment for the fused multiply-add).
 * @returns a float32 value in [from, to], as a JS number.
 */
export function torchUniformFloat32(
  gen: Mt19937,
  from: number,
  to: number,
): number {
  // uniform_kernel casts the double bounds to float before anything else.
  const fromFloat = Math.fround(from);
  const toFloat = Math.fround(to);
  const range = Math.fround(toFloat - fromFloat);
  // 24 random bits fill a float32 significand exactly.
  const x = (gen.nextUint32() & 0xffffff) * 2 ** -24;
  return fusedMultiplyAddFloat32(x, range, fromFloat);
}

/**
 * The weight and bias of `torch.manual_seed(seed); nn.Linear(features,
 * outputs)`: `kaiming_uniform_` of the weight (a = sqrt(5)), then the bias
 * uniform in ±1/sqrt(features), drawn in that order from one generator.
 * @param features the input size (fan_in); an integer >= 1, not validated.
 * @param outputs the output size; an integer >= 1, not validated.
 * @param seed an integer in [0, 2**53 - 1]; not validated.
 * @returns `w` (outputs × features, row-major: weight[k][j] is
 *   w[k·features + j]) and `b` (outputs), float32 as PyTorch holds them.
 */
export function torchLinearLayer(
  features: number,
  outputs: number,
  seed: number,
): LinearWeights {
  const gen = new Mt19937(seed);
  // kaiming_uniform_ with a = sqrt(5), step by step in float64 as Python
  // does it (Python's a ** 2 is pow(a, 2), which equals a * a exactly).
  const a = Math.sqrt(5);
  const gain = Math.sqrt(2 / (1 + a * a));
  const std = gain / Math.sqrt(features);
  const weightBound = Math.sqrt(3) * std;
  const w = new Float32Array(outputs * features);
  for (let q = 0; q < w.length; q++) {
    w[q] = torchUniformFloat32(gen, -weightBound, weightBound);
  }
  const biasBound = 1 / Math.sqrt(features);
  const b = new Float32Array(outputs);
  for (let k = 0; k < outputs; k++) {
    b[k] = torchUniformFloat32(gen, -biasBound, biasBound);
  }
  return { w, b };
}
