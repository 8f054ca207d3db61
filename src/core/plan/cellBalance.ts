import { cellKey } from "./cellKey.js";
import type { CellTarget } from "./planTargets.js";

/** One cell's planned and accepted counts (the `balance` of planNextRound's RoundStats). */
export interface CellBalance {
  cell: Record<string, string>;
  planned: number;
  accepted: number;
}

/**
 * Planned vs accepted count of every planned cell. Count negatives by their planned cell
 * (pass the slot's cell, not the stored label). Accepted cells outside the plan are ignored.
 */
export function cellBalance(
  targets: readonly CellTarget[],
  acceptedCells: readonly Record<string, string>[],
): CellBalance[] {
  const accepted = new Map<string, number>();
  for (const cell of acceptedCells) {
    const key = cellKey(cell);
    accepted.set(key, (accepted.get(key) ?? 0) + 1);
  }
  return targets.map((target) => ({
    cell: target.cell,
    planned: target.count,
    accepted: accepted.get(cellKey(target.cell)) ?? 0,
  }));
}
