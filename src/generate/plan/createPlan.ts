import type { DimensionSpec, Dimensions } from "../../core/recipe/dimensionsSchema.js";
import type { PlanSettings } from "../../core/recipe/planSchema.js";
import { allocate } from "./allocate.js";
import type { PlanSlot } from "./PlanSlot.js";
import { createRandom, shuffle } from "./random.js";

/** Values of a dimension with their weights (a list means equal weights). */
export function dimensionValues(spec: DimensionSpec): { value: string; weight: number }[] {
  return Array.isArray(spec)
    ? spec.map((value) => ({ value, weight: 1 }))
    : Object.entries(spec).map(([value, weight]) => ({ value, weight }));
}

/** Every cell of the cross product of the dimensions, with its weight (product of value weights). */
export function planCells(dimensions: Dimensions): { cell: Record<string, string>; weight: number }[] {
  let cells: { cell: Record<string, string>; weight: number }[] = [{ cell: {}, weight: 1 }];
  for (const [name, spec] of Object.entries(dimensions)) {
    const values = dimensionValues(spec);
    cells = cells.flatMap(({ cell, weight }) =>
      values.map((entry) => ({ cell: { ...cell, [name]: entry.value }, weight: weight * entry.weight })),
    );
  }
  return cells;
}

/**
 * Turns control dimensions into plan slots whose counts add up to `plan.count`.
 * balanced: every cell gets an equal share; weighted: shares follow the product of the
 * value weights; stratified: like weighted, but each dimension's marginal counts are
 * allocated exactly first and cells are filled to match them. Slots are shuffled with the
 * plan seed so a partial run still covers every cell.
 */
export function createPlan(dimensions: Dimensions, plan: PlanSettings): PlanSlot[] {
  const cells = planCells(dimensions);
  const counts =
    plan.strategy === "balanced"
      ? allocate(
          plan.count,
          cells.map(() => 1),
        )
      : plan.strategy === "stratified"
        ? stratifiedCounts(dimensions, cells, plan.count)
        : allocate(
            plan.count,
            cells.map((entry) => entry.weight),
          );
  const slots: Record<string, string>[] = [];
  cells.forEach((entry, index) => {
    for (let copy = 0; copy < counts[index]!; copy += 1) slots.push(entry.cell);
  });
  shuffle(slots, createRandom(plan.seed));
  return slots.map((cell, index) => ({ index, cell }));
}

/**
 * Iterative proportional fitting: start from the weighted cell counts and adjust until each
 * dimension's marginal matches its exact allocation, then round with largest remainders.
 */
function stratifiedCounts(
  dimensions: Dimensions,
  cells: { cell: Record<string, string>; weight: number }[],
  total: number,
): number[] {
  const names = Object.keys(dimensions);
  const targets = new Map<string, Map<string, number>>();
  for (const name of names) {
    const values = dimensionValues(dimensions[name]!);
    const counts = allocate(
      total,
      values.map((entry) => entry.weight),
    );
    targets.set(name, new Map(values.map((entry, index) => [entry.value, counts[index]!])));
  }
  const sum = cells.reduce((a, b) => a + b.weight, 0);
  let expected = cells.map((entry) => (total * entry.weight) / sum);
  for (let iteration = 0; iteration < 50; iteration += 1) {
    for (const name of names) {
      const marginal = new Map<string, number>();
      for (const [index, entry] of cells.entries()) {
        marginal.set(entry.cell[name]!, (marginal.get(entry.cell[name]!) ?? 0) + expected[index]!);
      }
      expected = expected.map((value, index) => {
        const cellValue = cells[index]!.cell[name]!;
        const current = marginal.get(cellValue) ?? 0;
        return current > 0 ? (value * targets.get(name)!.get(cellValue)!) / current : 0;
      });
    }
  }
  return allocate(total, expected);
}
