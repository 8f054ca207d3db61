import { describe, expect, it } from "vitest";
import { compareVariety, distinctNgrams } from "./varietyComparison.js";

const words = (text: string) => text.split(" ");

describe("distinctNgrams", () => {
  it("counts distinct n-grams over all n-grams, each taken within one text", () => {
    const texts = [words("the food was good"), words("the food was bad")];
    expect(distinctNgrams(texts, 1)).toBeCloseTo(5 / 8);
    expect(distinctNgrams(texts, 2)).toBeCloseTo(4 / 6);
    expect(distinctNgrams(texts, 3)).toBeCloseTo(3 / 4);
    // No n-gram crosses from one text into the next.
    expect(distinctNgrams([words("a b"), words("c d")], 3)).toBe(0);
  });
});

describe("compareVariety", () => {
  const repetitive = Array.from({ length: 40 }, (_, index) =>
    words(`the food was delicious and the service was great ${index}`),
  );
  const varied = Array.from({ length: 400 }, (_, index) =>
    words(`w${index} x${index % 7} y${index * 3} z${index % 11} ok`),
  );

  it("measures both sides at the same count, the larger one drawn down to the smaller", () => {
    const comparison = compareVariety(repetitive, varied)!;
    expect(comparison.texts).toBe(40);
    expect(comparison.dataset.distinct2).toBeLessThan(comparison.reference.distinct2);
    expect(comparison.ratio.distinct2).toBeCloseTo(
      comparison.dataset.distinct2 / comparison.reference.distinct2,
    );
    expect(comparison.dataset.selfBleu).toBeGreaterThan(comparison.reference.selfBleu);
    expect(comparison.ratio.selfBleu!).toBeGreaterThan(1);
  });

  it("gives the same figures for the same inputs, and 1 for a set against itself", () => {
    expect(compareVariety(repetitive, varied)).toEqual(compareVariety(repetitive, varied));
    expect(compareVariety(varied.slice(0, 50), varied.slice(0, 50))!.ratio.distinct2).toBe(1);
  });

  it("is undefined with fewer than two texts on a side", () => {
    expect(compareVariety([words("one text")], varied)).toBeUndefined();
  });
});
