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
});
