import type { SeedExample } from "./SeedExample.js";

/**
 * The few-shot examples shown for one slot and attempt: a window of `perPrompt` consecutive
 * examples that moves by `perPrompt` per slot (and by one per retry), so every example is
 * used about equally often and a rerun shows the same ones.
 */
export function pickExamples(
  examples: readonly SeedExample[],
  perPrompt: number,
  slotIndex: number,
  attempt = 0,
): SeedExample[] {
  if (examples.length === 0 || perPrompt <= 0) return [];
  const size = Math.min(perPrompt, examples.length);
  const start = (slotIndex * perPrompt + attempt) % examples.length;
  return Array.from({ length: size }, (_, offset) => examples[(start + offset) % examples.length]!);
}
