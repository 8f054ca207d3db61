import type { DimensionSpec, Dimensions } from "../recipe/dimensionsSchema.js";
import type { PlanSettings } from "../recipe/planSchema.js";
import { createRandom, shuffle } from "../stats/random.js";
import type { PlanSlot } from "./PlanSlot.js";
import { allocateSeeded, roundToMarginals } from "./roundToMarginals.js";

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
 * allocated exactly first and cells are filled to match them (iterative proportional
 * fitting, then marginal-aware rounding). Balanced plans round the same way, so when the
 * count does not divide evenly the extra slots still spread over every dimension's values.
 * Rounding ties are broken in a seeded order (never "first cells first"), and slots are
 * shuffled with the plan seed so a partial run still covers every cell.
 */
export function createPlan(
  dimensions: Dimensions,
  plan: Pick<PlanSettings, "count" | "strategy" | "seed">,
): PlanSlot[] {
  const cells = planCells(dimensions);
  const tieSeed = (plan.seed ^ 0x9e3779b9) >>> 0;
  const counts =
    plan.strategy === "weighted"
      ? allocateSeeded(
          plan.count,
          cells.map((entry) => entry.weight),
          tieSeed,
        )
      : stratifiedCounts(dimensions, cells, plan.count, plan.strategy === "balanced", tieSeed);
  const slots: Record<string, string>[] = [];
  cells.forEach((entry, index) => {
    for (let copy = 0; copy < counts[index]!; copy += 1) slots.push(entry.cell);
  });
  shuffle(slots, createRandom(plan.seed));
  return slots.map((cell, index) => ({ index, cell }));
}

/**
 * Iterative proportional fitting: start from the weighted cell counts and adjust until each
 * dimension's marginal matches its exact allocation, then round to integers that keep those
 * marginals. `uniform` treats every value weight as 1 (balanced plans).
 */
function stratifiedCounts(
  dimensions: Dimensions,
  cells: { cell: Record<string, string>; weight: number }[],
  total: number,
  uniform: boolean,
  seed: number,
): number[] {
  const names = Object.keys(dimensions);
  const targets = new Map<string, Map<string, number>>();
  for (const [position, name] of names.entries()) {
    const values = dimensionValues(dimensions[name]!);
    const counts = allocateSeeded(
      total,
      values.map((entry) => (uniform ? 1 : entry.weight)),
      seed + position + 1,
    );
    targets.set(name, new Map(values.map((entry, index) => [entry.value, counts[index]!])));
  }
  const weights = cells.map((entry) => (uniform ? 1 : entry.weight));
  const sum = weights.reduce((a, b) => a + b, 0);
  let expected = weights.map((weight) => (total * weight) / sum);
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
  return roundToMarginals(
    expected,
    cells.map((entry) => entry.cell),
    targets,
    total,
    seed,
  );
}
