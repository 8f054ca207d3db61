import { describe, expect, it } from "vitest";
import { recipeSchema } from "../core/recipe/recipeSchema.js";
import type { GeneratedRecord } from "../core/record.js";
import type { ReviewRow } from "../store/Store.js";
import { summarizeReviewFeedback } from "./summarizeReviewFeedback.js";

const recipe = recipeSchema.parse({
  name: "waimai",
  language: "zh",
  output: {
    schema: { type: "object", properties: { text: { type: "string" }, label: { type: "string" } } },
    labelField: "label",
  },
  dimensions: { label: ["正面", "负面"] },
  plan: { count: 40 },
  template: { prompt: "写一条{{ label }}评价" },
});

function record(index: number, round = 1): GeneratedRecord {
  const label = index % 2 === 0 ? "正面" : "负面";
  return {
    id: `r-${index}-${round}`,
    status: "accepted",
    data: { text: `第${index}条评价，${label}`, label },
    provenance: {
      runId: "run",
      round,
      slotIndex: index,
      cell: { label },
    } as unknown as GeneratedRecord["provenance"],
    decisions: [],
  };
}

describe("summarizeReviewFeedback", () => {
  const records = Array.from({ length: 40 }, (_, index) => record(index));
  const review = (index: number, verdict: "correct" | "wrong", reason?: string): ReviewRow => ({
    recordId: `r-${index}-1`,
    verdict,
    ...(reason === undefined ? {} : { reason }),
    reviewedAt: "t",
  });

  it("regenerates wrong records, and the older unreviewed records of a cell with many errors, with Chinese guidance", () => {
    // Label 负面 (odd indexes): 2 wrong of 5 reviewed, far over 1.5%; 正面: 0 of 5.
    const reviews = [
      review(1, "wrong", "标签错误: 明明是好评"),
      review(3, "wrong", "离题"),
      review(5, "correct"),
      review(7, "correct"),
      review(9, "correct"),
      ...[0, 2, 4, 6, 8].map((index) => review(index, "correct")),
      { ...review(10, "wrong", "标签错误"), corrected: { text: "改好的评价", label: "负面" } },
    ];
    const later = record(11, 2); // generated after the review: left for the next review
    const feedback = summarizeReviewFeedback([...records, later], reviews, recipe);
    expect(feedback.reasons).toEqual([
      { reason: "标签错误", count: 2 },
      { reason: "离题", count: 1 },
    ]);
    expect(feedback.highErrorCells).toEqual([{ cell: { label: "负面" }, reviewed: 5, wrong: 2 }]);
    const regenerated = feedback.regenerate.map((entry) => entry.recordId);
    expect(regenerated.slice(0, 3)).toEqual(["r-1-1", "r-3-1", "r-10-1"]);
    // Every unreviewed 负面 record of round 1 (indexes 11..39 odd), not the round-2 one, not 正面 ones.
    expect(regenerated.slice(3)).toEqual(
      Array.from({ length: 15 }, (_, position) => `r-${11 + position * 2}-1`),
    );
    expect(feedback.prompt.guidance).toBe(
      "审核人员把之前的一些输出判为错误，原因是：标签错误（2 条）；离题（1 条）。请避免这些问题。",
    );
    expect(Object.values(feedback.prompt.cellGuidance)).toEqual([
      "这个条件下审核发现的错误较多（2/5），主要是：标签错误；离题。请格外注意。",
    ]);
    // The fix first, then the confirmed records.
    expect(feedback.prompt.exemplars[0]).toEqual({
      id: "review:r-10-1",
      fields: { text: "改好的评价", label: "负面" },
      fixed: true,
    });
    expect(feedback.prompt.exemplars).toHaveLength(9);
  });

  it("leaves a cell with one error alone, and has nothing to say without wrong verdicts", () => {
    const one = summarizeReviewFeedback(records, [review(1, "wrong", "离题"), review(3, "correct")], recipe);
    expect(one.highErrorCells).toEqual([]);
    expect(one.regenerate).toEqual([{ recordId: "r-1-1", reason: "human-review: 离题" }]);
    const clean = summarizeReviewFeedback(records, [review(1, "correct")], recipe);
    expect(clean.prompt.guidance).toBeUndefined();
    expect(clean.regenerate).toEqual([]);
  });
});
