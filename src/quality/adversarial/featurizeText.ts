/** Hashed feature space size: 2^18 buckets. */
export const featureBits = 18;
const mask = (1 << featureBits) - 1;

function fnv1a(text: string, from = 0, to = text.length, seed = 0x811c9dc5): number {
  let hash = seed;
  for (let index = from; index < to; index += 1) {
    hash ^= text.charCodeAt(index);
    hash = Math.imul(hash, 0x01000193);
  }
  return hash >>> 0;
}

const wordSeed = 0x2c1b3c6d;
const bigramSeed = 0x297a2d39;
const characterSeed = 0x5bd1e995;

/** Every feature of a text by name: word unigrams and bigrams (`w:`), character 2–4-grams (`c:`). */
export function featureNamesOf(text: string, words: readonly string[]): string[] {
  const names = words.map((word) => `w:${word}`);
  for (let index = 1; index < words.length; index += 1) names.push(`w:${words[index - 1]} ${words[index]}`);
  const normalized = text.toLowerCase();
  for (let n = 2; n <= 4; n += 1) {
    for (let start = 0; start + n <= normalized.length; start += 1)
      names.push(`c:${normalized.slice(start, start + n)}`);
  }
  return names;
}

/** The hashed index of a feature name as `featurizeText` computes it. */
export function featureIndex(name: string): number {
  const body = name.slice(2);
  if (name.startsWith("c:")) return fnv1a(body, 0, body.length, characterSeed) & mask;
  const space = body.indexOf(" ");
  if (space === -1) return fnv1a(body, 0, body.length, wordSeed) & mask;
  const first = fnv1a(body, 0, space, wordSeed);
  const second = fnv1a(body, space + 1, body.length, wordSeed);
  return (Math.imul(first ^ bigramSeed, 0x9e3779b1) ^ second) & mask;
}

/**
 * Hashed features of a text (the fast path of docs/metrics.md's adversarial validation): word
 * unigrams and bigrams plus character 2–4-grams of the lower-cased text, each hashed (FNV-1a)
 * into 2^18 buckets. Returns the bucket of every occurrence (repeats count again).
 */
export function featurizeText(text: string, words: readonly string[]): Uint32Array {
  const normalized = text.toLowerCase();
  const characters = normalized.length;
  const size = words.length * 2 + Math.max(0, characters - 1) * 3;
  const indexes = new Uint32Array(size);
  let write = 0;
  let previous = 0;
  for (let index = 0; index < words.length; index += 1) {
    const word = words[index]!;
    const hash = fnv1a(word, 0, word.length, wordSeed);
    indexes[write++] = hash & mask;
    if (index > 0) indexes[write++] = (Math.imul(previous ^ bigramSeed, 0x9e3779b1) ^ hash) & mask;
    previous = hash;
  }
  for (let start = 0; start + 2 <= characters; start += 1) {
    // FNV-1a extends a prefix's hash, so the 2-, 3- and 4-gram at `start` cost one pass.
    let hash = characterSeed;
    for (let offset = 0; offset < 4 && start + offset < characters; offset += 1) {
      hash ^= normalized.charCodeAt(start + offset);
      hash = Math.imul(hash, 0x01000193);
      if (offset >= 1) indexes[write++] = (hash >>> 0) & mask;
    }
  }
  return indexes.subarray(0, write);
}
