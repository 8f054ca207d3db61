/**
 * The head of the small labelled recipe that test fixtures and the bad-input corpus share:
 * name, optional description, an output schema of `text` and a positive/negative `label`, the
 * label dimension and the plan count. Callers append `template:` and anything else, so the
 * line numbers their expected messages name stay where they are.
 */
export function labelledRecipeHead(name: string, count: number, description?: string): string {
  return `name: ${name}
${description === undefined ? "" : `description: ${description}\n`}output:
  schema:
    type: object
    properties:
      text: { type: string }
      label: { type: string, enum: [positive, negative] }
    required: [text, label]
  labelField: label
dimensions:
  label: [positive, negative]
plan: { count: ${count} }
`;
}

/**
 * The description and output section (texts of at least 5 characters) of the small two-label review recipe the run tests write
 * inline (each adds its own name, dimensions, plan and template around it).
 */
export const reviewOutputYaml = `description: Reviews with a sentiment label.
output:
  schema:
    type: object
    properties:
      text: { type: string, minLength: 5 }
      label: { type: string, enum: [positive, negative] }
    required: [text, label]
  labelField: label
`;

/** The output section of an instruction recipe in the Alpaca layout (instruction, input or null, output). */
export const instructionOutputYaml = `output:
  schema:
    type: object
    properties:
      instruction: { type: string }
      input: { type: [string, "null"] }
      output: { type: string }
    required: [instruction, input, output]
  textField: instruction
`;

/**
 * A two-field translation recipe (`text`, `translation`) on a built-in pair template, as the
 * translation tests write it; `extra` is appended (a quality section, say).
 */
export function translationPairRecipeYaml(language: string, template: string, extra = ""): string {
  return `name: pairs
language: ${language}
task: translation
output:
  schema:
    type: object
    properties: { text: { type: string }, translation: { type: string } }
    required: [text, translation]
  textField: text
plan: { count: 2 }
template: { id: ${template} }
${extra}`;
}
