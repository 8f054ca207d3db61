import { isIPv6 } from "node:net";
import { chineseIdValid } from "./chineseIdValid.js";
import { luhnValid } from "./luhn.js";

/** Kinds of sensitive content the filter finds. */
export type SensitiveType =
  | "china-id"
  | "bank-card"
  | "china-mobile"
  | "phone"
  | "email"
  | "ipv4"
  | "ipv6"
  | "word";

/** One hit: its type, its span in the text (UTF-16 offsets, end exclusive) and the matched text. */
export interface SensitiveHit {
  type: SensitiveType;
  start: number;
  end: number;
  text: string;
}

interface Detector {
  type: SensitiveType;
  pattern: RegExp;
  accept?: (match: string) => boolean;
}

const octet = "(?:25[0-5]|2[0-4]\\d|1\\d\\d|[1-9]?\\d)";

// Earlier detectors win where spans overlap: an ID number is not also reported as a card.
const detectors: Detector[] = [
  { type: "china-id", pattern: /(?<![0-9A-Za-z])[1-9]\d{16}[\dXx](?![0-9A-Za-z])/g, accept: chineseIdValid },
  {
    type: "bank-card",
    pattern: /(?<![\d-])\d(?:[ -]?\d){12,18}(?![\d-])/g,
    accept: (match) => luhnValid(match.replace(/[ -]/g, "")),
  },
  { type: "china-mobile", pattern: /(?<![\d+])(?:(?:\+|00)?86[ -]?)?1[3-9]\d(?:[ -]?\d{4}){2}(?!\d)/g },
  {
    type: "phone",
    pattern:
      /(?<![\w+])(?:(?:\+|00)\d{1,3}[ .-]?)?(?:\(\d{2,4}\)[ .-]?|\d{2,4}[ .-])\d{3,4}[ .-]?\d{3,4}(?![\w])/g,
    accept: (match) => match.replace(/\D/g, "").length >= 7 && !/^\d{4}-\d{2}-\d{2}$/.test(match),
  },
  { type: "email", pattern: /[A-Za-z0-9._%+-]+@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)*\.[A-Za-z]{2,}/g },
  { type: "ipv4", pattern: new RegExp(`(?<![\\d.])(?:${octet}\\.){3}${octet}(?![\\d.])`, "g") },
  {
    type: "ipv6",
    pattern: /(?<![\w:])(?:[0-9A-Fa-f]{0,4}:){2,7}[0-9A-Fa-f]{0,4}(?![\w:])/g,
    accept: (match) => /[0-9A-Fa-f]/.test(match) && isIPv6(match),
  },
];

const mayHoldPersonalData = /[0-9@:]/;

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
}

/** Compiles a user word list into one case-insensitive pattern; words made of letters match whole words only. */
export function compileWordList(words: readonly string[]): RegExp | undefined {
  if (words.length === 0) return undefined;
  const alternatives = [...words]
    .sort((a, b) => b.length - a.length)
    .map((word) =>
      /^[\p{Script=Latin}\p{N}_'-]+$/u.test(word)
        ? `(?<![\\p{L}\\p{N}])${escapeRegExp(word)}(?![\\p{L}\\p{N}])`
        : escapeRegExp(word),
    );
  return new RegExp(alternatives.join("|"), "giu");
}

/**
 * Finds personal data (docs/metrics.md, "Sensitive content"): Chinese resident IDs with a valid
 * check digit, bank cards passing Luhn, mainland China mobiles, other phone numbers, e-mail
 * addresses, IPv4/IPv6 addresses, and the words of an optional user list. Hits never overlap.
 */
export function detectSensitive(text: string, wordList?: RegExp): SensitiveHit[] {
  // Every built-in detector needs an ASCII digit, "@" or ":"; most texts have none.
  const builtIn = mayHoldPersonalData.test(text) ? detectors : [];
  if (!wordList && builtIn.length === 0) return [];
  const hits: SensitiveHit[] = [];
  const overlaps = (start: number, end: number) => hits.some((hit) => start < hit.end && hit.start < end);
  const all = wordList ? [...builtIn, { type: "word" as const, pattern: wordList }] : builtIn;
  for (const detector of all) {
    detector.pattern.lastIndex = 0;
    for (const match of text.matchAll(detector.pattern)) {
      const start = match.index;
      const end = start + match[0].length;
      if (detector.accept && !detector.accept(match[0])) continue;
      if (overlaps(start, end)) continue;
      hits.push({ type: detector.type, start, end, text: match[0] });
    }
  }
  return hits.sort((a, b) => a.start - b.start);
}
