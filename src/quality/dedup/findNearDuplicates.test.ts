import { describe, expect, it } from "vitest";
import { findExactDuplicates } from "./findExactDuplicates.js";
import { findNearDuplicates } from "./findNearDuplicates.js";
import { jaccard } from "./jaccard.js";
import { lshParameters } from "./lshParameters.js";
import { shingleText } from "./shingleText.js";

const english = [
  "The delivery was quick and the noodles were still hot when they arrived at my door",
  "I ordered the spicy chicken and it was far too salty to finish, never again",
  "Great service from the staff, they remembered my order from last week",
  "The delivery was quick and the noodles were still hot when they arrived at my door!!",
  "The soup was cold and the rice was hard, the worst meal I have had this month",
  "I ordered the spicy chicken and it was far too salty to finish, never again sadly",
];

describe("findNearDuplicates", () => {
  it("uses the same bands as datasketch for 128 permutations at 0.7", () => {
    expect(lshParameters(0.7, 128)).toEqual({ bands: 14, rows: 9 });
  });

  it("finds planted English near-duplicates and keeps the earliest of each", async () => {
    const result = await findNearDuplicates(english, { mode: "words" });
    expect(Array.from(result.duplicateOf)).toEqual([-1, -1, -1, 0, -1, 1]);
    expect(result.similarity[5]).toBeGreaterThanOrEqual(0.7);
    expect(result.clusters.map((cluster) => cluster.keep)).toEqual([0, 1]);
  });

  it("finds Chinese near-duplicates by character 5-grams", async () => {
    const texts = [
      "送餐速度很快，味道也不错，就是分量有点少，下次还会再点这家的外卖",
      "等了两个小时才送到，饭菜全凉了，打电话给商家也没人接，太差劲了",
      "送餐速度很快，味道也不错，就是分量有点少，下次还会再点这家的外卖。",
      "包装很精致，菜品新鲜，配送小哥态度也很好，五星好评推荐大家",
    ];
    const result = await findNearDuplicates(texts, { mode: "characters" });
    expect(Array.from(result.duplicateOf)).toEqual([-1, -1, 0, -1]);
  });

  it("verifies candidates: texts below the threshold stay", async () => {
    const a = "one two three four five six seven eight nine ten eleven twelve";
    const b = "one two three four five six seven eight alpha beta gamma delta";
    expect(jaccard(Uint32Array.from([1, 2, 3]), Uint32Array.from([2, 3, 4]))).toBeCloseTo(0.5, 12);
    const shinglesA = new Set(shingleText(a, "words"));
    const shared = shingleText(b, "words").filter((shingle) => shinglesA.has(shingle)).length;
    expect(shared).toBe(4);
    const result = await findNearDuplicates([a, b], { mode: "words" });
    expect(Array.from(result.duplicateOf)).toEqual([-1, -1]);
  });
});

describe("findExactDuplicates", () => {
  it("matches after NFKC, lower-casing and whitespace collapsing", () => {
    const result = findExactDuplicates(["Great  food", "great food", "ＧＲＥＡＴ food ", "Other"]);
    expect(Array.from(result)).toEqual([-1, 0, 0, -1]);
  });
});
