import { rougeL } from "./rougeL.js";

/** One of the k samples drawn for a slot: its label (classification) or its text. */
export interface VoteSample {
  label?: string;
  text?: string;
}

/** Options of a majority vote. */
export interface MajorityVoteOptions {
  /** Samples that must agree for acceptance [2]. */
  minimumAgreement: number;
  /** Similarity of two free texts in [0, 1]. Default: ROUGE-L F1 (words by Intl.Segmenter). */
  similarity?: (a: string, b: string) => number;
  /** Two texts agree when their similarity is at least this [0.7 for the default ROUGE-L]. */
  threshold?: number;
  /** Locale for the default ROUGE-L word split [en]. */
  locale?: string;
}

/** The outcome of a majority vote. */
export interface VoteResult {
  /** True when the largest agreeing group has at least `minimumAgreement` samples. */
  accepted: boolean;
  /** Index of the sample to keep: the one that agrees with the most others (earliest on ties); -1 when none is usable. */
  winner: number;
  /** Size of the largest agreeing group divided by the number of samples (stored and reported). */
  agreement: number;
  /** Indices of the samples that agree with the winner (the winner included). */
  agreeing: number[];
}

/**
 * Majority-vote consistency (docs/metrics.md): labels agree when exactly equal; free texts when
 * their similarity reaches the threshold. When every usable sample has a label, labels
 * decide; otherwise texts do. Samples with neither agree with nothing. Ties go to the
 * earlier sample.
 */
export function majorityVote(samples: readonly VoteSample[], options: MajorityVoteOptions): VoteResult {
  const usable = samples.flatMap((sample, index) =>
    sample.label !== undefined || sample.text !== undefined ? [index] : [],
  );
  const byLabel = usable.length > 0 && usable.every((index) => samples[index]!.label !== undefined);
  const similarity = options.similarity ?? ((a: string, b: string) => rougeL(a, b, options.locale ?? "en").f);
  const threshold = options.threshold ?? 0.7;
  const agrees = (a: VoteSample, b: VoteSample): boolean => {
    if (byLabel) return a.label === b.label;
    if (a.text === undefined || b.text === undefined) return false;
    return a.text === b.text || similarity(a.text, b.text) >= threshold;
  };
  return tally(samples.length, usable, (i, j) => agrees(samples[i]!, samples[j]!), options.minimumAgreement);
}

/**
 * The same vote with an asynchronous similarity (e.g. one computed by a model): every pair
 * of distinct free texts is scored once, one after another, then the vote runs on the scores
 * ({@link majorityVoteScored} with a scorer that asks for one pair at a time).
 */
export async function majorityVoteAsync(
  samples: readonly VoteSample[],
  options: Omit<MajorityVoteOptions, "similarity"> & {
    similarity: (a: string, b: string) => Promise<number>;
  },
): Promise<VoteResult> {
  const { similarity, ...rest } = options;
  const { scores: _scores, ...result } = await majorityVoteScored(samples, {
    ...rest,
    scorePairs: async (pairs) => {
      const values: number[] = [];
      for (const [a, b] of pairs) values.push(await similarity(a, b));
      return values;
    },
  });
  return result;
}

/** Scores many text pairs at once (e.g. BERTScore F1 in one worker request): one number per pair. */
export type PairScorer = (pairs: readonly (readonly [string, string])[]) => Promise<number[]>;

/** The distinct text pairs of a vote that need a score: different texts, each pair once, in order. */
export function votePairs(samples: readonly VoteSample[]): [string, string][] {
  const seen = new Set<string>();
  const pairs: [string, string][] = [];
  for (let i = 0; i < samples.length; i += 1) {
    for (let j = i + 1; j < samples.length; j += 1) {
      const a = samples[i]!.text;
      const b = samples[j]!.text;
      if (a === undefined || b === undefined || a === b) continue;
      const key = `${a}\u0000${b}`;
      if (seen.has(key) || seen.has(`${b}\u0000${a}`)) continue;
      seen.add(key);
      pairs.push([a, b]);
    }
  }
  return pairs;
}

/**
 * The vote with a batch scorer: every pair of distinct free texts goes to `scorePairs` in one
 * call (none when the samples are compared by label), then the vote runs on those scores.
 * Returns the scored pairs beside the result, so the stored decision can carry them.
 */
export async function majorityVoteScored(
  samples: readonly VoteSample[],
  options: Omit<MajorityVoteOptions, "similarity"> & { scorePairs: PairScorer },
): Promise<VoteResult & { scores: { a: string; b: string; score: number }[] }> {
  const usable = samples.filter((sample) => sample.label !== undefined || sample.text !== undefined);
  const byLabel = usable.length > 0 && usable.every((sample) => sample.label !== undefined);
  const pairs = byLabel ? [] : votePairs(samples);
  const values = pairs.length > 0 ? await options.scorePairs(pairs) : [];
  if (values.length !== pairs.length) {
    throw new Error(`the scorer returned ${values.length} scores for ${pairs.length} pairs`);
  }
  const scores = new Map(pairs.map(([a, b], index) => [`${a}\u0000${b}`, values[index]!]));
  const result = majorityVote(samples, {
    ...options,
    similarity: (a, b) => scores.get(`${a}\u0000${b}`) ?? scores.get(`${b}\u0000${a}`) ?? 0,
  });
  return { ...result, scores: pairs.map(([a, b], index) => ({ a, b, score: values[index]! })) };
}

function tally(
  count: number,
  usable: readonly number[],
  agrees: (i: number, j: number) => boolean,
  minimumAgreement: number,
): VoteResult {
  let best: number[] = [];
  let winner = -1;
  for (const i of usable) {
    const group = usable.filter((j) => j === i || agrees(i, j));
    if (group.length > best.length) {
      best = group;
      winner = i;
    }
  }
  return {
    accepted: best.length >= minimumAgreement && best.length > 0,
    winner,
    agreement: count === 0 ? 0 : best.length / count,
    agreeing: best,
  };
}

/** The agreement threshold a recipe's `strategies.majorityVote` implies: its `threshold`, else 0.7 (ROUGE-L F1). */
export function majorityVoteThreshold(settings: { threshold?: number | undefined }): number {
  return settings.threshold ?? 0.7;
}
