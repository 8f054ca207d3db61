/**
 * Characters of one text that the word-based metrics read: segmentation, diversity, domain
 * terms and the adversarial classifier. Far above any real training record, it bounds what one
 * record costs, so a 10 MB line cannot stall a check; character counts still use the whole text.
 */
export const metricTextLimit = 100_000;

/** The part of `text` the word-based metrics read: its first `metricTextLimit` characters. */
export function metricText(text: string): string {
  if (text.length <= metricTextLimit) return text;
  const code = text.charCodeAt(metricTextLimit);
  return text.slice(0, code >= 0xdc00 && code <= 0xdfff ? metricTextLimit - 1 : metricTextLimit);
}
