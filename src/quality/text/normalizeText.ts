/** NFKC-normalised, lower-cased, whitespace-collapsed text: the key of the exact-duplicate filter. */
export function normalizeText(text: string): string {
  return text.normalize("NFKC").toLowerCase().replace(/\s+/gu, " ").trim();
}
