import { describe, expect, it } from "vitest";
import { fleissKappa } from "./fleissKappa.js";

describe("fleissKappa", () => {
  it("reproduces the worked example of Fleiss (1971) as given on Wikipedia: κ ≈ 0.210", () => {
    // 10 subjects, 14 raters, 5 categories; each row is how many raters chose each category.
    const rows = [
      [0, 0, 0, 0, 14],
      [0, 2, 6, 4, 2],
      [0, 0, 3, 5, 6],
      [0, 3, 9, 2, 0],
      [2, 2, 8, 1, 1],
      [7, 7, 0, 0, 0],
      [3, 2, 6, 3, 0],
      [2, 5, 3, 2, 2],
      [6, 5, 2, 1, 0],
      [0, 2, 2, 3, 7],
    ];
    const names = ["1", "2", "3", "4", "5"];
    const items = rows.map((row) => row.flatMap((count, index) => Array<string>(count).fill(names[index]!)));
    const result = fleissKappa(items, names);
    expect(result.items).toBe(10);
    expect(result.raters).toBe(14);
    expect(result.observed).toBeCloseTo(0.378, 3);
    expect(result.expected).toBeCloseTo(0.213, 3);
    expect(result.kappa).toBeCloseTo(0.21, 2);
    expect(result.categories["1"]!.share).toBeCloseTo(0.143, 3);
  });

  it("is 1 for perfect agreement across categories and negative for systematic disagreement", () => {
    const perfect = fleissKappa(
      [
        ["a", "a", "a"],
        ["b", "b", "b"],
      ],
      ["a", "b"],
    );
    expect(perfect.kappa).toBeCloseTo(1, 10);
    expect(perfect.categories.a!.kappa).toBeCloseTo(1, 10);
    const split = fleissKappa(
      [
        ["a", "b"],
        ["b", "a"],
      ],
      ["a", "b"],
    );
    expect(split.kappa).toBeCloseTo(-1, 10);
  });

  it("leaves kappa undefined when every vote is one category, and skips items with another vote count", () => {
    const same = fleissKappa(
      [
        ["a", "a", "a"],
        ["a", "a", "a"],
        ["b", "b"],
      ],
      ["a", "b"],
    );
    expect(same.items).toBe(2);
    expect(same.kappa).toBeUndefined();
    expect(same.categories.b).toEqual({ share: 0, kappa: undefined });
    expect(fleissKappa([], ["a"]).kappa).toBeUndefined();
  });
});
