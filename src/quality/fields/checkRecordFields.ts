import type { FieldSpecs, ResolvedFieldSpec } from "../../core/fields/fieldSpecs.js";
import type { QualityDecision } from "../../core/record.js";
import { checkRecordText } from "../filters/checkRecordText.js";
import { compilePhrases } from "../phrases/phraseLists.js";
import { type FieldCheckInput, fieldChecksFor } from "./fieldCheckRegistry.js";
import { fieldLanguage, untranslatedChinese } from "./fieldLanguage.js";

/** What the field checks know about the record besides its fields. */
export interface FieldCheckContext {
  /** The recipe's (or dataset's) language: every field's unless its spec names another. */
  language: string;
  labels?: readonly string[];
  /** The generation prompt (few-shot examples left out): a field that copies it leaks it. */
  prompt?: string;
  /** The real examples the prompt showed (label examples): a field that repeats one was copied. */
  examples?: readonly string[];
  description?: string;
  /** `maxLength` of each string field in the output schema. */
  maxLengths?: Record<string, number>;
  stoppedAtTokenLimit?: boolean;
}

/** The outcome: one decision per check (pass, or the first rejection), and which field failed. */
export interface FieldCheckOutcome {
  decisions: QualityDecision[];
  /** The rejected field and check; undefined when every field passed. */
  rejected?: { field: string; check: string };
}

/**
 * Verifies every declared field of one record as its kind asks: the rule checks of
 * `checkRecordText` calibrated per kind (`kindRules.ts`), then the registered per-kind checks
 * (`fieldCheckRegistry.ts`: an answer that echoes its instruction, a span missing from its
 * source, a translation equal to its source). A list field (turns, entities) is checked item by
 * item. Fields without a spec and label fields are not read. Stops at the first rejection,
 * whose reason names the check and the field ("repetition: output: ..."). Pure and deterministic.
 */
export function checkRecordFields(
  data: Record<string, unknown>,
  specs: FieldSpecs,
  context: FieldCheckContext,
): FieldCheckOutcome {
  const passed = new Set<string>();
  // The model writes the fields in order: the one still open at the token limit is the last written.
  const lastWritten = Object.entries(specs)
    .filter(
      ([field, spec]) => spec.kind !== "label" && stringsOf(data[field]).some((text) => text.trim() !== ""),
    )
    .at(-1)?.[0];
  for (const [field, spec] of Object.entries(specs)) {
    if (spec.kind === "label" || !(field in data)) continue;
    const values = stringsOf(data[field]);
    const sources = (spec.from ?? []).flatMap((name) =>
      stringsOf(data[name]).filter((text) => text.trim() !== ""),
    );
    // What the field was asked by: its instruction-like sources and the inputs (not a document it summarizes).
    const related = Object.entries(specs)
      .filter(
        ([name, other]) =>
          name !== field &&
          (other.kind === "input" || (other.kind === "instruction" && (spec.from ?? []).includes(name))),
      )
      .flatMap(([name]) => stringsOf(data[name]))
      .join("\n");
    const inputFields = Object.entries(specs).filter(([, other]) => other.kind === "input");
    const inputs =
      inputFields.length === 0 ? undefined : inputFields.flatMap(([name]) => stringsOf(data[name]));
    for (const value of values) {
      const rejection = checkValue(
        field,
        value,
        spec,
        sources,
        related,
        data,
        inputs,
        {
          ...context,
          stoppedAtTokenLimit: context.stoppedAtTokenLimit === true && field === lastWritten,
        },
        passed,
      );
      if (rejection) {
        return {
          // The rejection first, then the checks every field before it passed.
          decisions: [
            {
              check: rejection.check,
              decision: "reject",
              // The check's code first, as every rejection reason starts (the report groups by it).
              reason: `${rejection.check}: ${field}: ${rejection.reason.replace(`${rejection.check}: `, "")}`,
            },
            ...[...passed]
              .filter((check) => check !== rejection.check)
              .map((check) => ({ check, decision: "pass" as const })),
          ],
          rejected: { field, check: rejection.check },
        };
      }
    }
  }
  return { decisions: [...passed].map((check) => ({ check, decision: "pass" as const })) };
}

function checkValue(
  field: string,
  value: string,
  spec: ResolvedFieldSpec,
  sources: string[],
  related: string,
  data: Record<string, unknown>,
  inputs: string[] | undefined,
  context: FieldCheckContext,
  passed: Set<string>,
): { check: string; reason: string } | undefined {
  // A translation with no named language is read in the language its script says.
  const language =
    spec.language ??
    (spec.kind === "translation" ? fieldLanguage(value, context.language) : context.language);
  const off = spec.off ?? [];
  if (spec.kind === "translation" && spec.language === undefined && !off.includes("language")) {
    const untranslated = untranslatedChinese(value, context.language);
    if (untranslated !== undefined) {
      return {
        check: "language",
        reason: `language: Chinese left untranslated ("${untranslated}") in a field written in another language`,
      };
    }
  }
  if (value.trim() !== "" || spec.kind !== "input") {
    const decisions = checkRecordText(value, {
      language,
      kind: spec.kind,
      off,
      ...(context.labels ? { labels: context.labels } : {}),
      ...(context.prompt === undefined ? {} : { prompt: context.prompt }),
      ...(context.examples ? { examples: context.examples } : {}),
      ...(context.description === undefined ? {} : { description: context.description }),
      ...(context.maxLengths?.[field] === undefined ? {} : { maxLength: context.maxLengths[field] }),
      ...(context.stoppedAtTokenLimit ? { stoppedAtTokenLimit: true } : {}),
      // A translation with no named target language is not held to the recipe's script.
      ...(spec.kind === "translation" && spec.language === undefined ? { checkLanguage: false } : {}),
      ...(spec.phrases
        ? { phrases: { leak: compilePhrases(spec.phrases.leak), voice: compilePhrases(spec.phrases.voice) } }
        : {}),
      related,
    });
    for (const decision of decisions) {
      if (decision.decision === "reject")
        return { check: decision.check, reason: decision.reason ?? decision.check };
      passed.add(decision.check);
    }
  }
  const input: FieldCheckInput = {
    field,
    value,
    spec,
    sources,
    language,
    data,
    ...(inputs ? { inputs } : {}),
  };
  for (const check of fieldChecksFor(spec.kind)) {
    if (off.includes(check.name)) continue;
    const problem = check.run(input);
    if (problem !== undefined) return { check: check.name, reason: `${check.name}: ${problem}` };
    passed.add(check.name);
  }
  return undefined;
}

/** The strings of a field: itself, or each string item of a list (an item's `content`, `text` or `value`). */
function stringsOf(value: unknown): string[] {
  if (typeof value === "string") return [value];
  if (!Array.isArray(value)) return [];
  return value.flatMap((item) => {
    if (typeof item === "string") return [item];
    if (item === null || typeof item !== "object") return [];
    const record = item as Record<string, unknown>;
    const text = record.content ?? record.text ?? record.value;
    return typeof text === "string" ? [text] : [];
  });
}
