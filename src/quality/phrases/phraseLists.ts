import { readFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";

/**
 * The phrase lists of the rule checks, one JSON file per list and language in
 * `src/quality/phrases/` (shipped with the package): each entry a regular expression with its
 * flags and where it came from. Which field kinds read which list is decided in
 * `fieldKindRules.ts`; a recipe adds its own entries per field (`quality.fields.<field>.phrases`).
 */
export const phraseListNames = [
  "assistant",
  "preamble",
  "filler",
  "review-leak",
  "voice",
  "offers-help",
  "advises-reader",
  "request",
  "acknowledgement",
  "promise",
  "material",
  "asks-for-questions",
  "illustration",
] as const;

export type PhraseListName = (typeof phraseListNames)[number];

const languages = ["en", "zh"] as const;

interface PhraseEntry {
  pattern: string;
  flags: string;
  source: string;
}

/** The folder of the lists: `src/quality/phrases`, from this module in `src/` or in `dist/`. */
export function phrasesDirectory(): string {
  const here = path.dirname(fileURLToPath(import.meta.url));
  return path.resolve(here, "..", "..", "..", "src", "quality", "phrases");
}

const cache = new Map<PhraseListName, RegExp[]>();

/** Every entry of one list, both languages (English first), compiled; read once. */
export function phraseList(name: PhraseListName): RegExp[] {
  const cached = cache.get(name);
  if (cached) return cached;
  const patterns = languages.flatMap((language) => readPhraseFile(`${name}.${language}.json`));
  cache.set(name, patterns);
  return patterns;
}

/** Reads and checks one list file: a malformed entry is one sentence naming the file and entry. */
export function readPhraseFile(fileName: string): RegExp[] {
  const file = path.join(phrasesDirectory(), fileName);
  const parsed = JSON.parse(readFileSync(file, "utf8")) as { entries?: unknown };
  if (!Array.isArray(parsed.entries)) throw new Error(`${file}: expected an object with an "entries" list`);
  return parsed.entries.map((entry: Partial<PhraseEntry>, index) => {
    if (typeof entry.pattern !== "string" || typeof entry.source !== "string" || entry.source.trim() === "") {
      throw new Error(
        `${file}: entry ${index} needs a "pattern" string and a non-empty "source" (where it came from)`,
      );
    }
    try {
      return new RegExp(entry.pattern, entry.flags ?? "u");
    } catch (error) {
      throw new Error(`${file}: entry ${index} is not a regular expression: ${(error as Error).message}`);
    }
  });
}

/** A recipe's own phrases (already validated by the recipe schema), matched case-insensitively. */
export function compilePhrases(patterns: readonly string[] | undefined): RegExp[] {
  return (patterns ?? []).map((pattern) => new RegExp(pattern, "iu"));
}
