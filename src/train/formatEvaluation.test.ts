import { describe, expect, it } from "vitest";
import { formatEvaluation } from "./formatEvaluation.js";

const metrics = (accuracy: number, matrix: number[][]) => ({
  examples: 4,
  accuracy,
  macroF1: accuracy,
  microF1: accuracy,
  perClass: {
    negative: { precision: 1, recall: 0.5, f1: 2 / 3, support: 2 },
    positive: { precision: 2 / 3, recall: 1, f1: 0.8, support: 2 },
  },
  confusion: { labels: ["negative", "positive"], matrix },
});

describe("formatEvaluation", () => {
  it("puts base and tuned side by side with per-class scores and confusion matrices", () => {
    const text = formatEvaluation({
      cancelled: false,
      task: "classification",
      labels: ["negative", "positive"],
      results: [
        {
          model: "base",
          dataset: "reference yelp",
          metrics: metrics(0.5, [
            [1, 1],
            [1, 1],
          ]),
        },
        {
          model: "tuned",
          dataset: "reference yelp",
          metrics: metrics(0.75, [
            [1, 1],
            [0, 2],
          ]),
        },
      ],
    });
    expect(text).toContain("reference yelp (4 examples)");
    expect(text).toMatch(/accuracy\s+50\.0%\s+75\.0%/);
    expect(text).toMatch(/negative P\/R\/F1\s+1\.000\/0\.500\/0\.667/);
    expect(text).toContain("confusion of tuned (rows: truth, columns: predicted)");
    expect(text).toMatch(/positive\s+0\s+2/);
  });

  it("adds entity-level P/R/F1 for answers that are entity lists", () => {
    const text = formatEvaluation({
      cancelled: false,
      task: "sft",
      labels: null,
      results: [
        { model: "base", dataset: "held-out", metrics: { examples: 2, exactMatch: 0, rougeL: 0.1 } },
        {
          model: "tuned",
          dataset: "held-out",
          metrics: {
            examples: 2,
            exactMatch: 0.5,
            rougeL: 0.7,
            entityPrecision: 0.5,
            entityRecall: 0.25,
            entityF1: 1 / 3,
          },
        },
      ],
    });
    expect(text).toMatch(/entity P\/R\/F1\s+-\s+0\.500\/0\.250\/0\.333/);
  });
});
