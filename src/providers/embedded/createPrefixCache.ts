import type { LlamaContextSequence, Token } from "node-llama-cpp";

/** What {@link PrefixCache.prepare} did for one prompt. */
export interface PreparedPrefix {
  /** Tokens of the prompt's start the sequence was given from a holder (not evaluated by it). */
  copied: number;
  /** Tokens a holder evaluated for this prompt (a shared start it held no part of yet). */
  evaluated: number;
}

/** The prompt prefixes shared between the generating sequences of one context, evaluated once. */
export interface PrefixCache {
  /**
   * Before `sequence` evaluates `tokens`: when a holder sequence holds (or, the start being
   * shared with a recent prompt, now evaluates) a longer start of them than `sequence` itself
   * holds, `sequence` takes a copy of that state, and evaluates only the rest.
   */
  prepare(sequence: LlamaContextSequence, tokens: readonly Token[]): Promise<PreparedPrefix>;
}

/** node-llama-cpp's copy of one sequence's state into another (llama.cpp's `seq_cp`), internal in 3.x. */
type CopyingSequence = LlamaContextSequence & {
  _copyStateFromOtherSequence?: (other: LlamaContextSequence, upToTokenIndex: number) => Promise<boolean>;
};

/** Length of the common start of two token lists. */
export function commonPrefixLength(one: readonly Token[], other: readonly Token[]): number {
  const limit = Math.min(one.length, other.length);
  let index = 0;
  while (index < limit && one[index] === other[index]) index += 1;
  return index;
}

/**
 * A prefix cache over `holders`, sequences of the same context that never generate: each holds
 * one prompt start that several prompts shared. A prompt whose start it shares with one of the
 * last `remembered` prompts (the system prompt, a phrasing's fixed instructions) gets that start
 * evaluated once on the least recently used holder, and every later prompt with that start copies
 * it (a KV copy, no evaluation) instead of evaluating it again on its own sequence. Each sequence
 * already keeps its own previous prompt, so a copy is taken only when it gains at least
 * `minimumGain` tokens over that. Holders change only under the cache's lock, so a copy never
 * reads a holder while it evaluates; the generating sequences are never copied from, since they
 * decode while others prepare.
 */
export function createPrefixCache(
  holders: readonly LlamaContextSequence[],
  options: { minimumGain?: number; remembered?: number } = {},
): PrefixCache {
  const minimumGain = options.minimumGain ?? 8;
  const remembered = options.remembered ?? 16;
  const recent: (readonly Token[])[] = [];
  const lastUsed = new Map<LlamaContextSequence, number>(holders.map((holder) => [holder, 0]));
  let clock = 0;
  let lock: Promise<unknown> = Promise.resolve();

  const held = (sequence: LlamaContextSequence, tokens: readonly Token[]) =>
    sequence.compareContextTokens(tokens as Token[]).firstDifferentIndex;

  const prepareLocked = async (
    sequence: LlamaContextSequence,
    tokens: readonly Token[],
  ): Promise<PreparedPrefix> => {
    // The prompt's last token is always evaluated by the sequence: its logits give the first answer token.
    const limit = tokens.length - 1;
    const own = Math.min(held(sequence, tokens), limit);
    const shared = Math.min(
      recent.reduce((longest, prompt) => Math.max(longest, commonPrefixLength(prompt, tokens)), 0),
      limit,
    );
    recent.push(tokens);
    if (recent.length > remembered) recent.shift();
    if (holders.length === 0) return { copied: 0, evaluated: 0 };
    let best = holders[0]!;
    let bestHeld = -1;
    for (const holder of holders) {
      const length = Math.min(held(holder, tokens), limit);
      if (length > bestHeld) {
        best = holder;
        bestHeld = length;
      }
    }
    let evaluated = 0;
    if (shared - Math.max(bestHeld, own) >= minimumGain) {
      // Extend the best holder when all it holds is this prompt's start; else reuse the least recently used one.
      const extendable = best.contextTokens.length === bestHeld;
      const holder = extendable
        ? best
        : [...holders].sort((one, other) => lastUsed.get(one)! - lastUsed.get(other)!)[0]!;
      const keep = Math.min(held(holder, tokens), shared);
      if (keep < holder.nextTokenIndex) {
        await holder.eraseContextTokenRanges([{ start: keep, end: holder.nextTokenIndex }]);
      }
      await holder.evaluateWithoutGeneratingNewTokens(tokens.slice(keep, shared) as Token[]);
      evaluated = shared - keep;
      best = holder;
      bestHeld = shared;
    }
    lastUsed.set(best, ++clock);
    if (bestHeld - own < minimumGain) return { copied: 0, evaluated };
    const copied = await (sequence as CopyingSequence)
      ._copyStateFromOtherSequence?.(best, bestHeld)
      .catch(() => false);
    if (copied === true) return { copied: bestHeld, evaluated };
    // A failed copy may leave the sequence's token list and its KV cells apart: start it afresh.
    await sequence.clearHistory();
    return { copied: 0, evaluated };
  };

  return {
    prepare(sequence, tokens) {
      const prepared = lock.then(() => prepareLocked(sequence, tokens));
      lock = prepared.catch(() => undefined);
      return prepared;
    },
  };
}
