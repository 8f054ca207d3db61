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
 * Longest piece of text handed to `Intl.Segmenter` at once. In Node 20 its cost per word grows
 * with the length of the whole text it was given (English: 0.8 µs a word in a 300-character
 * text, 7 µs in a 24,000-character one; a 10 MB line never finishes), so long texts are
 * segmented piece by piece, which keeps the cost linear.
 */
export const segmentPieceLength = 1024;

/** Where a piece may end: after whitespace, or after full-width punctuation, which never sits inside a word. */
const breakAfter = /[\s\u3000。，、；：！？」』）】》]/u;

/**
 * The pieces `segmentWords` hands to the segmenter, in order; joined, they are `text`. Each is
 * at most `segmentPieceLength` code units and ends after whitespace or punctuation when the
 * second half of its window has one, so no word is cut; a longer run without either (a URL,
 * unpunctuated Chinese) is cut at the window's end, never inside a surrogate pair.
 */
export function* segmentPieces(text: string, pieceLength = segmentPieceLength): Generator<string> {
  let start = 0;
  while (text.length - start > pieceLength) {
    const window = start + pieceLength;
    let end = window;
    while (end > start + pieceLength / 2 && !breakAfter.test(text[end - 1]!)) end -= 1;
    if (end <= start + pieceLength / 2) {
      end = window;
      const code = text.charCodeAt(end);
      if (code >= 0xdc00 && code <= 0xdfff) end -= 1;
    }
    yield text.slice(start, end);
    start = end;
  }
  yield start === 0 ? text : text.slice(start);
}

/**
 * Splits text into lower-cased words with `Intl.Segmenter` (word granularity) in the given
 * locale, as docs/metrics.md defines: punctuation and whitespace segments are not words. Time is
 * linear in the text's length (see `segmentPieces`). The one word splitter of Synthforge: the
 * metrics, the filters and the worker threads of `segmentTexts` all use it.
 */
export function segmentWords(text: string, locale: string): string[] {
  const segmenter = segmenterFor(locale);
  const words: string[] = [];
  for (const piece of segmentPieces(text)) {
    for (const segment of segmenter.segment(piece)) {
      if (segment.isWordLike) words.push(segment.segment.toLowerCase());
    }
  }
  return words;
}
