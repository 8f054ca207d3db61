import { cellKey } from "./cellKey.js";
import type { PlanSlot } from "./PlanSlot.js";
import type { CellTarget } from "./planTargets.js";

/**
 * Diversity sampling over the plan: steers the open (not yet accepted) slots toward the cells
 * that are most under-represented among accepted records.
 *
 * 1. Reassign: an open slot whose cell already has its target (accepted plus open slots
 *    kept for it) is moved to the cell with the largest remaining shortfall relative to its
 *    target. Slots keep their index; only `cell` changes.
 * 2. Reorder: slots are returned so that, at every step, the next one goes to the cell
 *    with the lowest fill ratio (accepted + already scheduled) / target; a partial round
 *    therefore lifts the emptiest cells first. Ties go to the lower slot index.
 *
 * Deterministic; returns new slot objects (other fields, such as a strategy, are kept),
 * never more or fewer than given. Cells not in `targets` are left as they are and come last.
 */
export function steerSlots<Slot extends PlanSlot>(
  openSlots: readonly Slot[],
  acceptedCells: readonly Record<string, string>[],
  targets: readonly CellTarget[],
): Slot[] {
  const target = new Map(targets.map((entry) => [cellKey(entry.cell), entry]));
  const accepted = new Map<string, number>();
  for (const cell of acceptedCells) {
    const key = cellKey(cell);
    accepted.set(key, (accepted.get(key) ?? 0) + 1);
  }
  const need = new Map(
    [...target].map(([key, entry]) => [key, Math.max(0, entry.count - (accepted.get(key) ?? 0))]),
  );

  const kept: Slot[] = [];
  const surplus: Slot[] = [];
  const untargeted: Slot[] = [];
  for (const slot of [...openSlots].sort((a, b) => a.index - b.index)) {
    const key = cellKey(slot.cell);
    const remaining = need.get(key);
    if (remaining === undefined) untargeted.push({ ...slot });
    else if (remaining > 0) {
      need.set(key, remaining - 1);
      kept.push({ ...slot });
    } else surplus.push(slot);
  }
  for (const slot of surplus) {
    let bestKey: string | undefined;
    let bestShortfall = 0;
    for (const [key, remaining] of need) {
      const shortfall = remaining / target.get(key)!.count;
      if (remaining > 0 && shortfall > bestShortfall) {
        bestKey = key;
        bestShortfall = shortfall;
      }
    }
    if (bestKey === undefined) kept.push({ ...slot });
    else {
      need.set(bestKey, need.get(bestKey)! - 1);
      kept.push({ ...slot, cell: { ...target.get(bestKey)!.cell } });
    }
  }
  return [...interleave(kept, accepted, target), ...untargeted];
}

function interleave<Slot extends PlanSlot>(
  slots: Slot[],
  accepted: Map<string, number>,
  target: Map<string, CellTarget>,
): Slot[] {
  const queues = new Map<string, Slot[]>();
  for (const slot of slots.sort((a, b) => a.index - b.index)) {
    const key = cellKey(slot.cell);
    const queue = queues.get(key);
    if (queue) queue.push(slot);
    else queues.set(key, [slot]);
  }
  const filled = new Map([...queues.keys()].map((key) => [key, accepted.get(key) ?? 0]));
  const heads = new Map([...queues.keys()].map((key) => [key, 0]));
  const ordered: Slot[] = [];
  while (ordered.length < slots.length) {
    let bestKey: string | undefined;
    let bestRatio = Number.POSITIVE_INFINITY;
    let bestIndex = Number.POSITIVE_INFINITY;
    for (const [key, queue] of queues) {
      const head = queue[heads.get(key)!];
      if (!head) continue;
      const ratio = filled.get(key)! / Math.max(1, target.get(key)!.count);
      if (ratio < bestRatio || (ratio === bestRatio && head.index < bestIndex)) {
        bestKey = key;
        bestRatio = ratio;
        bestIndex = head.index;
      }
    }
    const key = bestKey!;
    ordered.push(queues.get(key)![heads.get(key)!]!);
    heads.set(key, heads.get(key)! + 1);
    filled.set(key, filled.get(key)! + 1);
  }
  return ordered;
}
