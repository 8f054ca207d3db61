import { createRandom } from "../../generate/plan/random.js";

/** MurmurHash3's 32-bit finaliser: a bijection on 32-bit integers with full avalanche. */
function mix(value: number): number {
  let h = value;
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return h >>> 0;
}

/** Seeds of the permutations: permutation p maps a shingle hash x to mix(x XOR seed_p). */
export function permutationSeeds(permutations: number, seed: number): Uint32Array {
  const random = createRandom(seed);
  return Uint32Array.from({ length: permutations }, () => Math.floor(random() * 4294967296));
}

/**
 * MinHash signatures of many shingle sets (each a list of 32-bit shingle hashes), laid out
 * record-major in one typed array: signature of record i is [i·k, (i+1)·k). An empty set gets
 * all 0xffffffff.
 */
export function minHashSignatures(sets: readonly Uint32Array[], seeds: Uint32Array): Uint32Array {
  const k = seeds.length;
  const signatures = new Uint32Array(sets.length * k).fill(0xffffffff);
  for (let record = 0; record < sets.length; record += 1) {
    const set = sets[record]!;
    const offset = record * k;
    for (let index = 0; index < set.length; index += 1) {
      const shingle = set[index]!;
      for (let p = 0; p < k; p += 1) {
        const value = mix(shingle ^ seeds[p]!);
        if (value < signatures[offset + p]!) signatures[offset + p] = value;
      }
    }
  }
  return signatures;
}

/**
 * One key per (band, record): the band's rows hashed to 52 bits, so distinct band contents
 * practically never share a bucket by accident. Returns `bands` arrays of `records` keys.
 */
export function bandKeys(
  signatures: Uint32Array,
  records: number,
  permutations: number,
  bands: number,
  rows: number,
): Float64Array[] {
  const keys: Float64Array[] = [];
  for (let band = 0; band < bands; band += 1) {
    const column = new Float64Array(records);
    for (let record = 0; record < records; record += 1) {
      let high = 0x9e3779b9 ^ band;
      let low = 0x7f4a7c15 ^ Math.imul(band, 0x27d4eb2f);
      const offset = record * permutations + band * rows;
      for (let row = 0; row < rows; row += 1) {
        const value = signatures[offset + row]!;
        high = mix(high ^ value);
        low = mix((low + Math.imul(value, 0x165667b1)) >>> 0);
      }
      column[record] = (high >>> 12) * 4294967296 + low;
    }
    keys.push(column);
  }
  return keys;
}
