import { describe, expect, it } from "vitest";
import { distinctN } from "./distinctN.js";
import { buildWordTable } from "./WordTable.js";

describe("distinctN", () => {
  it("counts distinct unigrams and bigrams over all texts", () => {
    const table = buildWordTable([
      ["the", "food", "was", "good"],
      ["the", "food", "was", "cold"],
    ]);
    expect(distinctN(table, 1)).toBeCloseTo(5 / 8, 12);
    // bigrams: the food, food was, was good, was cold → 4 distinct of 6
    expect(distinctN(table, 2)).toBeCloseTo(4 / 6, 12);
  });
});
