import { allocate } from "../core/plan/allocate.js";
import { createRandom, shuffle } from "../core/stats/random.js";

/** Shares of the train, validation and test splits; they add up to 1. */
export interface SplitShares {
  train: number;
  validation: number;
  test: number;
}

export type SplitName = keyof SplitShares;
export const splitNames: readonly SplitName[] = ["train", "validation", "test"];

/**
 * Splits items into train/validation/test with a seeded shuffle. With `labelOf`, each label
 * is split on its own (stratified), so every split keeps the label proportions; counts per
 * group are allocated by largest remainders and always add up to the group's size.
 */
export function splitRecords<T>(
  items: readonly T[],
  shares: SplitShares,
  seed: number,
  labelOf?: (item: T) => string,
): Record<SplitName, T[]> {
  const groups = new Map<string, T[]>();
  for (const item of items) {
    const key = labelOf ? labelOf(item) : "";
    const group = groups.get(key) ?? [];
    group.push(item);
    groups.set(key, group);
  }
  const result: Record<SplitName, T[]> = { train: [], validation: [], test: [] };
  const weights = splitNames.map((name) => shares[name]);
  const keys = [...groups.keys()].sort();
  for (const [position, key] of keys.entries()) {
    const group = shuffle([...groups.get(key)!], createRandom(seed + position));
    const counts = allocate(group.length, weights);
    let offset = 0;
    splitNames.forEach((name, index) => {
      result[name].push(...group.slice(offset, offset + counts[index]!));
      offset += counts[index]!;
    });
  }
  return result;
}

/** Reads "0.8,0.1,0.1" (or "80,10,10") into shares; undefined when it is not three shares adding up to 1 (or 100). */
export function parseSplit(text: string): SplitShares | undefined {
  const parts = text.split(",").map((part) => Number(part.trim()));
  if (parts.length < 1 || parts.length > 3 || parts.some((part) => !Number.isFinite(part) || part < 0))
    return undefined;
  const [train = 0, validation = 0, test = 0] = parts;
  const sum = train + validation + test;
  const scale = Math.abs(sum - 100) < 1e-6 ? 100 : 1;
  if (Math.abs(sum / scale - 1) > 1e-6) return undefined;
  return { train: train / scale, validation: validation / scale, test: test / scale };
}
