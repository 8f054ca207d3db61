/**
 * The schema sent to the model for constrained decoding, derived from the record's output
 * schema: string length limits are left out, so the grammar never forces a string closed in
 * the middle of a word (the length is steered by the prompt and the token budget, and a text
 * that comes out too long is rejected afterwards against the real schema), and the label
 * field, when there is one, comes first, so the model writes its text after committing to
 * the label it was asked for. Given the slot's `label` (its cell's value for the label field),
 * the label's enum narrows to that one value: the record's opening is then fixed by the schema
 * alone, which a provider may put in the prompt instead of decoding it token by token (the
 * embedded model does: `forcedJsonPrefix`), and an answer with another label, rejected as
 * `label-mismatch` anyway, cannot be written. `patterns` (field → JSON Schema `pattern`, from
 * `fieldScriptPatterns`) are added to those top-level string properties: the script each is
 * written in, held from the first token where the provider can (the embedded model's grammar).
 */
export function decodingSchema(
  schema: Record<string, unknown>,
  labelField: string | undefined,
  label?: string,
  patterns?: Readonly<Record<string, string>>,
): Record<string, unknown> {
  const stripped = withPatterns(withoutLengthLimits(schema) as Record<string, unknown>, patterns);
  const properties = stripped.properties as Record<string, unknown> | undefined;
  if (labelField === undefined || properties === undefined || !(labelField in properties)) return stripped;
  const { [labelField]: labelProperty, ...others } = properties;
  const reordered = { [labelField]: narrowed(labelProperty, label), ...others };
  const required = Array.isArray(stripped.required)
    ? [
        ...(stripped.required as string[]).filter((name) => name === labelField),
        ...(stripped.required as string[]).filter((name) => name !== labelField),
      ]
    : stripped.required;
  return { ...stripped, properties: reordered, ...(required === undefined ? {} : { required }) };
}

/** A label property whose enum holds `label` (compared as text, as `judgeOutput` does), narrowed to it. */
function narrowed(property: unknown, label: string | undefined): unknown {
  if (label === undefined || property === null || typeof property !== "object") return property;
  const values = (property as { enum?: unknown }).enum;
  if (!Array.isArray(values)) return property;
  const match = values.find((value) => String(value) === label);
  return match === undefined ? property : { ...(property as Record<string, unknown>), enum: [match] };
}

function withPatterns(
  schema: Record<string, unknown>,
  patterns: Readonly<Record<string, string>> | undefined,
): Record<string, unknown> {
  const properties = schema.properties as Record<string, unknown> | undefined;
  if (patterns === undefined || properties === undefined) return schema;
  const patterned = { ...properties };
  for (const [field, pattern] of Object.entries(patterns)) {
    const property = properties[field] as Record<string, unknown> | undefined;
    if (property?.type === "string" && property.pattern === undefined && property.enum === undefined) {
      patterned[field] = { ...property, pattern };
    }
  }
  return { ...schema, properties: patterned };
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
