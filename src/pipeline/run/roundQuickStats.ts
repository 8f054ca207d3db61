import { cellBalance } from "../../core/plan/cellBalance.js";
import { planTargets } from "../../core/plan/planTargets.js";
import type { Recipe } from "../../core/recipe/recipeSchema.js";
import type { GeneratedRecord } from "../../core/record.js";
import { segmentWords } from "../../core/text/segmentWords.js";
import type { RoundStats } from "../../generate/strategies/planNextRound.js";
import { shannonEntropy } from "../../quality/metrics/shannonEntropy.js";
import { normalizeText } from "../../quality/text/normalizeText.js";
import type { SlotRow } from "../../store/Store.js";

/**
 * The quick metrics `planNextRound` decides on, from the run's records after a round:
 * schema validity and duplicate rate of this round's outputs, balance of every planned cell
 * (accepted records counted by the cell they were generated for, negatives included), the
 * word entropy of the accepted text (docs/metrics.md), and the slots of this round's rejected
 * records that are still open. A duplicate is an output the quality filters rejected as a
 * duplicate or near-duplicate, or (when no filter ran) one whose normalised text equals an
 * earlier accepted record's.
 */
export function roundQuickStats(
  round: number,
  records: readonly GeneratedRecord[],
  slots: readonly SlotRow[],
  recipe: Pick<Recipe, "output" | "language">,
): RoundStats {
  const textField = recipe.output.textField;
  // An answer cut off at the token limit is a truncation, not a failure of constrained decoding.
  const thisRound = records.filter(
    (record) => record.provenance.round === round && record.reason !== "truncated",
  );
  const accepted = records.filter((record) => record.status === "accepted");
  const invalid = thisRound.filter(
    (record) => record.data === undefined || /^(parse|schema)/.test(record.reason ?? ""),
  ).length;

  const earlierTexts = new Set<string>();
  for (const record of accepted) {
    if (record.provenance.round === round) continue;
    const text = record.data?.[textField];
    if (typeof text === "string") earlierTexts.add(normalizeText(text));
  }
  const duplicateIds = new Set<string>();
  for (const record of thisRound) {
    if (/^(duplicate|near-duplicate)/.test(record.reason ?? "")) duplicateIds.add(record.id);
    else if (record.status === "accepted") {
      const text = record.data?.[textField];
      if (typeof text !== "string") continue;
      const key = normalizeText(text);
      if (earlierTexts.has(key)) duplicateIds.add(record.id);
      earlierTexts.add(key);
    }
  }

  const open = new Set(slots.filter((slot) => slot.status !== "filled").map((slot) => slot.index));
  const rejectedSlots = new Set<number>();
  const duplicateSlots = new Set<number>();
  for (const record of thisRound) {
    const slot = record.provenance.slotIndex;
    if (!open.has(slot)) continue;
    if (duplicateIds.has(record.id)) duplicateSlots.add(slot);
    else if (record.status === "rejected") rejectedSlots.add(slot);
  }

  const counts = new Map<string, number>();
  for (const record of accepted) {
    const text = record.data?.[textField];
    if (typeof text !== "string") continue;
    for (const word of segmentWords(text, recipe.language)) counts.set(word, (counts.get(word) ?? 0) + 1);
  }

  return {
    round,
    schemaValidity: thisRound.length === 0 ? 1 : (thisRound.length - invalid) / thisRound.length,
    duplicateRate: thisRound.length === 0 ? 0 : duplicateIds.size / thisRound.length,
    balance: cellBalance(
      planTargets(slots),
      accepted.map((record) => record.provenance.cell),
    ),
    entropy: shannonEntropy(counts.values()).entropy,
    rejectedSlots: [...rejectedSlots].sort((a, b) => a - b),
    duplicateSlots: [...duplicateSlots].sort((a, b) => a - b),
  };
}
