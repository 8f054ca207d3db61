import { describe, expect, it } from "vitest";
import { cellBalance } from "./cellBalance.js";
import { cellKey } from "./cellKey.js";
import { createPlan } from "./createPlan.js";
import { planTargets } from "./planTargets.js";
import { steerSlots } from "./steerSlots.js";

const a = { label: "a" };
const b = { label: "b" };
const c = { label: "c" };

describe("steerSlots", () => {
  it("puts the most under-represented cell first", () => {
    const open = [
      { index: 0, cell: a },
      { index: 1, cell: b },
      { index: 2, cell: c },
    ];
    const targets = [
      { cell: a, count: 4 },
      { cell: b, count: 4 },
      { cell: c, count: 4 },
    ];
    const steered = steerSlots(open, [a, a, a, b, b], targets);
    expect(steered.map((slot) => slot.cell.label)).toEqual(["c", "b", "a"]);
  });

  it("moves slots of satisfied cells to cells that are short, keeping indices", () => {
    const open = [
      { index: 5, cell: a },
      { index: 6, cell: a },
      { index: 7, cell: b },
    ];
    const targets = [
      { cell: a, count: 2 },
      { cell: b, count: 3 },
    ];
    const steered = steerSlots(
      open.map((slot) => ({ ...slot, strategy: "plain" })),
      [a, a],
      targets,
    );
    expect(steered.map((slot) => slot.index).sort()).toEqual([5, 6, 7]);
    expect(steered.every((slot) => slot.strategy === "plain")).toBe(true);
    expect(steered.every((slot) => slot.cell.label === "b")).toBe(true);
  });

  it("fills a plan exactly when accepted records skewed toward one cell", () => {
    const plan = createPlan({ label: ["a", "b", "c", "d"] }, { count: 40, strategy: "balanced", seed: 2 });
    const targets = planTargets(plan);
    const accepted = plan.filter((slot) => slot.cell.label === "a").map((slot) => slot.cell);
    const extra = [a, a, a, a];
    const open = plan.filter((slot) => slot.cell.label !== "a").slice(0, 26);
    const steered = steerSlots(open, [...accepted, ...extra], targets);
    const counts = new Map<string, number>();
    for (const slot of steered) counts.set(slot.cell.label!, (counts.get(slot.cell.label!) ?? 0) + 1);
    expect(counts.get("a")).toBeUndefined();
    expect((counts.get("b") ?? 0) + (counts.get("c") ?? 0) + (counts.get("d") ?? 0)).toBe(26);
    expect(steered[0]!.cell.label).not.toBe("a");
  });

  it("is deterministic and leaves unknown cells at the end", () => {
    const open = [
      { index: 0, cell: { label: "z" } },
      { index: 1, cell: a },
    ];
    const steered = steerSlots(open, [], [{ cell: a, count: 1 }]);
    expect(steered).toEqual([
      { index: 1, cell: a },
      { index: 0, cell: { label: "z" } },
    ]);
    expect(steerSlots(open, [], [{ cell: a, count: 1 }])).toEqual(steered);
  });
});

describe("cellKey and planTargets", () => {
  it("keys cells independently of property order and counts targets", () => {
    expect(cellKey({ a: "1", b: "2" })).toBe(cellKey({ b: "2", a: "1" }));
    const plan = createPlan({ label: { x: 3, y: 1 } }, { count: 8, strategy: "weighted", seed: 1 });
    expect(planTargets(plan).sort((p, q) => p.count - q.count)).toEqual([
      { cell: { label: "y" }, count: 2 },
      { cell: { label: "x" }, count: 6 },
    ]);
  });
});

describe("cellBalance", () => {
  it("pairs every planned cell with its accepted count", () => {
    expect(
      cellBalance(
        [
          { cell: { label: "a" }, count: 2 },
          { cell: { label: "b" }, count: 1 },
        ],
        [{ label: "a" }, { label: "z" }],
      ),
    ).toEqual([
      { cell: { label: "a" }, planned: 2, accepted: 1 },
      { cell: { label: "b" }, planned: 1, accepted: 0 },
    ]);
  });
});
