import type { PlanSlot } from "../core/plan/PlanSlot.js";

/** Planned records per dimension value (dimension → value → count), from a plan's slots. */
export function planCounts(slots: readonly PlanSlot[]): Map<string, Map<string, number>> | undefined {
  if (slots.length === 0) return undefined;
  const counts = new Map<string, Map<string, number>>();
  for (const slot of slots) {
    for (const [dimension, value] of Object.entries(slot.cell)) {
      const values = counts.get(dimension) ?? new Map<string, number>();
      values.set(value, (values.get(value) ?? 0) + 1);
      counts.set(dimension, values);
    }
  }
  return counts;
}
