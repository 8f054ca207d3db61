import { loadHasher } from "./loadHasher.js";
import { type ShingleMode, shingleSize, shingleUnits } from "./shingleText.js";

const c1 = 0xcc9e2d51;
const c2 = 0x1b873593;

/** MurmurHash3 (x86, 32-bit) over a run of 32-bit unit hashes: order-sensitive, seeded. */
function combine(hashes: Uint32Array, start: number, end: number, seed: number): number {
  let h = seed;
  for (let index = start; index < end; index += 1) {
    let k = Math.imul(hashes[index]!, c1);
    k = (k << 15) | (k >>> 17);
    k = Math.imul(k, c2);
    h ^= k;
    h = (h << 13) | (h >>> 19);
    h = (Math.imul(h, 5) + 0xe6546b64) | 0;
  }
  h ^= (end - start) * 4;
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return h >>> 0;
}

/**
 * Each text's shingle set (as `shingleText` defines it) as sorted, distinct 32-bit values.
 * Every distinct unit (character or word) is hashed once with seeded xxHash32 (xxhash-wasm);
 * a shingle's value is MurmurHash3 over its units' hashes. Two different shingles share a
 * value with probability 2^-32, so Jaccard over these sets is the shingle Jaccard in practice.
 */
export async function shingleHashes(
  texts: readonly string[],
  options: { mode: ShingleMode; seed?: number },
): Promise<Uint32Array[]> {
  const { h32 } = await loadHasher();
  const seed = options.seed ?? 0x5f0e;
  const unitHashes = new Map<string, number>();
  let buffer = new Uint32Array(256);
  return texts.map((text) => {
    const { units } = shingleUnits(text, options.mode);
    if (units.length === 0) return new Uint32Array(0);
    if (buffer.length < units.length) buffer = new Uint32Array(units.length * 2);
    for (let index = 0; index < units.length; index += 1) {
      const unit = units[index]!;
      let hash = unitHashes.get(unit);
      if (hash === undefined) {
        hash = h32(unit, seed);
        unitHashes.set(unit, hash);
      }
      buffer[index] = hash;
    }
    const count = units.length < shingleSize ? 1 : units.length - shingleSize + 1;
    const hashes = new Uint32Array(count);
    for (let start = 0; start < count; start += 1) {
      hashes[start] = combine(buffer, start, Math.min(units.length, start + shingleSize), seed);
    }
    hashes.sort();
    let write = 0;
    for (let read = 0; read < hashes.length; read += 1) {
      if (read === 0 || hashes[read] !== hashes[write - 1]) hashes[write++] = hashes[read]!;
    }
    return hashes.subarray(0, write);
  });
}
