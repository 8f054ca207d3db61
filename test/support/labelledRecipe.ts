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
