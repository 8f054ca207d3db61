import { createHash } from "node:crypto";

/**
 * The id of the record made by `attempt` on plan slot `slotIndex` of a run. Derived, never
 * random: a rerun after a crash writes the same id again, which the store ignores.
 */
export function recordId(runId: string, slotIndex: number, attempt: number): string {
  const digest = createHash("sha256").update(`${runId}\u0000${slotIndex}\u0000${attempt}`).digest("hex");
  return `rec_${digest.slice(0, 20)}`;
}
