import { jaccard } from "./jaccard.js";
import { LshBuckets } from "./LshBuckets.js";
import { lshParameters } from "./lshParameters.js";
import { bandKeys, minHashSignatures, permutationSeeds } from "./minHashSignatures.js";
import { shingleHashes } from "./shingleHashes.js";
import type { ShingleMode } from "./shingleText.js";

/** Settings of near-duplicate detection; defaults are docs/metrics.md's. */
export interface NearDuplicateOptions {
  /** Jaccard threshold [0.7]. */
  threshold?: number;
  /** MinHash permutations [128]. */
  permutations?: number;
  /** Shingling: "characters" for zh/ja, "words" otherwise, "auto" per text ["auto"]. */
  mode?: ShingleMode;
  /** Seed of the permutations [1]. */
  seed?: number;
  /** The texts are already normalised (`normalizeText`), so that step is skipped [false]. */
  normalized?: boolean;
}

/** A kept record and the later records removed as its near-duplicates. */
export interface DuplicateCluster {
  keep: number;
  members: { index: number; jaccard: number }[];
}

export interface NearDuplicateResult {
  /** For each text, the index of the earlier kept text it duplicates, or −1 when it is kept. */
  duplicateOf: Int32Array;
  /** Exact Jaccard with that text (0 when kept). */
  similarity: Float64Array;
  clusters: DuplicateCluster[];
  parameters: { threshold: number; permutations: number; bands: number; rows: number };
  /** Candidate pairs that LSH proposed and exact Jaccard checked. */
  verifiedPairs: number;
}

/**
 * MinHash LSH near-duplicate detection (docs/metrics.md, "Validity, duplicates,
 * contradictions"). Texts are visited in order; a text whose LSH buckets hold an earlier kept text with exact shingle Jaccard ≥
 * threshold is marked as that text's duplicate, so the earliest record of each cluster stays.
 */
export async function findNearDuplicates(
  texts: readonly string[],
  options: NearDuplicateOptions = {},
): Promise<NearDuplicateResult> {
  const threshold = options.threshold ?? 0.7;
  const permutations = options.permutations ?? 128;
  const sets = shingleHashes(texts, { mode: options.mode ?? "auto", normalized: options.normalized });
  const { bands, rows } = lshParameters(threshold, permutations);
  const signatures = await minHashSignatures(sets, permutationSeeds(permutations, options.seed ?? 1));
  const keys = bandKeys(signatures, texts.length, permutations, bands, rows);

  const count = texts.length;
  const duplicateOf = new Int32Array(count).fill(-1);
  const similarity = new Float64Array(count);
  const buckets = new LshBuckets(bands, count);
  // Marks the records already compared with the current one: a pair that shares several bands
  // is verified once.
  const checked = new Int32Array(count).fill(-1);
  let verifiedPairs = 0;
  for (let record = 0; record < count; record += 1) {
    const set = sets[record]!;
    if (set.length === 0) continue;
    for (let band = 0; band < bands && duplicateOf[record] === -1; band += 1) {
      for (
        let other = buckets.head(band, keys[band]![record]!);
        other !== -1;
        other = buckets.after(band, other)
      ) {
        if (checked[other] === record) continue;
        checked[other] = record;
        verifiedPairs += 1;
        const score = jaccard(set, sets[other]!);
        if (score >= threshold) {
          duplicateOf[record] = other;
          similarity[record] = score;
          break;
        }
      }
    }
    // Only kept records enter the buckets: a later text is compared with originals, not copies.
    if (duplicateOf[record] !== -1) continue;
    for (let band = 0; band < bands; band += 1) buckets.add(band, keys[band]![record]!, record);
  }
  return {
    duplicateOf,
    similarity,
    clusters: clustersOf(duplicateOf, similarity),
    parameters: { threshold, permutations, bands, rows },
    verifiedPairs,
  };
}

/** Groups removed records under the record they duplicate, ordered by the kept record. */
export function clustersOf(duplicateOf: Int32Array, similarity: Float64Array): DuplicateCluster[] {
  const clusters = new Map<number, DuplicateCluster>();
  duplicateOf.forEach((keep, index) => {
    if (keep === -1) return;
    const cluster = clusters.get(keep) ?? { keep, members: [] };
    cluster.members.push({ index, jaccard: similarity[index]! });
    clusters.set(keep, cluster);
  });
  return [...clusters.values()].sort((a, b) => a.keep - b.keep);
}
