/**
 * The sampling seed of one model call, derived from the recipe's base seed, the plan slot and
 * the attempt: reproducible across reruns, different for every call. Returns a value in
 * [0, 2^31) so every provider accepts it.
 */
export function deriveSeed(base: number, slotIndex: number, attempt: number): number {
  let hash = 0x811c9dc5;
  for (const part of [base, slotIndex, attempt]) {
    for (let shift = 0; shift < 32; shift += 8) {
      hash ^= (part >>> shift) & 0xff;
      hash = Math.imul(hash, 0x01000193);
    }
    hash ^= Math.floor(part / 2 ** 32) & 0xff;
    hash = Math.imul(hash, 0x01000193);
  }
  hash ^= hash >>> 16;
  hash = Math.imul(hash, 0x85ebca6b);
  hash ^= hash >>> 13;
  return (hash >>> 0) & 0x7fffffff;
}
