import type { EvolutionKind } from "../../core/recipe/strategiesSchema.js";
import type { StrategySlot } from "./planNegatives.js";
import { selectShare } from "./selectShare.js";

/**
 * Marks exactly `round(share × n)` of the still-plain slots as evolution slots
 * (`strategy: "evolution:<kind>"`), kinds in equal shares, seeded. Negative slots are left
 * alone. The loop fills an evolution slot by picking an accepted instruction (e.g. the
 * accepted record at position `slot.index mod accepted`) and sending
 * `evolveInstructionMessages(instruction, kind, language)`; until something is accepted
 * it falls back to the plain prompt.
 */
export function planEvolution(
  slots: readonly StrategySlot[],
  share: number,
  kinds: readonly EvolutionKind[],
  seed: number,
): StrategySlot[] {
  const plain = slots.flatMap((slot, position) => (slot.strategy === "plain" ? [position] : []));
  const chosen = selectShare(plain.length, share, [...new Set(kinds)], seed ^ 0x5bd1e995);
  const result = slots.map((slot) => ({ ...slot }));
  for (const [position, kind] of chosen) {
    result[plain[position]!]!.strategy = `evolution:${kind}`;
  }
  return result;
}

/** The evolution kind of a slot marked by planEvolution, or undefined. */
export function evolutionKindOf(slot: { strategy: string }): EvolutionKind | undefined {
  const [prefix, kind] = slot.strategy.split(":");
  return prefix === "evolution" ? (kind as EvolutionKind) : undefined;
}
