import { type LabelGuide, renderLabelList } from "../../core/labels/labelGuide.js";
import type { ChatMessage } from "../../providers/LanguageModel.js";

/** What the judge is told about the dataset; the same for every record, so prompts share a prefix. */
export interface JudgeBrief {
  task: string;
  /** The recipe's description of the data. */
  description: string;
  /** Language tag of the data. */
  language: string;
}

/** The question the judge answers k times about the output of a non-classification record. */
const outputQuestions: Record<string, string> = {
  translation:
    "Is the translation faithful and complete: does it say what the source says, no more and no less?",
  qa: "Is the answer correct and supported by the given context or question?",
  summarization: "Is the summary faithful to the source, with no facts the source does not contain?",
  paraphrase: "Does the paraphrase mean the same as the source while using different words?",
  rewriting: "Does the rewrite keep the meaning of the original and follow the requested style?",
  extraction:
    "Is every extracted item really in the text and correctly typed, with nothing important missed?",
  // Whether the answer is about what was asked, not whether it is right: small judges tell the
  // first apart (an answer to another instruction) and answer the second at chance.
  instruction: "Does the output answer this instruction, about what it asks, rather than something else?",
  dialogue: "Is the dialogue coherent, with every reply answering what came before?",
  "multi-label": "Do the labels fit the text, with none missing and none wrong?",
  preference: "Is the chosen response clearly better than the rejected one?",
};

function system(brief: JudgeBrief): string {
  const about =
    brief.description.trim() === ""
      ? `${brief.task} data (language: ${brief.language})`
      : brief.description.trim();
  return `You are an expert annotator for this dataset: ${about}`;
}

/** "a, b or c". */
function alternatives(choices: readonly string[]): string {
  return choices.length <= 1 ? (choices[0] ?? "") : `${choices.slice(0, -1).join(", ")} or ${choices.at(-1)}`;
}

/** The record as the judge sees it: the text first, so the annotations of one record share their prompt up to the question. */
function shown(fields: Record<string, unknown>): string {
  return Object.entries(fields)
    .map(([name, value]) => `${name}: ${typeof value === "string" ? value : JSON.stringify(value)}`)
    .join("\n");
}

/**
 * How the judge answers: one bare word (read from the model's next-token distribution, see
 * `LanguageModel.choose`) or a JSON object under a grammar (`generate` with an enum schema).
 */
export type AnswerFormat = "word" | "json";

function answerLine(format: AnswerFormat, key: string): string {
  return format === "word" ? "Answer with one word." : `Answer with JSON {"${key}": ...}.`;
}

/**
 * Annotate a classification record from its text alone: the intended label is never shown.
 * With a label guide (the recipe's `labels`), the system message lists every label with its
 * meaning, the question follows and the text comes last: all but the text is the same for every
 * record, so a local model evaluates it once and only each record's text after it (with the
 * question after the text, a row at 77 labels cost 0.89 s on the 1.5B teacher, now 0.59 s, and
 * the majority label was right on 46.7% of 120 banking77 rows, now 50.0%: bench/annotate/manyLabels.ts).
 */
export function labelPrompt(
  brief: JudgeBrief,
  text: string,
  labels: readonly string[],
  format: AnswerFormat,
  guide?: LabelGuide,
): ChatMessage[] {
  if (guide !== undefined) {
    const answer =
      format === "word"
        ? "Answer with the label's name only, exactly as written above."
        : answerLine(format, "label");
    return [
      {
        role: "system",
        content: `${system(brief)}

Sort each text into exactly one of these ${guide.length} labels:
${renderLabelList(guide)}

${answer}`,
      },
      {
        role: "user",
        content: `Which label fits the text below best? ${answer}

Text: ${text}`,
      },
    ];
  }
  // The question before the text: every record's prompt is the same up to its text, which a
  // local model then evaluates alone (the question after it cost ~17 tokens a record more).
  return [
    { role: "system", content: system(brief) },
    {
      role: "user",
      content: `Which label does this text have: ${alternatives(labels)}? ${answerLine(format, "label")}\n\nText: ${text}`,
    },
  ];
}

/**
 * Check a record's output against its input (translation adequacy, answer supported, summary
 * faithful, ...). The answer line matches how the answer is read: a bare yes or no where the
 * model's next-token probabilities are scored (`word`), a JSON object under a grammar (`json`).
 * Asking for JSON while scoring the first word left the judge choosing between two tokens it
 * never meant to write first: its votes were noise (bench/audit/answerJudge.ts).
 */
export function outputPrompt(
  brief: JudgeBrief,
  record: Record<string, unknown>,
  format: AnswerFormat,
): ChatMessage[] {
  const question =
    outputQuestions[brief.task] ?? "Is the record correct: does its output fit its input and the dataset?";
  const answer =
    format === "word" ? "Answer yes or no." : 'Answer with JSON {"answer": "yes"} or {"answer": "no"}.';
  return [
    { role: "system", content: system(brief) },
    { role: "user", content: `${shown(record)}\n\n${question}\n${answer}` },
  ];
}

/** The kinds the `kind` rubric tells apart; anything but `example` scores 1. */
export const rubricKinds = [
  "example",
  "question",
  "instruction",
  "task-description",
  "data",
  "garbled",
] as const;

/** The `kind` rubric: what kind of text is this record? Small judges answer this reliably where free scores are noise. */
export function kindPrompt(
  brief: JudgeBrief,
  text: string,
  condition: string,
  format: AnswerFormat,
): ChatMessage[] {
  return [
    { role: "system", content: system(brief) },
    {
      role: "user",
      content: `${text}\n\nThis text was written as ${condition}. What kind of text is it: ${alternatives(rubricKinds)}? (example = a realistic example of the dataset, as a real person would write it; question = a question; instruction = a request or instruction to write something; task-description = a description of an example, a label or the task; data = a list, numbers, names or dates; garbled = broken, repeated or meaningless words.) ${answerLine(format, "kind")}`,
    },
  ];
}

/** The `score` rubric: 1–5 with a one-line reason, for capable judges. */
export function scorePrompt(
  brief: JudgeBrief,
  record: Record<string, unknown>,
  condition: string,
): ChatMessage[] {
  return [
    { role: "system", content: system(brief) },
    {
      role: "user",
      content: `${shown(record)}\n\nIt was written as ${condition}. Score it from 1 to 5 on this rubric: realistic for the described domain and audience, fluent, on the requested condition, self-contained (5 = all four fully; 3 = acceptable with flaws; 1 = not an example of the dataset at all). Give a one-line reason.\nAnswer with JSON {"score": 1-5, "reason": "..."}.`,
    },
  ];
}

/** Words for a record's control condition: "positive, restaurant". */
export function describeCondition(cell: Record<string, string>): string {
  const values = Object.entries(cell).map(([name, value]) => `${name} ${value}`);
  return values.length === 0 ? "an example of the dataset" : `an example for ${values.join(", ")}`;
}
