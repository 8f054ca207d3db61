/**
 * The schema sent to the model for constrained decoding, derived from the record's output
 * schema: string length limits are left out, so the grammar never forces a string closed in
 * the middle of a word (the length is steered by the prompt and the token budget, and a text
 * that comes out too long is rejected afterwards against the real schema), and the label
 * field, when there is one, comes first, so the model writes its text after committing to
 * the label it was asked for.
 */
export function decodingSchema(
  schema: Record<string, unknown>,
  labelField: string | undefined,
): Record<string, unknown> {
  const stripped = withoutLengthLimits(schema) as Record<string, unknown>;
  const properties = stripped.properties as Record<string, unknown> | undefined;
  if (labelField === undefined || properties === undefined || !(labelField in properties)) return stripped;
  const reordered = { [labelField]: properties[labelField], ...properties };
  const required = Array.isArray(stripped.required)
    ? [
        ...(stripped.required as string[]).filter((name) => name === labelField),
        ...(stripped.required as string[]).filter((name) => name !== labelField),
      ]
    : stripped.required;
  return { ...stripped, properties: reordered, ...(required === undefined ? {} : { required }) };
}

function withoutLengthLimits(node: unknown): unknown {
  if (Array.isArray(node)) return node.map(withoutLengthLimits);
  if (node === null || typeof node !== "object") return node;
  const copy: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(node)) {
    if ((key === "maxLength" || key === "minLength") && typeof value === "number") continue;
    copy[key] = key === "enum" || key === "const" ? value : withoutLengthLimits(value);
  }
  return copy;
}

/** The `maxLength` of each top-level string property, for the truncation check. */
export function stringLengthLimits(schema: Record<string, unknown>): Record<string, number> {
  return topLevelNumbers(schema, "maxLength");
}

/**
 * The `minLength` of each top-level string property: decoding leaves it out as it leaves out
 * `maxLength`, so a shorter text is a length rejection (`too-short`), not a failure of the grammar.
 */
export function stringMinimumLengths(schema: Record<string, unknown>): Record<string, number> {
  return topLevelNumbers(schema, "minLength");
}

function topLevelNumbers(
  schema: Record<string, unknown>,
  key: "maxLength" | "minLength",
): Record<string, number> {
  const properties = (schema.properties ?? {}) as Record<string, Record<string, unknown> | undefined>;
  const limits: Record<string, number> = {};
  for (const [name, property] of Object.entries(properties)) {
    const value = property?.[key];
    if (typeof value === "number") limits[name] = value;
  }
  return limits;
}
