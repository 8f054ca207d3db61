import type { PlanSlot } from "../../core/plan/PlanSlot.js";
import type { NegativeKind } from "../../core/recipe/strategiesSchema.js";
import { selectShare } from "./selectShare.js";

/** How a negative slot deviates from a normal one. */
export interface NegativeMarking {
  kind: NegativeKind;
  /** label-flip only: the wrong label stored instead of the cell's label. */
  flipTo?: string;
}

/** A plan slot with the strategy it is generated under. */
export interface StrategySlot extends PlanSlot {
  /** "plain", or "negative:<kind>"; copied into provenance.strategy. */
  strategy: string;
  /** Present on negative slots. */
  negative?: NegativeMarking;
}

/**
 * Marks exactly `round(share × slots.length)` slots as negatives (seeded), the kinds in
 * equal shares. label-flip needs a cell value for `labelDimension` [label] and at least two `labelValues`;
 * when that is missing its share goes to the other kinds (or the slots stay plain when
 * no kind is possible). Slots keep their index and cell; `negative.flipTo` is the label
 * the record is stored with, chosen deterministically among the other values.
 */
export function planNegatives(
  slots: readonly PlanSlot[],
  share: number,
  kinds: readonly NegativeKind[],
  labelValues: readonly string[],
  seed: number,
  labelDimension = "label",
): StrategySlot[] {
  const canFlip = labelValues.length >= 2 && slots.every((slot) => slot.cell[labelDimension] !== undefined);
  const usable = kinds.filter((kind) => kind !== "label-flip" || canFlip);
  const chosen = selectShare(slots.length, usable.length > 0 ? share : 0, [...new Set(usable)], seed);
  return slots.map((slot, position) => {
    const kind = chosen.get(position);
    if (kind === undefined) return { ...slot, strategy: "plain" };
    const negative: NegativeMarking = { kind };
    if (kind === "label-flip") {
      const others = labelValues.filter((value) => value !== slot.cell[labelDimension]);
      negative.flipTo = others[(slot.index + seed) % others.length];
    }
    return { ...slot, strategy: `negative:${kind}`, negative };
  });
}
