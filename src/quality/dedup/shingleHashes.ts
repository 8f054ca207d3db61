import { looksCjk } from "../text/isCjkLanguage.js";
import { normalizeText } from "../text/normalizeText.js";
import { type ShingleMode, shingleSize } from "./shingleText.js";

const c1 = 0xcc9e2d51;
const c2 = 0x1b873593;
const wordPattern = /[\p{L}\p{N}\p{M}]+(?:['’][\p{L}\p{M}]+)*/gu;

/** MurmurHash3's 32-bit finaliser: a bijection on 32-bit integers with full avalanche. */
export function finalize(value: number): number {
  let h = value;
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return h;
}

/** MurmurHash3 (x86, 32-bit) of a string's UTF-16 code units, seeded: a word's unit hash. */
function hashWord(word: string, seed: number): number {
  let h = seed;
  for (let index = 0; index < word.length; index += 1) {
    let k = Math.imul(word.charCodeAt(index), c1);
    k = (k << 15) | (k >>> 17);
    k = Math.imul(k, c2);
    h ^= k;
    h = (h << 13) | (h >>> 19);
    h = (Math.imul(h, 5) + 0xe6546b64) | 0;
  }
  return finalize(h ^ (word.length * 2));
}

/** MurmurHash3 over a run of 32-bit unit hashes: order-sensitive, seeded. */
function combine(hashes: Int32Array, start: number, end: number, seed: number): number {
  let h = seed;
  for (let index = start; index < end; index += 1) {
    let k = Math.imul(hashes[index]!, c1);
    k = (k << 15) | (k >>> 17);
    k = Math.imul(k, c2);
    h ^= k;
    h = (h << 13) | (h >>> 19);
    h = (Math.imul(h, 5) + 0xe6546b64) | 0;
  }
  return finalize(h ^ ((end - start) * 4));
}

/**
 * Unit hashes of a normalised text into `buffer`: one per character without whitespace (code
 * points, a surrogate pair counting once) or one per word (`shingleUnits`' words). Returns the count.
 */
function unitHashes(normalized: string, characters: boolean, seed: number, buffer: Int32Array): number {
  let count = 0;
  if (characters) {
    for (let index = 0; index < normalized.length; index += 1) {
      let code = normalized.charCodeAt(index);
      // normalizeText has turned every whitespace run into one space.
      if (code === 0x20) continue;
      if (code >= 0xd800 && code <= 0xdbff && index + 1 < normalized.length) {
        code = normalized.codePointAt(index)!;
        index += 1;
      }
      buffer[count++] = finalize(code ^ seed) | 0;
    }
    return count;
  }
  wordPattern.lastIndex = 0;
  for (const match of normalized.matchAll(wordPattern)) buffer[count++] = hashWord(match[0], seed) | 0;
  return count;
}

/**
 * Each text's shingle set (as `shingleText` defines it: 5-grams of characters for Chinese and
 * Japanese, of words otherwise, after NFKC, lower-casing and whitespace collapsing) as sorted,
 * distinct 32-bit values. A unit (character code point or word) is hashed by MurmurHash3 and a
 * shingle's value is MurmurHash3 over its units' hashes, so no string is built per shingle. Two
 * different shingles share a value with probability 2^-32: Jaccard over these sets is the
 * shingle Jaccard in practice.
 */
export function shingleHashes(
  texts: readonly string[],
  options: { mode: ShingleMode; seed?: number; normalized?: boolean },
): Uint32Array[] {
  const seed = options.seed ?? 0x5f0e;
  let buffer = new Int32Array(256);
  return texts.map((text) => {
    const normalized = options.normalized ? text : normalizeText(text);
    if (buffer.length < normalized.length) buffer = new Int32Array(normalized.length * 2);
    const characters = options.mode === "characters" || (options.mode === "auto" && looksCjk(normalized));
    const units = unitHashes(normalized, characters, seed, buffer);
    if (units === 0) return new Uint32Array(0);
    const count = units < shingleSize ? 1 : units - shingleSize + 1;
    const hashes = new Uint32Array(count);
    for (let start = 0; start < count; start += 1) {
      hashes[start] = combine(buffer, start, Math.min(units, start + shingleSize), seed);
    }
    hashes.sort();
    let write = 0;
    for (let read = 0; read < hashes.length; read += 1) {
      if (read === 0 || hashes[read] !== hashes[write - 1]) hashes[write++] = hashes[read]!;
    }
    return hashes.subarray(0, write);
  });
}
