/**
 * For the tests that hold a kernel's numbers to a plain loop's to the bit
 * (softmax-kernel.test.ts, batch-gradient.test.ts).
 */
import { expect } from "vitest";

/**
 * The indices where `a` and `b` are not the same value by `Object.is` (NaN
 * equal to NaN, 0 not equal to −0), after checking their lengths agree.
 */
export function differences(
  a: ArrayLike<number>,
  b: ArrayLike<number>,
): number[] {
  expect(a.length).toBe(b.length);
  const at: number[] = [];
  for (let i = 0; i < a.length; i++) if (!Object.is(a[i], b[i])) at.push(i);
  return at;
}
