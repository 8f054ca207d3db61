/** Kinds of data a recipe can ask for; built-in templates are filed under the same names. */
export const taskTypes = [
  "classification",
  "multi-label",
  "extraction",
  "qa",
  "summarization",
  "translation",
  "paraphrase",
  "rewriting",
  "instruction",
  "dialogue",
  "preference",
  "image-classification",
] as const;

export type TaskType = (typeof taskTypes)[number];
