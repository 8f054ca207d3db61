import { describe, expect, it } from "vitest";
import { pickFewShot } from "./pickFewShot.js";

const seeds = Array.from({ length: 10 }, (_, index) => ({
  id: index,
  label: index % 2 === 0 ? "pos" : "neg",
}));

describe("pickFewShot", () => {
  it("is deterministic and rotates so consecutive slots see different seeds", () => {
    const first = pickFewShot(seeds, 0, 2, 1);
    expect(pickFewShot(seeds, 0, 2, 1)).toEqual(first);
    const second = pickFewShot(seeds, 1, 2, 1);
    expect(second.indices.some((index) => first.indices.includes(index))).toBe(false);
  });

  it("shows every seed equally often over a full rotation and never twice in one prompt", () => {
    const shown = new Map<number, number>();
    for (let slot = 0; slot < 5; slot += 1) {
      const pick = pickFewShot(seeds, slot, 2, 3);
      expect(new Set(pick.indices).size).toBe(2);
      for (const index of pick.indices) shown.set(index, (shown.get(index) ?? 0) + 1);
    }
    expect([...shown.values()]).toEqual(Array(10).fill(1));
  });

  it("returns the seeds themselves, caps at the pool size and can filter", () => {
    const pick = pickFewShot(seeds, 4, 3, 9, (seed) => seed.label === "pos");
    expect(pick.examples.every((seed) => seed.label === "pos")).toBe(true);
    expect(pick.examples.map((seed) => seed.id)).toEqual(pick.indices);
    expect(pickFewShot(seeds.slice(0, 2), 0, 5, 1).indices).toHaveLength(2);
    expect(pickFewShot([], 0, 2, 1)).toEqual({ examples: [], indices: [] });
  });
});
