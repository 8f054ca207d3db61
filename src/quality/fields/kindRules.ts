import type { FieldKind } from "../../core/fields/fieldSpecs.js";
import type { PhraseListName } from "../phrases/phraseLists.js";

/**
 * How each rule check of `checkRecordText` runs on one kind of field. The review pre-filter
 * (`review`) is the strictest; an answer or an instruction holds lists, numbers, code, terms
 * and placeholders by nature, and code is checked only for being cut off or looping.
 */
export interface KindRules {
  /**
   * `strict`: the token limit, the field's maxLength mid-word, a dangling word or punctuation;
   * `prose`: the same, but an end in code or on ";" passes; `limits`: the token limit and
   * maxLength only (an instruction may end on "Answer:", an input mid-sentence on purpose);
   * `text`: as `strict`, but a colon or semicolon may end a sentence that introduces or ends a
   * list item ("…are as follows:", "…已巡查了超过20个投资项目；"); `excerpt`: as `text`, and a
   * clause boundary ("," "，" "、") may end it too: a passage taken out of a longer document
   * ends where its window does (CLUENER's sentences are cut at commas), and a cut the model
   * made is caught by the token limit.
   */
  truncation: "strict" | "prose" | "text" | "excerpt" | "limits" | "off";
  /**
   * `strict`: emoji, digits and symbols; `text`: emoji and symbols, not digits (tables of
   * scores, dates and prices are text); `emoji`: emoji only (digits and formulas are answers).
   */
  symbols: "strict" | "text" | "emoji" | "off";
  /**
   * `review`: the script share (50% Chinese, 80% Latin) and no common English word inside a
   * Chinese text; `text`: the script share only, a Latin word in a Chinese text counting as one
   * unit (a name such as "ParadoxInteractive" or a site address is not eighteen letters of
   * English); `mixed`: 30% / 50% with code removed, and a
   * field in another language passes when its instruction names that language or is written in it.
   */
  language: "review" | "text" | "mixed" | "off";
  /** `gopher`: repeated sentences and Gopher's n-gram fractions; `loop`: degeneration loops only; `lines`: code loops. */
  repetition: "gopher" | "loop" | "lines" | "off";
  /**
   * `review`: braces, any bracketed placeholder, every phrase list, an English prompt word in
   * Chinese, its own label, the copied prompt; `text`: Jinja syntax, slot placeholders, the
   * generic lists, its own label, the copied prompt; `generated`: Jinja syntax, the assistant
   * list, the copied prompt; `template`: Jinja syntax only.
   */
  leak: "review" | "text" | "generated" | "template" | "off";
  /** Phrase lists read by the leak check. */
  phraseLists: PhraseListName[];
  /** The customer-voice check (the business speaking). */
  voice: boolean;
  /** Read the prose around code blocks, inline code and URLs. */
  stripCode: boolean;
}

const review: KindRules = {
  truncation: "strict",
  symbols: "strict",
  language: "review",
  repetition: "gopher",
  leak: "review",
  phraseLists: ["preamble", "review-leak", "assistant", "filler", "offers-help"],
  voice: true,
  stripCode: false,
};

const answer: KindRules = {
  truncation: "prose",
  symbols: "emoji",
  language: "mixed",
  repetition: "loop",
  leak: "generated",
  phraseLists: ["assistant"],
  voice: false,
  stripCode: true,
};

const off: KindRules = {
  truncation: "off",
  symbols: "off",
  language: "off",
  repetition: "off",
  leak: "off",
  phraseLists: [],
  voice: false,
  stripCode: false,
};

const text: KindRules = {
  truncation: "excerpt",
  symbols: "text",
  language: "text",
  // Gopher's fractions are for reviews and web documents; a news sentence that names
  // "800公里以上航线" twice, or a user who asks the same thing twice, is not degenerate.
  repetition: "loop",
  leak: "text",
  // A text written by a person of the task (a user's message, a patient's question, a news
  // sentence): the writer offering the reader help is an agent's or assistant's voice.
  phraseLists: ["preamble", "assistant", "filler", "offers-help"],
  voice: false,
  stripCode: true,
};

export const kindRules: Record<FieldKind, KindRules> = {
  review,
  text,
  // The asker's own words: the answerer advising the reader ("建议您及时就医", "您的病情…",
  // "I would recommend you…") is the wrong side of the conversation. Not for `text`: travel
  // and news sentences say "你可以前往…" to their reader (bench/ruleChecks/phraseListMatches.ts).
  query: { ...text, phraseLists: [...text.phraseLists, "advises-reader"] },
  instruction: { ...answer, truncation: "limits" },
  input: { ...off, truncation: "limits", repetition: "loop", leak: "template", stripCode: true },
  answer,
  // A summary of a given text has no slots to fill: a placeholder or a preamble is a leak.
  summary: { ...answer, leak: "text", phraseLists: ["preamble", "assistant", "filler"] },
  turns: answer,
  code: { ...off, truncation: "limits", repetition: "lines" },
  translation: { ...answer, truncation: "text", symbols: "text", language: "text" },
  span: off,
  label: off,
};

/**
 * The rules of a kind; without one, the review pre-filter as it was before field kinds, whose
 * voice check runs only when the recipe or the prompt asks for reviews.
 */
export function rulesFor(kind: FieldKind | undefined, asksForReviews: boolean): KindRules {
  if (kind !== undefined) return kindRules[kind];
  return { ...review, voice: asksForReviews };
}

/** Prose with its fenced code blocks, inline code and URLs taken out. */
export function stripCode(text: string): string {
  return text
    .replace(/```[\s\S]*?(```|$)/gu, " ")
    .replace(/`[^`\n]+`/gu, " ")
    .replace(/\bhttps?:\/\/\S+/gu, " ");
}
