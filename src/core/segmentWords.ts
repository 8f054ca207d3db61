const segmenters = new Map<string, Intl.Segmenter>();

function segmenterFor(locale: string): Intl.Segmenter {
  let segmenter = segmenters.get(locale);
  if (!segmenter) {
    segmenter = new Intl.Segmenter(locale, { granularity: "word" });
    segmenters.set(locale, segmenter);
  }
  return segmenter;
}

/**
 * Splits text into lower-cased words with `Intl.Segmenter` (word granularity) in the given
 * locale, as METRICS.md defines: punctuation and whitespace segments are not words.
 */
export function segmentWords(text: string, locale: string): string[] {
  const words: string[] = [];
  for (const segment of segmenterFor(locale).segment(text)) {
    if (segment.isWordLike) words.push(segment.segment.toLowerCase());
  }
  return words;
}
