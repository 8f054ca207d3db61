/**
 * Words of a dataset interned as integer ids, so that n-gram counting uses numbers instead of
 * strings: one pass of `Intl.Segmenter` feeds every metric.
 */
export interface WordTable {
  /** Word → id. */
  ids: Map<string, number>;
  /** Id → word. */
  words: string[];
  /** Id → occurrences over the dataset. */
  counts: number[];
  /** Each text as its word ids. */
  texts: Int32Array[];
}

/** Interns already-segmented texts into a WordTable. */
export function buildWordTable(segmented: readonly string[][]): WordTable {
  const ids = new Map<string, number>();
  const words: string[] = [];
  const counts: number[] = [];
  const texts = segmented.map((textWords) => {
    const row = new Int32Array(textWords.length);
    textWords.forEach((word, index) => {
      let id = ids.get(word);
      if (id === undefined) {
        id = words.length;
        ids.set(word, id);
        words.push(word);
        counts.push(0);
      }
      counts[id]! += 1;
      row[index] = id;
    });
    return row;
  });
  return { ids, words, counts, texts };
}
