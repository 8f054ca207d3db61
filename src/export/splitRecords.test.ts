import { describe, expect, it } from "vitest";
import { parseSplit, splitRecords } from "./splitRecords.js";

describe("splitRecords", () => {
  const items = Array.from({ length: 100 }, (_, index) => ({ index, label: index < 30 ? "a" : "b" }));

  it("puts every item in exactly one split with the requested sizes", () => {
    const result = splitRecords(items, { train: 0.8, validation: 0.1, test: 0.1 }, 1);
    expect([result.train.length, result.validation.length, result.test.length]).toEqual([80, 10, 10]);
    const seen = [...result.train, ...result.validation, ...result.test]
      .map((item) => item.index)
      .sort((a, b) => a - b);
    expect(seen).toEqual(items.map((item) => item.index));
  });

  it("stratifies by label", () => {
    const result = splitRecords(items, { train: 0.5, validation: 0.5, test: 0 }, 2, (item) => item.label);
    expect(result.validation.filter((item) => item.label === "a")).toHaveLength(15);
    expect(result.test).toEqual([]);
  });

  it("depends on the seed only", () => {
    const shares = { train: 0.7, validation: 0.3, test: 0 };
    expect(splitRecords(items, shares, 5)).toEqual(splitRecords(items, shares, 5));
    expect(splitRecords(items, shares, 5).train).not.toEqual(splitRecords(items, shares, 6).train);
  });
});

describe("parseSplit", () => {
  it("reads fractions and percentages", () => {
    expect(parseSplit("0.8,0.1,0.1")).toEqual({ train: 0.8, validation: 0.1, test: 0.1 });
    expect(parseSplit("90, 10")).toEqual({ train: 0.9, validation: 0.1, test: 0 });
  });
  it("refuses shares that do not add up", () => {
    expect(parseSplit("0.8,0.3")).toBeUndefined();
    expect(parseSplit("a,b")).toBeUndefined();
    expect(parseSplit("0.5,0.5,0,0")).toBeUndefined();
  });
});
