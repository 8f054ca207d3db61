import { fieldCheckNames, fieldKinds } from "./fieldSpecs.js";

/** What each kind is and what the rule checks do with it; the recipe reference's section on `quality.fields`. */
const kindLines: Record<(typeof fieldKinds)[number], string> = {
  review:
    "Free text in a persona's voice (a customer's review): every rule of the review pre-filter, the review phrase lists and the customer-voice check.",
  text: "Free text written for the task (a passage, an article, a user message): script (a Latin name in a Chinese text counts as one word), symbols, loops, template syntax and slot placeholders, assistant talk and filler; it may end at a clause boundary (an excerpt), not on an open bracket or a dangling word.",
  query:
    "A question or message written by the person asking (a customer's message to a support bot, a patient's question): `text`'s checks, and the answerer's voice is a leak (`advises-reader`: advice to the reader, the reader's own condition, account or card, a closing wish, as a doctor or an agent answering writes; 建议你…, 您的病情…, \"I would recommend you…\"). Both intent templates declare their text a query.",
  instruction:
    'A request to an assistant: "In this task...", placeholders and brackets are normal; checked for the token limit, emoji, the script (mixed text allowed), loops, Jinja syntax, assistant talk and a copied prompt; also rejected when it points at material ("the following text", 以下材料) that the record\'s empty input does not give (`missing-input`).',
  input:
    "Material an instruction works on (tables, code, other languages, `[person name]`): only the token limit, loops and Jinja syntax.",
  answer:
    "A response to its `from` fields: lists, numbers, formulas and code blocks are normal; another language passes when the instruction names it or is written in it; also rejected when it repeats its instruction (`echo`) or asks the reader for what it needs instead of answering (`asks-back`).",
  summary:
    "A summary of its `from` field: the answer's checks, but copying the source's sentences is normal and a placeholder or preamble is a leak.",
  code: "Source code: only the token limit and loops (the same line over and over).",
  translation:
    "A translation of its `from` field into `language`: held to that language's script; rejected when it equals its source (`untranslated`) and, for Chinese with English, when its length, numbers, Latin-letter names or days do not match its source's, it keeps English words of its source, or the Chinese–English dictionary finds few of its words translated in its source (`alignment`).",
  span: "A piece copied from its `from` field: rejected when it does not occur there (`span`).",
  label: "A class name: left to the schema and the judge.",
  turns:
    "A conversation (a list of `{role, content}` turns or a transcript): each turn is checked as an answer.",
};

export function fieldKindsMarkdown(): string {
  return [
    "## Field kinds (`quality.fields`)",
    "",
    "Every output field has a kind that decides which verification checks run on it and how. A",
    "built-in template declares its fields' kinds (`synthforge templates show <id>`); fields it",
    "does not declare get the task's defaults (a label field is a `label`; `instruction`, `input`,",
    "`output`, `response`, `answer`, `code`, `summary`, `turns` by name; the text field of a recipe",
    "whose description asks for reviews is a `review`; anything else is `text`). A recipe overrides",
    "per field:",
    "",
    "```yaml",
    "quality:",
    "  fields:",
    "    output:",
    "      kind: answer",
    "      from: [instruction]        # what it answers: an answer that repeats it is rejected",
    "      checks: { symbols: false } # turn a check off for this field",
    "      phrases:",
    '        leak: ["\\\\bas of my last update\\\\b"]  # extra patterns (case-insensitive) rejected as leak',
    '        request: ["请上传"]       # more ways an answer asks back (asks-back); `material` for missing-input',
    "    translation: { kind: translation, language: en, from: [text] }",
    "```",
    "",
    "| kind | what it is and what is checked |",
    "| --- | --- |",
    ...fieldKinds.map((kind) => `| \`${kind}\` | ${kindLines[kind]} |`),
    "",
    `Checks a field can turn off: ${fieldCheckNames.map((name) => `\`${name}\``).join(", ")}. A field the`,
    "output schema does not have, or a `from` naming one, is an error naming the recipe line. The",
    "shipped phrase lists (`src/quality/phrases/*.json`, one per list and language, each entry with",
    "where it came from) are described in docs/quality.md.",
    "",
    "The script is also held while a field is decoded: a Chinese `review`, `text`, `query` or",
    "`translation` field opens with a Chinese character, CJK punctuation or a digit, and the",
    "English (or other Latin-script) side of a Chinese translation pair opens with no space and holds",
    "no Han, CJK punctuation or full-width form (a `pattern` added to the decoding schema; the",
    "embedded model's grammar holds it from the first token).",
    "Turning a field's `language` check off frees its decoding too.",
    "",
  ].join("\n");
}
