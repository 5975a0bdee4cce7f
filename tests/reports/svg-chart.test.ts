/**
 * The shared chart pieces: nice ticks, tick labels, escaping, and the reader
 * the other report tests use to check well-formedness.
 */
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { formatTick, niceTicks } from "../../src/reports/nice-ticks";
import { escapeXml, linePath, svgDocument } from "../../src/reports/svg-chart";
import { parseXml } from "./xml";

describe("niceTicks", () => {
  it("steps 0..1 by 0.2, each tick the double nearest its decimal", () => {
    const t = niceTicks(0, 1);
    expect(t.step).toBe(0.2);
    // 3 * 0.2 would be 0.6000000000000001.
    expect(t.values).toEqual([0, 0.2, 0.4, 0.6, 0.8, 1]);
  });

  it("widens the lab's cost range to multiples of 0.05", () => {
    const t = niceTicks(0.480661, 0.693147);
    expect(t).toEqual({
      lo: 0.45,
      hi: 0.7,
      step: 0.05,
      values: [0.45, 0.5, 0.55, 0.6, 0.65, 0.7],
    });
  });

  it("uses 1, 2 and 5 times a power of ten", () => {
    expect(niceTicks(0, 100).step).toBe(20);
    expect(niceTicks(0, 1000, 6).step).toBe(200);
    expect(niceTicks(0, 12).step).toBe(5);
    expect(niceTicks(65.35, 76.68).step).toBe(5);
    expect(niceTicks(0.001, 0.0042).step).toBe(0.001);
    expect(niceTicks(-3.2, 7.9).values).toEqual([-5, 0, 5, 10]);
  });

  it("keeps integer steps for integer axes", () => {
    expect(niceTicks(0, 3, 6).step).toBe(0.5);
    expect(niceTicks(0, 3, 6, true).values).toEqual([0, 1, 2, 3]);
    expect(niceTicks(0, 1, 6, true).values).toEqual([0, 1]);
  });

  it("widens an empty range", () => {
    expect(niceTicks(0, 0).values).toEqual([-1, -0.5, 0, 0.5, 1]);
    const t = niceTicks(0.5, 0.5);
    expect(t.lo).toBeLessThan(0.5);
    expect(t.hi).toBeGreaterThan(0.5);
  });

  it("covers any range with 2 to count + 2 intervals of a 1-2-5 step", () => {
    const finite = fc.double({ min: -1e9, max: 1e9, noNaN: true });
    fc.assert(
      fc.property(finite, finite, (a, b) => {
        const [min, max] = a < b ? [a, b] : [b, a];
        fc.pre(max - min > 1e-6 * Math.max(1, Math.abs(max)));
        const t = niceTicks(min, max);
        expect(t.lo).toBeLessThanOrEqual(min);
        expect(t.hi).toBeGreaterThanOrEqual(max);
        const mantissa = t.step / 10 ** Math.floor(Math.log10(t.step) + 1e-9);
        expect([1, 2, 5]).toContain(Math.round(mantissa * 1e6) / 1e6);
        const intervals = t.values.length - 1;
        expect(intervals).toBeGreaterThanOrEqual(2);
        expect(intervals).toBeLessThanOrEqual(7);
        for (let k = 1; k < t.values.length; k++) {
          const gap = t.values[k] - t.values[k - 1];
          expect(Math.abs(gap - t.step)).toBeLessThanOrEqual(t.step * 1e-9);
        }
      }),
    );
  });
});

describe("formatTick", () => {
  it("shows the decimals the step needs", () => {
    expect(formatTick(0.45, 0.05)).toBe("0.45");
    expect(formatTick(0.4, 0.2)).toBe("0.4");
    expect(formatTick(0, 0.2)).toBe("0.0");
    expect(formatTick(100, 20)).toBe("100");
    expect(formatTick(20000, 5000)).toBe("20000");
    expect(formatTick(0.003, 0.001)).toBe("0.003");
  });

  it("never shows -0", () => {
    expect(formatTick(-0, 1)).toBe("0");
    expect(formatTick(-1e-17, 0.1)).toBe("0.0");
  });
});

describe("escapeXml and svgDocument", () => {
  it("escapes the five XML specials", () => {
    expect(escapeXml(`a<b & "c" > 'd'`)).toBe(
      "a&lt;b &amp; &quot;c&quot; &gt; &apos;d&apos;",
    );
  });

  it("writes a standalone SVG whose title round-trips", () => {
    const title = `model <x> & "y"`;
    const root = parseXml(svgDocument(640, 400, title, []));
    expect(root.name).toBe("svg");
    expect(root.attributes).toMatchObject({
      xmlns: "http://www.w3.org/2000/svg",
      width: "640",
      height: "400",
      viewBox: "0 0 640 400",
    });
    expect(root.children.find((e) => e.name === "title")?.text).toBe(title);
    expect(root.children.find((e) => e.name === "text")?.text).toBe(title);
  });
});

describe("linePath", () => {
  it("breaks the line at a non-finite point instead of writing NaN", () => {
    const path = linePath(
      [
        [1, 2],
        [3, NaN],
        [5, 6],
        [7, 8],
      ],
      "#000",
    );
    expect(path).toContain('d="M1 2M5 6L7 8"');
    expect(linePath([[NaN, 1]], "#000")).toBe("");
  });
});

describe("parseXml", () => {
  it("rejects what is not well-formed", () => {
    expect(() => parseXml("<a><b></a>")).toThrow();
    expect(() => parseXml("<a>x & y</a>")).toThrow();
    expect(() => parseXml('<a t="1" t="2"/>')).toThrow();
    expect(() => parseXml("<a>")).toThrow();
    expect(() => parseXml("<a/><b/>")).toThrow();
    expect(parseXml('<a t="&lt;"><b/>x &amp; y</a>').text).toBe("x & y");
  });
});
