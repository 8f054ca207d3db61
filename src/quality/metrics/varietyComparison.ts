import { createRandom, shuffle } from "../../core/stats/random.js";
import { selfBleu } from "./selfBleu.js";
import { buildWordTable } from "./WordTable.js";

/** Variety of one set of texts (docs/metrics.md, "Variety against the reference"). */
export interface VarietyFigures {
  distinct1: number;
  distinct2: number;
  distinct3: number;
  /** Self-BLEU-4 of every text against the others of the same set; lower is more varied. */
  selfBleu: number;
}

/** The accepted texts' variety against the reference corpus's, both at the same number of texts. */
export interface VarietyComparison {
  /** Texts on each side (the smaller of the two sets, at most `maxTexts`). */
  texts: number;
  /** Random draws averaged on each side larger than `texts`. */
  draws: number;
  dataset: VarietyFigures;
  reference: VarietyFigures;
  /** dataset / reference: distinct-n under 1 and self-BLEU over 1 mean less varied than real data. */
  ratio: { distinct2: number | undefined; distinct3: number | undefined; selfBleu: number | undefined };
}

/** distinct-n over word lists: distinct n-grams / all n-grams, each taken within one text; 0 when there are none. */
export function distinctNgrams(texts: readonly (readonly string[])[], n: number): number {
  const seen = new Set<string>();
  let total = 0;
  for (const words of texts) {
    for (let start = 0; start + n <= words.length; start += 1) {
      seen.add(words.slice(start, start + n).join("\u0000"));
      total += 1;
    }
  }
  return total > 0 ? seen.size / total : 0;
}

function figures(texts: readonly (readonly string[])[]): VarietyFigures {
  const table = buildWordTable(texts as string[][]);
  return {
    distinct1: distinctNgrams(texts, 1),
    distinct2: distinctNgrams(texts, 2),
    distinct3: distinctNgrams(texts, 3),
    selfBleu: selfBleu(table.texts, { sampleSize: texts.length, seed: 13 }).value,
  };
}

/** The mean of each figure over the draws. */
function mean(all: VarietyFigures[]): VarietyFigures {
  const average = (pick: (figures: VarietyFigures) => number) =>
    all.reduce((sum, figures) => sum + pick(figures), 0) / all.length;
  return {
    distinct1: average((f) => f.distinct1),
    distinct2: average((f) => f.distinct2),
    distinct3: average((f) => f.distinct3),
    selfBleu: average((f) => f.selfBleu),
  };
}

/** `count` texts drawn without replacement, `draws` times (one draw, all of them, when there are exactly `count`). */
function draw<T>(items: readonly T[], count: number, draws: number, seed: number): T[][] {
  if (items.length <= count) return [[...items]];
  const random = createRandom(seed);
  return Array.from({ length: draws }, () => shuffle([...items], random).slice(0, count));
}

/**
 * Distinct-1/2/3 and self-BLEU of the accepted texts and of the reference corpus at the same
 * number of texts, since distinct-n falls as a set grows: the larger side is sampled (seeded,
 * `draws` draws averaged) down to the smaller side's size, at most `maxTexts` (self-BLEU is
 * quadratic). Undefined when either side has fewer than 2 texts.
 */
export function compareVariety(
  dataset: readonly (readonly string[])[],
  reference: readonly (readonly string[])[],
  options: { draws?: number; maxTexts?: number; seed?: number } = {},
): VarietyComparison | undefined {
  const count = Math.min(dataset.length, reference.length, options.maxTexts ?? 1000);
  if (count < 2) return undefined;
  const draws = options.draws ?? 5;
  const seed = options.seed ?? 13;
  const ours = mean(draw(dataset, count, draws, seed).map(figures));
  const theirs = mean(draw(reference, count, draws, seed + 1).map(figures));
  const ratio = (a: number, b: number) => (b > 0 ? a / b : undefined);
  return {
    texts: count,
    draws,
    dataset: ours,
    reference: theirs,
    ratio: {
      distinct2: ratio(ours.distinct2, theirs.distinct2),
      distinct3: ratio(ours.distinct3, theirs.distinct3),
      selfBleu: ratio(ours.selfBleu, theirs.selfBleu),
    },
  };
}
