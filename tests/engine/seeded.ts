/**
 * A seeded generator for the engine's tests, so that their random data is
 * the same every run: mulberry32, the bench's own (bench/seeded.mjs).
 */
export { generator } from "../../bench/seeded.mjs";
