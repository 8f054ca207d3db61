import { describe, expect, it } from "vitest";
import { describeOnRealData } from "../../../test/fixtures/quality/realData.js";
import { sampleRows, waimaiRows } from "../../../test/fixtures/quality/reviewRows.js";
import { findExactDuplicates } from "./findExactDuplicates.js";
import { findNearDuplicates } from "./findNearDuplicates.js";
import { jaccard } from "./jaccard.js";
import { lshParameters } from "./lshParameters.js";
import { minHashSignatures, permutationSeeds } from "./minHashSignatures.js";
import { shingleHashes } from "./shingleHashes.js";
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

describe("minHashSignatures", () => {
  it("gives the same signatures in worker threads as in this thread", async () => {
    const texts = Array.from(
      { length: 300 },
      (_, index) =>
        `record ${index} says the soup number ${index % 17} was ${index % 5 === 0 ? "cold" : "hot"} and fine`,
    );
    const sets = shingleHashes(texts, { mode: "words" });
    const permutations = permutationSeeds(128, 1);
    const here = await minHashSignatures(sets, permutations, { parallelAbove: Number.POSITIVE_INFINITY });
    const threads = await minHashSignatures(sets, permutations, { parallelAbove: 0 });
    expect(threads).toHaveLength(300 * 128);
    expect(Array.from(threads)).toEqual(Array.from(here));
  });

  it("estimates Jaccard: the share of equal signature values is close to the exact value", async () => {
    const a = Array.from({ length: 60 }, (_, index) => `w${index}`).join(" ");
    const b = Array.from({ length: 60 }, (_, index) => `w${index < 45 ? index : index + 100}`).join(" ");
    const sets = shingleHashes([a, b], { mode: "words" });
    const exact = jaccard(sets[0]!, sets[1]!);
    const signatures = await minHashSignatures(sets, permutationSeeds(128, 3));
    let equal = 0;
    for (let p = 0; p < 128; p += 1) if (signatures[p] === signatures[128 + p]) equal += 1;
    expect(Math.abs(equal / 128 - exact)).toBeLessThan(0.15);
  });
});

describeOnRealData("findNearDuplicates on ../shared/data", () => {
  it("finds every planted copy among 3,000 real waimai reviews and keeps the original", async () => {
    const reviews = sampleRows(
      waimaiRows().filter((row) => row.text.length >= 30),
      2600,
      17,
    ).map((row) => row.text);
    // 400 planted copies, each an earlier review with a changed ending: Jaccard ≥ 0.96.
    const texts = [...reviews];
    const planted = new Map<number, number>();
    for (let index = 0; index < 400; index += 1) {
      const source = index * 6;
      planted.set(texts.length, source);
      texts.push(`${reviews[source]!}！`);
    }
    const result = await findNearDuplicates(texts, { mode: "characters" });
    for (const [copy, source] of planted) {
      expect(result.duplicateOf[source]).toBe(-1);
      expect(result.duplicateOf[copy]).not.toBe(-1);
      expect(result.similarity[copy]).toBeGreaterThanOrEqual(0.7);
    }
  });
});
