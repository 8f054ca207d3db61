import { describe, expect, it } from "vitest";
import { shannonEntropy } from "./shannonEntropy.js";

describe("shannonEntropy", () => {
  it("is log2(V) bits for a uniform distribution, normalised to 1", () => {
    const result = shannonEntropy([5, 5, 5, 5, 5, 5, 5, 5]);
    expect(result.entropy).toBeCloseTo(3, 12);
    expect(result.normalizedEntropy).toBeCloseTo(1, 12);
    expect(result.vocabularySize).toBe(8);
    expect(result.words).toBe(40);
  });

  it("matches the hand-computed value of a skewed distribution", () => {
    // p = 1/2, 1/4, 1/4: H = 0.5·1 + 2·0.25·2 = 1.5 bits; log2(3) = 1.58496...
    const result = shannonEntropy([2, 1, 1]);
    expect(result.entropy).toBeCloseTo(1.5, 12);
    expect(result.normalizedEntropy).toBeCloseTo(1.5 / Math.log2(3), 12);
  });

  it("is 0 for a single word", () => {
    expect(shannonEntropy([7]).entropy).toBe(0);
    expect(shannonEntropy([7]).normalizedEntropy).toBe(0);
  });
});
