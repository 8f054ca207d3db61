import { describe, expect, it } from "vitest";
import { annotationGates, annotationStatistics } from "./annotationStatistics.js";

describe("annotationStatistics", () => {
  const rows = [
    { status: "confirmed" as const, votes: ["a", "a", "a"], label: "a" },
    { status: "confirmed" as const, votes: ["b", "b", "a"], label: "b" },
    { status: "disputed" as const, votes: ["a", "b", "c"], label: "a" },
    { status: "reviewed" as const, votes: ["c", "b", "a"], label: "c" },
    { status: "failed" as const, votes: [], label: undefined },
  ];
  const statistics = annotationStatistics(rows, ["a", "b", "c"], { votes: 3, minimumAgreement: 2 });

  it("counts rows by status and the confirmed share of annotated rows", () => {
    expect(statistics).toMatchObject({
      rows: 5,
      annotated: 4,
      confirmed: 2,
      disputed: 1,
      reviewed: 1,
      failed: 1,
    });
    expect(statistics.confirmedShare.value).toBeCloseTo(0.5, 10);
    expect(statistics.agreementRate).toBeCloseTo((1 + 2 / 3 + 1 / 3 + 1 / 3) / 4, 10);
    expect(statistics.labelCounts).toEqual({ a: 2, b: 1, c: 1 });
    expect(statistics.kappa.items).toBe(4);
    expect(statistics.vacuous).toBe(false);
  });

  it("says when 2 of 3 can never dispute a row (two labels)", () => {
    expect(annotationStatistics([], ["yes", "no"], { votes: 3, minimumAgreement: 2 }).vacuous).toBe(true);
    expect(annotationStatistics([], ["yes", "no"], { votes: 3, minimumAgreement: 3 }).vacuous).toBe(false);
  });

  it("gates the confirmed share, and is off with a null threshold", () => {
    expect(annotationGates(statistics, 0.9)[0]).toMatchObject({ status: "fail", value: 0.5 });
    expect(annotationGates(statistics, 0.5)[0]).toMatchObject({ status: "pass" });
    expect(annotationGates(statistics, null)).toEqual([]);
  });
});
