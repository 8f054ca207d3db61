import { jaccard } from "./jaccard.js";
import { lshParameters } from "./lshParameters.js";
import { bandKeys, minHashSignatures, permutationSeeds } from "./minHashSignatures.js";
import { shingleHashes } from "./shingleHashes.js";
import type { ShingleMode } from "./shingleText.js";

/** Settings of near-duplicate detection; defaults are METRICS.md's. */
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
 * MinHash LSH near-duplicate detection (METRICS.md, "Near-duplicate"). Texts are visited in
 * order; a text whose LSH buckets hold an earlier kept text with exact shingle Jaccard ≥
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
  // Each band's buckets hold the kept records in order, as linked lists in typed arrays: the
  // map gives a bucket's first record, `next` the record after, `last` (kept at the first
  // record's slot) the end. No array per bucket, so 100,000 records make little garbage.
  const heads = keys.map(() => new Map<number, number>());
  const next = new Int32Array(bands * count).fill(-1);
  const last = new Int32Array(bands * count);
  const checked = new Int32Array(count).fill(-1);
  let verifiedPairs = 0;
  for (let record = 0; record < count; record += 1) {
    const set = sets[record]!;
    if (set.length === 0) continue;
    for (let band = 0; band < bands && duplicateOf[record] === -1; band += 1) {
      const base = band * count;
      for (
        let other = heads[band]!.get(keys[band]![record]!) ?? -1;
        other !== -1;
        other = next[base + other]!
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
    if (duplicateOf[record] !== -1) continue;
    for (let band = 0; band < bands; band += 1) {
      const base = band * count;
      const key = keys[band]![record]!;
      const head = heads[band]!.get(key);
      if (head === undefined) {
        heads[band]!.set(key, record);
        last[base + record] = record;
      } else {
        next[base + last[base + head]!] = record;
        last[base + head] = record;
      }
    }
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
