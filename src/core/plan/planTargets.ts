import { cellKey } from "./cellKey.js";
import type { PlanSlot } from "./PlanSlot.js";

/** How many accepted records a cell should end with. */
export interface CellTarget {
  cell: Record<string, string>;
  count: number;
}

/** The target count of every cell in a plan (cells in order of first appearance). */
export function planTargets(slots: readonly PlanSlot[]): CellTarget[] {
  const targets = new Map<string, CellTarget>();
  for (const slot of slots) {
    const key = cellKey(slot.cell);
    const target = targets.get(key);
    if (target) target.count += 1;
    else targets.set(key, { cell: slot.cell, count: 1 });
  }
  return [...targets.values()];
}
