const segmenters = new Map<string, Intl.Segmenter>();

/**
 * Splits text into lower-cased words with `Intl.Segmenter` (word granularity), as METRICS.md
 * defines: Chinese and Japanese are split into dictionary words, punctuation and whitespace
 * segments are dropped.
 */
export function segmentWords(text: string, locale = "en"): string[] {
  let segmenter = segmenters.get(locale);
  if (!segmenter) {
    segmenter = new Intl.Segmenter(locale, { granularity: "word" });
    segmenters.set(locale, segmenter);
  }
  const words: string[] = [];
  for (const segment of segmenter.segment(text)) {
    if (segment.isWordLike) words.push(segment.segment.toLowerCase());
  }
  return words;
}
