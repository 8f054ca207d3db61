import { describe, expect, it } from "vitest";
import { spotCheckStatistics } from "./spotCheckStatistics.js";

describe("spotCheckStatistics", () => {
  it("gives the Wilson interval and warns when the sample cannot certify the threshold", () => {
    const reviews = Array.from({ length: 30 }, (_, index) => ({
      recordId: `r-${index}`,
      verdict: index === 0 ? ("wrong" as const) : ("correct" as const),
      reason: index === 0 ? "off topic" : undefined,
      reviewedAt: "t",
    }));
    const statistics = spotCheckStatistics(reviews, undefined, 0.015);
    expect(statistics.errorRate.value).toBeCloseTo(1 / 30, 12);
    expect(statistics.errorRate.upper).toBeGreaterThan(0.015);
    expect(statistics.warning).toMatch(/cannot certify an error rate ≤ 1\.5%/);
    expect(statistics.reasons).toEqual([{ reason: "off topic", count: 1 }]);
  });

  it("counts errors by condition and the reviews still needed at the current rate", () => {
    const reviews = Array.from({ length: 40 }, (_, index) => ({
      recordId: `r-${index}`,
      verdict: index < 2 ? ("wrong" as const) : ("correct" as const),
      reason: index < 2 ? "wrong label" : undefined,
      reviewedAt: "t",
    }));
    const cells = new Map(
      reviews.map((review, index) => [review.recordId, { label: index % 2 === 0 ? "neg" : "pos" }]),
    );
    const statistics = spotCheckStatistics(reviews, undefined, 0.015, cells);
    expect(statistics.byCondition).toEqual([
      { condition: "label=neg", reviewed: 20, wrong: 1 },
      { condition: "label=pos", reviewed: 20, wrong: 1 },
    ]);
    // 2 of 40 is 5%, over the 1.5% gate: no number of reviews at that rate clears it.
    expect(statistics.moreNeeded).toBeNull();
    const clean = spotCheckStatistics(reviews.slice(2), undefined, 0.015);
    expect(clean.moreNeeded).toBe(253 - 38);
    expect(clean.byCondition).toBeUndefined();
  });
});
