/** What the prompt cache needs of a sequence: the tokens it holds, compared with a prompt's. */
export interface CachingSequence {
  compareContextTokens(tokens: readonly number[]): { firstDifferentIndex: number };
}

/** Copies `source`'s first `upTo` tokens into `target` (`copySequenceState`); true when it did. */
export type CopyState<Sequence> = (target: Sequence, source: Sequence, upTo: number) => Promise<boolean>;

/** Evaluated prompts kept on sequences of their own, for the generating sequences to start from. */
export interface PromptCache<Sequence> {
  /**
   * Makes `sequence` hold the longest start of `prompt` that a cached sequence holds, when that
   * is at least `minimumGain` tokens more than `sequence` holds itself; returns the tokens of
   * `prompt` it then holds at most (what the evaluation can skip, but for the last token).
   */
  restore(sequence: Sequence, prompt: readonly number[]): Promise<number>;
  /** Keeps `prompt`, which `sequence` holds from its first token, unless a cached sequence holds it already. */
  keep(sequence: Sequence, prompt: readonly number[]): Promise<void>;
}

/**
 * llama.cpp's prompt cache across sequences: a generating sequence reuses what it evaluated
 * last (node-llama-cpp compares the new prompt with the tokens it holds), but a prompt that
 * another slot evaluated recently (the same template phrasing and cell: the README recipe has
 * 24 distinct prompts for its 100 records) is evaluated again unless it ran on the same
 * sequence. Here each kept prompt occupies one of `sequences` (least recently used replaced),
 * and a generating sequence about to evaluate a prompt takes a copy of the longest start of it
 * that one of them holds (`seq_cp`: no evaluation; on the 1.5B teacher a prompt token costs
 * about 10 ms on two cores). The copies go between batches, never into one: the generating
 * sequences keep their consecutive ids, which llama.cpp batches in one pass.
 */
export function createPromptCache<Sequence extends CachingSequence>(
  sequences: readonly Sequence[],
  copyState: CopyState<Sequence>,
  options: { minimumGain?: number } = {},
): PromptCache<Sequence> {
  const minimumGain = options.minimumGain ?? 8;
  const entries = sequences.map((sequence) => ({ sequence, usedAt: 0, copying: 0 }));
  let clock = 0;
  const longest = (prompt: readonly number[]) => {
    let best: (typeof entries)[number] | undefined;
    let held = 0;
    for (const entry of entries) {
      if (entry.usedAt === 0) continue;
      const length = entry.sequence.compareContextTokens(prompt).firstDifferentIndex;
      if (length > held) {
        best = entry;
        held = length;
      }
    }
    return { best, held };
  };
  return {
    async restore(sequence, prompt) {
      const own = sequence.compareContextTokens(prompt).firstDifferentIndex;
      const { best, held } = longest(prompt);
      if (best === undefined || held < own + minimumGain) return own;
      best.usedAt = ++clock;
      best.copying += 1;
      try {
        return (await copyState(sequence, best.sequence, held))
          ? held
          : sequence.compareContextTokens(prompt).firstDifferentIndex;
      } finally {
        best.copying -= 1;
      }
    },
    async keep(sequence, prompt) {
      const { best, held } = longest(prompt);
      // The last token is evaluated again anyway, for its logits.
      if (best !== undefined && held >= prompt.length - 1) {
        best.usedAt = ++clock;
        return;
      }
      const free = entries.filter((entry) => entry.copying === 0);
      if (free.length === 0) return;
      const entry = free.reduce((oldest, other) => (other.usedAt < oldest.usedAt ? other : oldest));
      entry.copying += 1;
      // Unused until the copy is done: a half-written entry is never read.
      entry.usedAt = 0;
      try {
        if (await copyState(entry.sequence, sequence, prompt.length)) entry.usedAt = ++clock;
      } finally {
        entry.copying -= 1;
      }
    },
  };
}
