import { describe, expect, it } from "vitest";
import { createRandom } from "../stats/random.js";
import { allocate } from "./allocate.js";
import { createPlan } from "./createPlan.js";

const count = (slots: { cell: Record<string, string> }[], name: string, value: string) =>
  slots.filter((slot) => slot.cell[name] === value).length;

describe("allocate", () => {
  it("always adds up to the total", () => {
    for (const total of [0, 1, 7, 100, 1001]) {
      expect(allocate(total, [1, 2, 3.5]).reduce((a, b) => a + b, 0)).toBe(total);
    }
  });
  it("splits proportionally", () => {
    expect(allocate(10, [1, 1])).toEqual([5, 5]);
    expect(allocate(10, [3, 1])).toEqual([8, 2]);
  });
});

describe("createPlan", () => {
  const dimensions = { label: { positive: 3, negative: 1 }, domain: ["restaurant", "product"] };

  it("weighted plans follow the value weights and add up to the count", () => {
    const slots = createPlan(dimensions, { count: 40, strategy: "weighted", seed: 1 });
    expect(slots).toHaveLength(40);
    expect(count(slots, "label", "positive")).toBe(30);
    expect(count(slots, "domain", "restaurant")).toBe(20);
    expect(slots.map((slot) => slot.index)).toEqual([...Array(40).keys()]);
  });

  it("balanced plans give every cell the same share", () => {
    const slots = createPlan(dimensions, { count: 40, strategy: "balanced", seed: 1 });
    expect(count(slots, "label", "positive")).toBe(20);
  });

  it("stratified plans hit each marginal exactly even when cells round unevenly", () => {
    const slots = createPlan(
      { label: { a: 1, b: 1, c: 1 }, domain: { x: 2, y: 1 } },
      { count: 10, strategy: "stratified", seed: 3 },
    );
    expect(slots).toHaveLength(10);
    expect(count(slots, "domain", "x")).toBe(7);
    expect(
      [count(slots, "label", "a"), count(slots, "label", "b"), count(slots, "label", "c")].sort(),
    ).toEqual([3, 3, 4]);
  });

  it("is reproducible for a seed and differs across seeds", () => {
    const first = createPlan(dimensions, { count: 20, strategy: "weighted", seed: 5 });
    expect(createPlan(dimensions, { count: 20, strategy: "weighted", seed: 5 })).toEqual(first);
    expect(createPlan(dimensions, { count: 20, strategy: "weighted", seed: 6 })).not.toEqual(first);
  });

  it("works without dimensions", () => {
    expect(createPlan({}, { count: 3, strategy: "weighted", seed: 1 })).toEqual([
      { index: 0, cell: {} },
      { index: 1, cell: {} },
      { index: 2, cell: {} },
    ]);
  });

  it("spreads a count smaller than the number of cells over every dimension", () => {
    const slots = createPlan(
      { label: ["a", "b"], domain: ["x", "y", "z", "w", "v"] },
      { count: 4, strategy: "balanced", seed: 1 },
    );
    expect(count(slots, "label", "a")).toBe(2);
    expect(count(slots, "label", "b")).toBe(2);
    expect(new Set(slots.map((slot) => slot.cell.domain)).size).toBe(4);
  });

  it("hits every marginal exactly over many stratified and balanced plans", () => {
    const random = createRandom(11);
    for (let trial = 0; trial < 100; trial += 1) {
      const dimensions = {
        label: Object.fromEntries(
          ["a", "b", "c"].slice(0, 2 + (trial % 2)).map((v) => [v, 1 + Math.floor(random() * 4)]),
        ),
        domain: Object.fromEntries(
          ["x", "y", "z", "w"].slice(0, 2 + (trial % 3)).map((v) => [v, 1 + Math.floor(random() * 3)]),
        ),
      };
      const total = 1 + Math.floor(random() * 60);
      for (const strategy of ["stratified", "balanced"] as const) {
        const slots = createPlan(dimensions, { count: total, strategy, seed: trial });
        expect(slots).toHaveLength(total);
        for (const [name, spec] of Object.entries(dimensions)) {
          const values = Object.keys(spec);
          const weights = values.map((value) => (strategy === "balanced" ? 1 : spec[value]!));
          const sum = weights.reduce((x, y) => x + y, 0);
          values.forEach((value, index) => {
            const exact = (total * weights[index]!) / sum;
            const got = count(slots, name, value);
            expect(got).toBeGreaterThanOrEqual(Math.floor(exact));
            expect(got).toBeLessThanOrEqual(Math.ceil(exact));
          });
        }
      }
    }
  });

  it("does not favour the first cells when shares round down", () => {
    const firsts = [1, 2, 3, 4, 5, 6].map(
      (seed) =>
        createPlan({ label: ["a", "b", "c", "d", "e"] }, { count: 1, strategy: "weighted", seed })[0]!.cell
          .label,
    );
    expect(new Set(firsts).size).toBeGreaterThan(1);
  });
});
