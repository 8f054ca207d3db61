import type { TaskType } from "../recipe/taskTypes.js";

/**
 * What an output field is, so each verification check runs only where it means something:
 *
 * - `review`: free text in a persona's voice (a customer's review or comment): every rule of
 *   the review pre-filter, the customer-voice rule and the review phrase lists included.
 * - `text`: free text written for the task (a passage, an article, a user message).
 * - `query`: a question or message written by the person asking (a customer's message to a
 *   support bot, a patient's question): `text`'s rules, and the answerer's voice (advice to the
 *   reader, the reader's own condition or account) is a leak.
 * - `instruction`: a request to an assistant ("In this task, you are given..." is normal).
 * - `input`: material an instruction works on (placeholders, tables, code, other languages are normal).
 * - `answer`: a response to an instruction or question (lists, numbers, code blocks, a quoted
 *   foreign phrase are normal).
 * - `summary`: a summary of the field named in `from` (copying its sentences is normal).
 * - `code`: source code.
 * - `translation`: a translation into the field's `language`, of the field named in `from`.
 * - `span`: a piece copied verbatim from the field named in `from`.
 * - `label`: a class name; the label checks (schema, judge) cover it.
 * - `turns`: a list of `{ role, content }` (or `{ speaker, content }`) turns: each content is
 *   checked as an answer.
 */
export const fieldKinds = [
  "review",
  "text",
  "query",
  "instruction",
  "input",
  "answer",
  "summary",
  "code",
  "translation",
  "span",
  "label",
  "turns",
] as const;

export type FieldKind = (typeof fieldKinds)[number];

/** One output field's declaration: what it is, its language, the fields it was made from. */
export interface FieldSpec {
  kind: FieldKind;
  /** BCP 47 tag of the field's text when it differs from the recipe's (a translation's target). */
  language?: string;
  /** Fields this one answers, translates, summarizes or copies from, in order. */
  from?: string[];
}

/** The rule checks a field can run; a recipe may turn each off per field. */
export const fieldCheckNames = [
  "truncated",
  "symbols",
  "language",
  "repetition",
  "leak",
  "voice",
  "echo",
  "span",
  "untranslated",
  "alignment",
  "structured",
  "asks-back",
  "missing-input",
] as const;

export type FieldCheckName = (typeof fieldCheckNames)[number];

/** Per field: its spec plus what the recipe changed (checks turned off, phrases added). */
export interface ResolvedFieldSpec extends FieldSpec {
  /** Checks turned off for this field (`quality.fields.<name>.checks.<check>: false`). */
  off?: FieldCheckName[];
  /** Extra phrases (regular expressions) per phrase list, from the recipe. */
  phrases?: { leak?: string[]; voice?: string[]; request?: string[]; material?: string[] };
}

export type FieldSpecs = Record<string, ResolvedFieldSpec>;

/** Field names that say what a column of a user's file holds, for `synthforge check` without a recipe. */
const namedKinds: [RegExp, FieldSpec][] = [
  [/^(instruction|prompt|request)$/i, { kind: "instruction" }],
  // A query with an answer beside it is what the answer answers (an instruction, below); alone,
  // it is the asker's own message (KUAKE-QIC's and banking-style files: `query`, `label`).
  [/^query$/i, { kind: "query" }],
  [/^(input|context_input)$/i, { kind: "input" }],
  [/^(output|response|completion|answer|chosen|rejected|reply)$/i, { kind: "answer" }],
  [/^(code|solution|program)$/i, { kind: "code" }],
  [/^(summary|key_points|highlights)$/i, { kind: "summary" }],
  [/^(turns|messages|conversation|conversations)$/i, { kind: "turns" }],
];

/**
 * Kinds read off a user's column names: undefined unless at least one column names an
 * instruction-data role (instruction, input, output, response, ...) or is a `query`, so a plain
 * text or review file keeps the review pre-filter on its text column. A `query` column is the
 * asker's message, unless an answer column answers it: then it is the instruction.
 */
export function guessFieldSpecs(columns: readonly string[]): FieldSpecs | undefined {
  const specs: FieldSpecs = {};
  for (const column of columns) {
    const found = namedKinds.find(([pattern]) => pattern.test(column));
    if (found) specs[column] = { ...found[1] };
  }
  if (Object.keys(specs).length === 0) return undefined;
  const answered = Object.values(specs).some((spec) => spec.kind === "answer");
  if (answered && !Object.values(specs).some((spec) => spec.kind === "instruction")) {
    for (const spec of Object.values(specs)) if (spec.kind === "query") spec.kind = "instruction";
  }
  const instruction = Object.keys(specs).find((column) => specs[column]!.kind === "instruction");
  if (instruction) {
    for (const spec of Object.values(specs)) {
      if (spec.kind === "answer") spec.from = [instruction];
    }
  }
  return specs;
}

/**
 * The kinds a task's fields have when neither the template nor the recipe says: the text field
 * of a classification task is free text (a review when the recipe asks for reviews), the label
 * field a label, and by name an instruction, input, answer, code or turns field.
 */
export function defaultFieldSpecs(options: {
  task: TaskType;
  properties: readonly string[];
  textField: string;
  labelField?: string;
  /** The recipe's description (and prompt): when it asks for reviews, the text field is a review. */
  brief?: string;
}): FieldSpecs {
  const specs: FieldSpecs = {};
  const guessed = guessFieldSpecs(options.properties) ?? {};
  const reviews = options.brief !== undefined && asksForReviews(options.brief);
  for (const field of options.properties) {
    if (field === options.labelField) specs[field] = { kind: "label" };
    else if (guessed[field]) specs[field] = guessed[field]!;
    // A translation's other fields translate its text field.
    else if (options.task === "translation" && field !== options.textField) {
      specs[field] = { kind: "translation", from: [options.textField] };
    } else if (field === options.textField && reviews) specs[field] = { kind: "review" };
    else specs[field] = { kind: "text" };
  }
  return specs;
}

/** The brief asks for customer reviews: "review", 评论, 评价, 点评. */
export function asksForReviews(brief: string): boolean {
  return /\breviews?\b/iu.test(brief) || /(评论|评价|点评)/u.test(brief);
}
