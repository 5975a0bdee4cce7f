import { describe, it, expect } from "vitest";
import fixture from "../fixtures/torch-init.json";
import {
  Mt19937,
  torchLinearLayer,
  torchUniformFloat32,
} from "../../src/engine/torch-init";

// The requirement is equal float32 bit patterns, so that is what is compared;
// a mismatch then shows as two integers rather than two near-equal decimals.
function float32Bits(x: number): number {
  return new Uint32Array(new Float32Array([x]).buffer)[0];
}

describe("Mt19937", () => {
  it("gives the C++ standard's check value for the default seed", () => {
    // [rand.predef]: the 10000th output of mt19937 seeded with 5489.
    const gen = new Mt19937(5489);
    let value = 0;
    for (let i = 0; i < 10000; i++) value = gen.nextUint32();
    expect(value).toBe(4123659995);
  });

  it("ignores seed bits above bit 31, like init_with_uint32", () => {
    const low = new Mt19937(1);
    const high = new Mt19937(2 ** 32 + 1);
    for (let i = 0; i < 1000; i++) {
      expect(high.nextUint32()).toBe(low.nextUint32());
    }
  });
});

describe("torchUniformFloat32", () => {
  it("returns float32 values within [from, to]", () => {
    const gen = new Mt19937(7);
    for (let i = 0; i < 1000; i++) {
      const x = torchUniformFloat32(gen, -0.25, 0.75);
      expect(Math.fround(x)).toBe(x);
      expect(x).toBeGreaterThanOrEqual(-0.25);
      expect(x).toBeLessThanOrEqual(0.75);
    }
  });
});

describe("torchLinearLayer of one output", () => {
  it("matches torch.manual_seed(1); nn.Linear(8, 1) from the lab", () => {
    // shared/reference/README.md, `init W` / `b`.
    const expectedW = [
      0.18217304348945618, -0.15605077147483826, -0.06854038685560226,
      0.16594697535037994, -0.3328481912612915, 0.21203206479549408,
      -0.07273487746715546, 0.17986811697483063,
    ];
    const expectedB = 0.049149926751852036;
    const { w, b } = torchLinearLayer(8, 1, 1);
    expect(w.length).toBe(8);
    for (let j = 0; j < 8; j++) {
      expect(float32Bits(w[j])).toBe(float32Bits(expectedW[j]));
      expect(w[j]).toBe(expectedW[j]);
    }
    expect(float32Bits(b[0])).toBe(float32Bits(expectedB));
    expect(b[0]).toBe(expectedB);
  });

  it("has fixture cases from the generator", () => {
    expect(fixture.cases.length).toBeGreaterThan(50);
  });

  for (const c of fixture.cases) {
    it(`matches PyTorch bit for bit: seed ${c.seed}, ${c.features} features`, () => {
      const { w, b } = torchLinearLayer(c.features, 1, c.seed);
      expect(w.length).toBe(c.features);
      for (let j = 0; j < c.features; j++) {
        expect(float32Bits(w[j]), `w[${j}]`).toBe(c.wBits[j]);
        expect(w[j], `w[${j}]`).toBe(c.w[j]);
      }
      expect(float32Bits(b[0]), "b").toBe(c.bBits);
      expect(b[0], "b").toBe(c.b);
    });
  }
});
