import { allocate } from "../../core/plan/allocate.js";
import { createRandom, shuffle } from "../../core/stats/random.js";

/**
 * Picks exactly `round(share × count)` of `count` positions (seeded, spread at random) and
 * assigns each one of `kinds`, the kinds getting equal shares (largest remainder).
 * Returns position → kind. Shared by negatives and evolution.
 */
export function selectShare<Kind extends string>(
  count: number,
  share: number,
  kinds: readonly Kind[],
  seed: number,
): Map<number, Kind> {
  const chosen = new Map<number, Kind>();
  if (kinds.length === 0 || count === 0) return chosen;
  const wanted = Math.min(count, Math.max(0, Math.round(share * count)));
  const random = createRandom(seed);
  const positions = shuffle([...Array(count).keys()], random)
    .slice(0, wanted)
    .sort((a, b) => a - b);
  const perKind = allocate(
    wanted,
    kinds.map(() => 1),
  );
  const labels = kinds.flatMap((kind, index) => Array<Kind>(perKind[index]!).fill(kind));
  shuffle(labels, random);
  positions.forEach((position, index) => {
    chosen.set(position, labels[index]!);
  });
  return chosen;
}
