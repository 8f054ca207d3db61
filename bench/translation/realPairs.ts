// The real side of the translation bench, apart from the script so it can be tested: the real
// training pairs are as many as the generated pairs actually read (never N when the export holds
// fewer, so both students see the same count), drawn from the head of the development file,
// and the test pairs are its fixed tail, which no training pair may come from.
import { visibleLength } from "../../src/quality/translation/pairRuleChecks.js";

export interface Pair {
  text: string;
  translation: string;
}

/** Lines of the parallel development files the bench reads (newstest2019 zh-en has 2,000). */
export const developmentLines = 2000;
/** Real training pairs come from lines 1–1000 only, the test pairs from the tail. */
export const trainingLines = 1000;

/**
 * The first `count` pairs of lines 1–1000 whose source has at most `maxSourceLength` visible
 * characters (sentences as short as generated ones).
 */
export function realTrainingPairs(
  sources: readonly string[],
  targets: readonly string[],
  count: number,
  maxSourceLength = 40,
): Pair[] {
  const pairs: Pair[] = [];
  for (let index = 0; index < Math.min(trainingLines, sources.length) && pairs.length < count; index += 1) {
    const text = sources[index]!;
    if (text.trim() !== "" && visibleLength(text) <= maxSourceLength)
      pairs.push({ text, translation: targets[index]! });
  }
  return pairs;
}

/** The last `count` pairs of the 2,000 lines, never trained on. */
export function realTestPairs(sources: readonly string[], targets: readonly string[], count: number): Pair[] {
  if (count > developmentLines - trainingLines)
    throw new Error(`at most ${developmentLines - trainingLines} test pairs (lines 1001–2000)`);
  const start = developmentLines - count;
  return sources
    .slice(start, developmentLines)
    .map((text, index) => ({ text, translation: targets[start + index]! }));
}

/** One line of a read file (`results/read-*.jsonl`): a run's record and my verdict on it. */
export interface ReadRecord extends Pair {
  status: string;
  wouldKeep: boolean;
}

/**
 * The generated pairs, in their order, that the read file holds as accepted and that I would keep
 * (the checks' misses taken out), so a student can be tuned on the correct ones only.
 */
export function pairsReadAsCorrect(generated: readonly Pair[], read: readonly ReadRecord[]): Pair[] {
  const kept = new Set(
    read
      .filter((record) => record.status === "accepted" && record.wouldKeep)
      .map((record) => JSON.stringify([record.text, record.translation])),
  );
  return generated.filter((pair) => kept.has(JSON.stringify([pair.text, pair.translation])));
}
