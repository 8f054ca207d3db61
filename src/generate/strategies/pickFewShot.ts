import { createRandom, shuffle } from "../../core/stats/random.js";

/** The few-shot examples chosen for one slot. */
export interface FewShotPick<T> {
  /** The seed records to show, in prompt order. */
  examples: T[];
  /** Their positions in the seed list (stored in provenance as `fewShot`). */
  indices: number[];
}

const orders = new Map<string, number[]>();

/**
 * Few-shot examples with rotation: the seeds are put in one seeded order, and slot i shows
 * the `perPrompt` seeds starting at position i·perPrompt of that order (wrapping), so
 * consecutive slots see different examples and every seed is shown about equally often.
 * Deterministic in (seeds.length, slotIndex, perPrompt, seed); never repeats a seed within
 * one prompt. Pass `filter` to draw only from matching seeds (e.g. the slot's label);
 * when none match, all seeds are used.
 */
export function pickFewShot<T>(
  seeds: readonly T[],
  slotIndex: number,
  perPrompt: number,
  seed: number,
  filter?: (item: T) => boolean,
): FewShotPick<T> {
  let pool = [...seeds.keys()];
  if (filter) {
    const matching = pool.filter((index) => filter(seeds[index]!));
    if (matching.length > 0) pool = matching;
  }
  const take = Math.min(perPrompt, pool.length);
  if (take <= 0) return { examples: [], indices: [] };
  const order = seededOrder(pool.length, seed);
  const start = (slotIndex * take) % pool.length;
  const indices: number[] = [];
  for (let offset = 0; offset < take; offset += 1) {
    indices.push(pool[order[(start + offset) % pool.length]!]!);
  }
  return { examples: indices.map((index) => seeds[index]!), indices };
}

function seededOrder(length: number, seed: number): number[] {
  const key = `${length}:${seed}`;
  let order = orders.get(key);
  if (!order) {
    order = shuffle([...Array(length).keys()], createRandom(seed));
    if (orders.size > 64) orders.clear();
    orders.set(key, order);
  }
  return order;
}
