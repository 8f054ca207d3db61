import { describe, expect, it } from "vitest";
import { drawChoices, sharpen } from "./drawChoices.js";

describe("drawChoices", () => {
  it("draws one pick per seed, the same for the same seeds, and the likeliest at temperature 0", () => {
    const choices = ["a", "b", "c"];
    expect(drawChoices(choices, [0.2, 0.5, 0.3], 0, [1, 2, 3])).toEqual(["b", "b", "b"]);
    const seeds = Array.from({ length: 400 }, (_, index) => index * 7919);
    const picks = drawChoices(choices, [0.2, 0.5, 0.3], 1, seeds);
    expect(drawChoices(choices, [0.2, 0.5, 0.3], 1, seeds)).toEqual(picks);
    const share = (choice: string) => picks.filter((pick) => pick === choice).length / picks.length;
    expect(share("b")).toBeGreaterThan(0.4);
    expect(share("b")).toBeLessThan(0.6);
    expect(share("a")).toBeGreaterThan(0.1);
  });

  it("sharpens toward the likeliest below temperature 1", () => {
    const sharp = sharpen([0.2, 0.5, 0.3], 0.5);
    expect(sharp.reduce((sum, value) => sum + value, 0)).toBeCloseTo(1, 12);
    expect(sharp[1]).toBeCloseTo(0.25 / (0.04 + 0.25 + 0.09), 12);
  });
});
