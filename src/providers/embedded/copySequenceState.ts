import type { LlamaContextSequence } from "node-llama-cpp";

/**
 * node-llama-cpp's copy of one sequence's evaluated state into another of the same context
 * (llama.cpp's `seq_cp`), internal in 3.x but used by its own `LlamaDecisionContext` for the
 * same purpose.
 */
type CopyingSequence = LlamaContextSequence & {
  _copyStateFromOtherSequence?: (other: LlamaContextSequence, upToTokenIndex: number) => Promise<boolean>;
};

/**
 * Makes `target` hold `source`'s first `upTo` evaluated tokens, with no evaluation (the other
 * tokens `target` held are dropped). True when `target` then holds exactly those; false (or on
 * a node-llama-cpp without the copy) when it could not, and `target`'s own token list says what
 * it holds, so a later evaluation on it stays correct either way. Waits for the context's batch
 * in progress, if any.
 */
export async function copySequenceState(
  target: LlamaContextSequence,
  source: LlamaContextSequence,
  upTo: number,
): Promise<boolean> {
  const copying = target as CopyingSequence;
  if (typeof copying._copyStateFromOtherSequence !== "function") return false;
  return copying._copyStateFromOtherSequence(source, upTo).catch(() => false);
}
