import { createRandom, shuffle } from "../stats/random.js";

/**
 * Rounds expected (fractional) cell counts to integers that add up to `total` and, where
 * integer counts allow it, hit every dimension's marginal target exactly. Units left after
 * flooring go first to cells whose every value is still below its marginal target, then by
 * largest remainder; remaining ties follow a seeded order, so small plans spread over the
 * cells instead of favouring the first ones.
 */
export function roundToMarginals(
  expected: readonly number[],
  cells: readonly Record<string, string>[],
  marginalTargets: ReadonlyMap<string, ReadonlyMap<string, number>>,
  total: number,
  seed: number,
): number[] {
  const counts = expected.map((value) => Math.floor(value + 1e-9));
  const remainders = expected.map((value, index) => value - counts[index]!);
  const marginals = new Map<string, Map<string, number>>();
  for (const name of marginalTargets.keys()) marginals.set(name, new Map());
  const addToMarginals = (index: number, amount: number) => {
    for (const [name, values] of marginals) {
      const value = cells[index]![name]!;
      values.set(value, (values.get(value) ?? 0) + amount);
    }
  };
  counts.forEach((count, index) => {
    addToMarginals(index, count);
  });
  const rank = new Array<number>(cells.length);
  shuffle([...cells.keys()], createRandom(seed)).forEach((index, position) => {
    rank[index] = position;
  });
  const fits = (index: number) =>
    [...marginalTargets].every(
      ([name, targets]) =>
        (marginals.get(name)!.get(cells[index]![name]!) ?? 0) < (targets.get(cells[index]![name]!) ?? 0),
    );
  let remaining = total - counts.reduce((a, b) => a + b, 0);
  while (remaining > 0 && cells.length > 0) {
    let best = -1;
    let bestFits = false;
    for (let index = 0; index < cells.length; index += 1) {
      const indexFits = fits(index);
      if (
        best < 0 ||
        (indexFits && !bestFits) ||
        (indexFits === bestFits &&
          (remainders[index]! > remainders[best]! + 1e-12 ||
            (Math.abs(remainders[index]! - remainders[best]!) <= 1e-12 && rank[index]! < rank[best]!)))
      ) {
        best = index;
        bestFits = indexFits;
      }
    }
    counts[best]! += 1;
    remainders[best]! -= 1;
    addToMarginals(best, 1);
    remaining -= 1;
  }
  return counts;
}

/** Largest-remainder split of `total` by `weights`, ties broken in a seeded order. */
export function allocateSeeded(total: number, weights: readonly number[], seed: number): number[] {
  const sum = weights.reduce((a, b) => a + b, 0);
  if (weights.length === 0 || sum <= 0) return weights.map(() => 0);
  const expected = weights.map((weight) => (total * weight) / sum);
  const counts = expected.map((value) => Math.floor(value + 1e-9));
  const rank = new Array<number>(weights.length);
  shuffle([...weights.keys()], createRandom(seed)).forEach((index, position) => {
    rank[index] = position;
  });
  const order = [...weights.keys()].sort((a, b) => {
    const difference = expected[b]! - counts[b]! - (expected[a]! - counts[a]!);
    return Math.abs(difference) > 1e-12 ? difference : rank[a]! - rank[b]!;
  });
  let remaining = total - counts.reduce((a, b) => a + b, 0);
  for (const index of order) {
    if (remaining <= 0) break;
    counts[index]! += 1;
    remaining -= 1;
  }
  return counts;
}
