import { allocate } from "../core/plan/allocate.js";
import { createRandom, shuffle } from "../core/stats/random.js";

/** A record that can be sampled, with the stratum it belongs to. */
export interface SampleCandidate {
  id: string;
  /** Label and control-dimension values, e.g. { label: "positive", domain: "food" }. */
  stratum: Record<string, string>;
}

/** Settings of the spot-check sample (the recipe's `review` section). */
export interface SpotCheckSampleSettings {
  /** Share of accepted records [0.05]. */
  share: number;
  /** At least this many [30] (or every record when there are fewer). */
  minimum: number;
  seed: number;
}

/** Key of a stratum: its values in name order. */
export function stratumKey(stratum: Record<string, string>): string {
  return Object.keys(stratum)
    .sort()
    .map((name) => `${name}=${stratum[name]}`)
    .join("|");
}

/**
 * Stratified, seeded, reproducible sample of accepted records (docs/metrics.md, "Human spot-check"):
 * size max(minimum, ⌈share·N⌉) capped at N, split over strata (label × dimensions) in proportion
 * to their sizes (largest remainder), and drawn within each stratum by a seeded shuffle of the
 * ids in sorted order, so the sample does not depend on the order records are listed in.
 */
export function drawSpotCheckSample(
  candidates: readonly SampleCandidate[],
  settings: SpotCheckSampleSettings,
): string[] {
  const size = Math.min(
    candidates.length,
    Math.max(settings.minimum, Math.ceil(settings.share * candidates.length)),
  );
  const strata = new Map<string, string[]>();
  for (const candidate of candidates) {
    const key = stratumKey(candidate.stratum);
    const list = strata.get(key) ?? [];
    list.push(candidate.id);
    strata.set(key, list);
  }
  const keys = [...strata.keys()].sort();
  const sizes = keys.map((key) => strata.get(key)!.length);
  const counts = allocate(size, sizes);
  const random = createRandom(settings.seed);
  const sample: string[] = [];
  keys.forEach((key, index) => {
    const ids = shuffle([...strata.get(key)!].sort(), random);
    sample.push(...ids.slice(0, Math.min(counts[index]!, ids.length)));
  });
  return sample;
}
