import type { WordTable } from "./WordTable.js";

/** distinct-n: distinct n-grams / total n-grams over all texts (n = 1 or 2); 0 when there are none. */
export function distinctN(table: WordTable, n: 1 | 2): number {
  if (n === 1) {
    const total = table.counts.reduce((sum, count) => sum + count, 0);
    return total > 0 ? table.words.length / total : 0;
  }
  const seen = new Set<number>();
  const base = table.words.length + 1;
  let total = 0;
  for (const text of table.texts) {
    for (let index = 1; index < text.length; index += 1) {
      seen.add(text[index - 1]! * base + text[index]!);
      total += 1;
    }
  }
  return total > 0 ? seen.size / total : 0;
}
