import { distinctN } from "./distinctN.js";
import { type SelfBleuResult, selfBleu } from "./selfBleu.js";
import { type EntropyResult, shannonEntropy } from "./shannonEntropy.js";
import type { WordTable } from "./WordTable.js";

/** Diversity of a text field (docs/metrics.md, "Diversity"). */
export interface DiversityMetrics extends EntropyResult {
  distinct1: number;
  distinct2: number;
  selfBleu: SelfBleuResult;
}

/** Entropy, distinct-1/2 and sampled self-BLEU of the texts in a word table. */
export function diversityMetrics(
  table: WordTable,
  options: { selfBleuSample?: number; seed?: number } = {},
): DiversityMetrics {
  return {
    ...shannonEntropy(table.counts),
    distinct1: distinctN(table, 1),
    distinct2: distinctN(table, 2),
    selfBleu: selfBleu(table.texts, { sampleSize: options.selfBleuSample ?? 1000, seed: options.seed ?? 13 }),
  };
}
