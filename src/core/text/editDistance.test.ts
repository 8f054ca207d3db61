import { describe, expect, it } from "vitest";
import { editDistance, editSimilarity } from "./editDistance.js";

describe("editDistance", () => {
  it("counts insertions, deletions and substitutions", () => {
    expect(editDistance("kitten", "sitting")).toBe(3);
    expect(editDistance("", "abc")).toBe(3);
    expect(editDistance("same", "same")).toBe(0);
  });

  it("counts a Chinese character or an emoji as one, not as UTF-16 halves", () => {
    expect(editDistance("人流有危险么", "人流有危险吗")).toBe(1);
    expect(editDistance("😀a", "a")).toBe(1);
  });
});

describe("editSimilarity", () => {
  it("is 1 for equal strings, 0 for nothing in common, and one edit over the longer length between", () => {
    expect(editSimilarity("", "")).toBe(1);
    expect(editSimilarity("abc", "xyz")).toBe(0);
    expect(
      editSimilarity("服用金匮肾气丸后再用痔疮栓有不良反应吗", "服用金匮肾气丸再用痔疮栓有不良反应吗"),
    ).toBeCloseTo(1 - 1 / 19);
  });
});
