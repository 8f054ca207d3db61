import { looksCjk } from "../text/isCjkLanguage.js";
import { normalizeText } from "../text/normalizeText.js";

/** How texts are cut into shingles: character 5-grams (Chinese, Japanese) or word 5-grams. */
export type ShingleMode = "characters" | "words" | "auto";

/** Shingle length of docs/metrics.md. */
export const shingleSize = 5;

const wordPattern = /[\p{L}\p{N}\p{M}]+(?:['’][\p{L}\p{M}]+)*/gu;

/**
 * The units a text is shingled over, after NFKC, lower-casing and whitespace collapsing:
 * its characters without whitespace (Chinese/Japanese), or its words as runs of letters and
 * digits (apostrophes inside words kept). "auto" decides per text.
 */
export function shingleUnits(text: string, mode: ShingleMode): { units: string[]; separator: string } {
  const normalized = normalizeText(text);
  if (mode === "characters" || (mode === "auto" && looksCjk(normalized))) {
    return { units: Array.from(normalized.replace(/\s+/gu, "")), separator: "" };
  }
  return { units: normalized.match(wordPattern) ?? [], separator: " " };
}

/**
 * The distinct shingles of a text as strings: 5-grams of its units (characters for zh/ja,
 * words otherwise). A text shorter than 5 units is one shingle.
 */
export function shingleText(text: string, mode: ShingleMode): string[] {
  const { units, separator } = shingleUnits(text, mode);
  if (units.length === 0) return [];
  if (units.length < shingleSize) return [units.join(separator)];
  const shingles = new Set<string>();
  for (let start = 0; start + shingleSize <= units.length; start += 1) {
    shingles.add(units.slice(start, start + shingleSize).join(separator));
  }
  return [...shingles];
}
