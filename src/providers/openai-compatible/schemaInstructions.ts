/**
 * The system-prompt addition used in JSON mode, where the server does not enforce the
 * schema: the model is told the schema and asked for one JSON object only.
 */
export function schemaInstructions(schema: Record<string, unknown>): string {
  return (
    "Answer with one JSON object only, no prose and no code fences. " +
    `It must validate against this JSON Schema:\n${JSON.stringify(schema)}`
  );
}

/** The follow-up message of the one repair attempt after an answer failed to parse or validate. */
export function repairInstructions(problem: string): string {
  return (
    `Your previous answer could not be used: ${problem}. ` +
    "Reply again with only the corrected JSON object that follows the schema."
  );
}
