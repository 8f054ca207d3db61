import type { FieldCheckName, FieldKind, ResolvedFieldSpec } from "../../core/fields/fieldSpecs.js";
import { segmentWords } from "../../core/text/segmentWords.js";
import { compilePhrases } from "../phrases/phraseLists.js";
import { isCjkLanguage, looksCjk } from "../text/isCjkLanguage.js";
import {
  daysProblem,
  dictionaryProblem,
  lengthRatioProblem,
  namesProblem,
  numbersProblem,
  untranslatedWordsProblem,
} from "../translation/pairRuleChecks.js";
import { stripCode } from "./kindRules.js";
import { asksBack, missingInput } from "./unanswered.js";

/** What a per-kind check sees: one string of one field, its spec, and the fields it comes from. */
export interface FieldCheckInput {
  /** The field's name in the record. */
  field: string;
  /** The string checked (one turn or one item of a list field is checked on its own). */
  value: string;
  spec: ResolvedFieldSpec;
  /** Texts of the fields named in `spec.from`, in order (missing or empty ones left out). */
  sources: string[];
  /** The field's language: `spec.language`, else the recipe's. */
  language: string;
  /** The whole record, for checks that need more than the sources. */
  data: Record<string, unknown>;
  /** Texts of the record's `input` fields (empty ones included); undefined when it has none. */
  inputs?: string[];
}

/**
 * A check that applies to some field kinds: returns why the value is wrong, or undefined.
 * Its `name` is the rejection's reason code and the key a recipe turns it off with
 * (`quality.fields.<field>.checks.<name>: false`), so it is one of `fieldCheckNames`.
 */
export interface FieldCheck {
  name: FieldCheckName;
  kinds: readonly FieldKind[];
  run: (input: FieldCheckInput) => string | undefined;
}

const registry = new Map<FieldCheckName, FieldCheck>();

/** Adds a per-kind check (or replaces the one of the same name). */
export function registerFieldCheck(check: FieldCheck): void {
  registry.set(check.name, check);
}

/** The registered checks that apply to a kind, in registration order. */
export function fieldChecksFor(kind: FieldKind): FieldCheck[] {
  return [...registry.values()].filter((check) => check.kinds.includes(kind));
}

const compact = (text: string) =>
  text
    .toLowerCase()
    .replace(/[\s\p{P}\p{S}]+/gu, " ")
    .trim();

/** Word 3-grams (English) or character 4-grams (Chinese) of a text. */
function grams(text: string, language: string): string[] {
  if (isCjkLanguage(language) || /\p{Script=Han}{4}/u.test(text)) {
    const characters = [...text].filter((character) => /[\p{L}\p{N}]/u.test(character));
    return characters
      .slice(0, Math.max(0, characters.length - 3))
      .map((_, index) => characters.slice(index, index + 4).join(""));
  }
  const words = segmentWords(text.toLowerCase(), language);
  return words
    .slice(0, Math.max(0, words.length - 2))
    .map((_, index) => words.slice(index, index + 3).join(" "));
}

// An answer that repeats its instruction instead of answering it: at least 80% of its
// 3-grams (Chinese: 4-character grams) occur in the instruction, and it has at least four of
// them. Read on the prose: an answer that quotes the question's code to fix it is normal.
registerFieldCheck({
  name: "echo",
  kinds: ["answer", "turns"],
  run: ({ value: whole, sources: given, language }) => {
    if (given.length === 0) return undefined;
    const value = stripCode(whole);
    const sources = given.map(stripCode);
    const own = grams(value, language);
    if (own.length < 4) {
      const answer = compact(value);
      return answer.length >= 12 && sources.some((source) => compact(source) === answer)
        ? "repeats its source word for word"
        : undefined;
    }
    const source = new Set(sources.flatMap((text) => grams(text, language)));
    const shared = own.filter((gram) => source.has(gram)).length / own.length;
    return shared >= 0.8
      ? `${Math.round(shared * 100)}% of it repeats its source instead of answering it`
      : undefined;
  },
});

// A span that must be copied from its source field but occurs nowhere in it (spaces and case aside).
registerFieldCheck({
  name: "span",
  kinds: ["span"],
  run: ({ value, sources, spec }) => {
    if (sources.length === 0 || value.trim() === "") return undefined;
    const squeeze = (text: string) => text.toLowerCase().replace(/\s+/gu, "");
    const needle = squeeze(value);
    return sources.some((source) => squeeze(source).includes(needle))
      ? undefined
      : `"${value.length > 40 ? `${value.slice(0, 37)}...` : value}" does not occur in ${spec.from?.join(", ")}`;
  },
});

// A translation into a named language that is its source unchanged (a translation recipe's own
// pair checks, `target-language`, judge the fields whose language the recipe's pair names).
registerFieldCheck({
  name: "untranslated",
  kinds: ["translation"],
  run: ({ value, sources, spec }) =>
    spec.language !== undefined &&
    sources.some((source) => compact(source) === compact(value) && compact(value) !== "")
      ? "the same text as its source"
      : undefined,
});

// A translation into a named language whose source says something else: a length outside what
// real pairs show, numbers that differ, the Chinese side's Latin-letter names missing from the
// other, a day (yesterday, today, tomorrow) one side names and the other does not, few words the
// dictionary finds translated, English words left in the Chinese (the pair rules of src/quality/translation/, for Chinese with English; the source's
// language is read off its script). Measured by bench/audit/families.ts.
registerFieldCheck({
  name: "alignment",
  kinds: ["translation"],
  run: ({ value, sources, spec }) => {
    const source = sources[0];
    if (spec.language === undefined || source === undefined) return undefined;
    const target = spec.language;
    const direction = { source: looksCjk(source) ? "zh" : "en", target };
    if (isCjkLanguage(direction.source) === isCjkLanguage(target)) return undefined;
    return (
      lengthRatioProblem(source, value, direction) ??
      numbersProblem(source, value, direction) ??
      namesProblem(source, value, direction) ??
      daysProblem(source, value, direction) ??
      untranslatedWordsProblem(source, value, direction) ??
      dictionaryProblem(source, value, direction)
    );
  },
});

/** A key and a colon right after the opening bracket: a JSON object, or a Python dict as a small model writes one. */
const keyedData = /^\s*(?:```(?:json|python)?\s*)?\[?\s*\{\s*["'][^"'\n]{1,60}["']\s*:/u;
/** Words with which a request asks for data rather than prose (any language the examples use). */
const asksForData =
  /\bjson\b|\bdict(?:ionary|ionaries)?\b|\bobjects?\b|\bkey[- ]value\b|\byaml\b|\bpython\b|\bjavascript\b|\bcode\b|\barrays?\b|\bschema\b|字典|对象|键值|代码|数组/iu;

// Prose written as data: an answer, instruction, summary, turn or translation whose text is a
// JSON object or a Python dict (or a list of them) — the model wrote a record, or wrapped its
// answer in keys, instead of writing the text — unless another field of the record asks for
// JSON, a dict, code or the like. A list of plain values ("[-4, 2, 5]") or a bracketed
// placeholder ("[Your name]") has no keys and passes. Measured by bench/audit/families.ts.
registerFieldCheck({
  name: "structured",
  kinds: ["instruction", "answer", "summary", "turns", "translation"],
  run: ({ field, value, data }) => {
    if (!keyedData.test(value)) return undefined;
    const others = Object.entries(data)
      .filter(([name, other]) => name !== field && typeof other === "string")
      .map(([, other]) => other as string);
    return others.some((other) => asksForData.test(other))
      ? undefined
      : `written as data ("${value.trim().slice(0, 40)}..."), though nothing asks for JSON or code`;
  },
});

// An answer that asks the reader for information or material instead of answering ("好的，请提供
// 所需材料。", "What kind of toilet is it?"): its sentences are requests and little else
// (`unanswered.ts`). Measured by bench/audit/families.ts and bench/audit/unanswered.ts.
registerFieldCheck({
  name: "asks-back",
  kinds: ["answer"],
  run: ({ value, sources, language, spec }) =>
    asksBack(stripCode(value), sources.join("\n"), language, compilePhrases(spec.phrases?.request)),
});

// An instruction that points at material ("根据以下材料", "the given list") which the record's
// empty input does not give and the instruction does not quote (`unanswered.ts`). Only for
// records that have an input field: elsewhere the material may be anywhere.
registerFieldCheck({
  name: "missing-input",
  kinds: ["instruction"],
  run: ({ value, inputs, spec }) =>
    inputs === undefined ? undefined : missingInput(value, inputs, compilePhrases(spec.phrases?.material)),
});
