import { normalizeText } from "../text/normalizeText.js";

/**
 * Exact duplicates (docs/metrics.md): texts equal after NFKC, lower-casing and whitespace collapsing.
 * Returns, per text, the index of the first text with the same key, or −1 for the first one.
 */
export function findExactDuplicates(
  texts: readonly string[],
  options: { normalized?: boolean } = {},
): Int32Array {
  const first = new Map<string, number>();
  const duplicateOf = new Int32Array(texts.length).fill(-1);
  texts.forEach((text, index) => {
    const key = options.normalized ? text : normalizeText(text);
    const earlier = first.get(key);
    if (earlier === undefined) first.set(key, index);
    else duplicateOf[index] = earlier;
  });
  return duplicateOf;
}
