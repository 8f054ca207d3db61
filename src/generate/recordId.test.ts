import { describe, expect, it } from "vitest";
import { deriveSeed } from "./deriveSeed.js";
import { recordId } from "./recordId.js";

describe("recordId", () => {
  it("is the same for the same run, slot and attempt, and different otherwise", () => {
    expect(recordId("run", 3, 1)).toBe(recordId("run", 3, 1));
    const ids = new Set<string>();
    for (const run of ["run", "other"]) {
      for (let slot = 0; slot < 50; slot += 1)
        for (let attempt = 0; attempt < 4; attempt += 1) ids.add(recordId(run, slot, attempt));
    }
    expect(ids.size).toBe(400);
  });
});

describe("deriveSeed", () => {
  it("is reproducible, distinct per call, and within a 31-bit range", () => {
    const seeds = new Set<number>();
    for (let slot = 0; slot < 200; slot += 1) {
      for (let attempt = 0; attempt < 5; attempt += 1) {
        const seed = deriveSeed(42, slot, attempt);
        expect(seed).toBe(deriveSeed(42, slot, attempt));
        expect(seed).toBeGreaterThanOrEqual(0);
        expect(seed).toBeLessThan(2 ** 31);
        seeds.add(seed);
      }
    }
    expect(seeds.size).toBe(1000);
    expect(deriveSeed(43, 0, 0)).not.toBe(deriveSeed(42, 0, 0));
  });
});
