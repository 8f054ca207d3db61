import { gbnfLiteral } from "./stringPatternGrammar.js";

/**
 * The opening of a JSON answer that its schema leaves no choice about, written into the prompt
 * instead of decoded, and the grammar for the rest.
 *
 * node-llama-cpp's grammar for an object schema writes every property, in the schema's order
 * (`required` and `additionalProperties` do not change that), so the property names, and the
 * values of properties with one allowed value (`const`, a one-member `enum`), are forced up to
 * the first value the model chooses. Each forced token still costs a decode step, one at a
 * time, where the same tokens in the prompt are evaluated together: on the README recipe
 * (`{"label": "positive", "text":` once the slot's label is fixed) 9 of a record's ~39 decode
 * steps. The prefix ends at the colon after the first free value's key, and the grammar is the
 * rest of node-llama-cpp's own grammar from there.
 *
 * It ends at the colon, where the model's own tokens part (`":`), not inside the value: a
 * prefix ending in the value's opening quote splits tokens the model writes whole (` "I`), so
 * its first word is drawn from a distribution it never learned (the problem token healing
 * solves); ending at the colon costs one decode step more.
 *
 * The grammar leaves the whitespace to the model (`{"a": 1}` or one key a line, indented), and
 * models have a habit (the Qwen teachers indent by four spaces): an opening written otherwise
 * than the model writes it changes what it writes next, so the prefix uses the model's own
 * whitespace (`JsonSpacing`, read from an answer it decoded in full: `jsonSpacingOf`).
 */
export interface ForcedJsonPrefix {
  /** The answer's forced opening, e.g. `{"label": "positive", "text":`. */
  prefix: string;
  /** GBNF for the rest of the answer, from after the colon. */
  grammar: string;
}

/** The whitespace a model writes after an object's `{`, after a key's `:`, and after a value's `,`. */
export interface JsonSpacing {
  open: string;
  colon: string;
  /** Undefined when not seen (an answer whose first value was free text). */
  comma?: string;
}

/** Whitespace node-llama-cpp's grammar allows at each place (`whitespace-b-1-4-rule`, `[ ]?`). */
const indent = "(\n {4}|\n\t| ?)";

/**
 * The spacing of `text`, an answer decoded in full under node-llama-cpp's grammar for `schema`;
 * undefined when it does not open as that grammar writes an object.
 */
export function jsonSpacingOf(schema: Record<string, unknown>, text: string): JsonSpacing | undefined {
  const entries = Object.entries((schema.properties ?? {}) as Record<string, unknown>);
  const [name, property] = entries[0] ?? [];
  if (name === undefined) return undefined;
  const opening = new RegExp(`^\\{${indent}${escapeRegExp(JSON.stringify(name))}:( ?)`).exec(text);
  if (opening === null) return undefined;
  const spacing: JsonSpacing = { open: opening[1]!, colon: opening[2]! };
  const forced =
    property !== null && typeof property === "object"
      ? forcedValue(property as Record<string, unknown>)
      : undefined;
  if (forced === undefined || entries.length < 2) return spacing;
  const rest = text.slice(opening[0].length);
  if (!rest.startsWith(`${forced},`)) return spacing;
  const comma = new RegExp(`^${indent}"`).exec(rest.slice(forced.length + 1));
  return comma === null ? spacing : { ...spacing, comma: comma[1]! };
}

/**
 * `schema`'s forced opening and the rest of `grammar` (node-llama-cpp's GBNF for the same
 * schema, from `createGrammarForJsonSchema`), written with `spacing`; undefined when every
 * value is forced (nothing is left to decode), the spacing after a comma is needed and unknown,
 * or the grammar is not laid out as expected (then decode as usual).
 */
export function forcedJsonPrefix(
  schema: Record<string, unknown>,
  grammar: string,
  spacing: JsonSpacing,
): ForcedJsonPrefix | undefined {
  if (schema.type !== "object") return undefined;
  const properties = schema.properties;
  if (properties === null || typeof properties !== "object") return undefined;
  let prefix = "{";
  for (const [index, [name, value]] of Object.entries(properties as Record<string, unknown>).entries()) {
    if (value === null || typeof value !== "object") return undefined;
    const property = value as Record<string, unknown>;
    const separator =
      index === 0 ? spacing.open : spacing.comma === undefined ? undefined : `,${spacing.comma}`;
    if (separator === undefined) return undefined;
    const key = `${separator}${JSON.stringify(name)}:`;
    const forced = forcedValue(property);
    if (forced !== undefined) {
      prefix += key + spacing.colon + forced;
      continue;
    }
    const rest = grammarAfterKey(grammar, name);
    return rest === undefined ? undefined : { prefix: prefix + key, grammar: rest };
  }
  return undefined;
}

/** The JSON text of a property's one allowed value; undefined when the model has a choice. */
function forcedValue(property: Record<string, unknown>): string | undefined {
  if ("const" in property) return JSON.stringify(property.const);
  const values = property.enum;
  if (Array.isArray(values) && values.length === 1) return JSON.stringify(values[0]);
  return undefined;
}

/**
 * The grammar from after property `name`'s colon: node-llama-cpp's root rule lists the object
 * as one sequence (`… "\"text\"" ":" [ ]? string-rule …`); the new root is what followed the
 * colon in the old one. Every other rule is kept as it was.
 */
function grammarAfterKey(grammar: string, name: string): string | undefined {
  const lines = grammar.split("\n");
  const rootIndex = lines.findIndex((line) => line.startsWith("root ::= "));
  if (rootIndex < 0) return undefined;
  const root = lines[rootIndex]!;
  const key = `${gbnfLiteral(JSON.stringify(name))} ":" `;
  const at = root.indexOf(key);
  if (at < 0 || root.indexOf(key, at + 1) >= 0) return undefined;
  const rest = [...lines];
  rest[rootIndex] = `root ::= ${root.slice(at + key.length)}`;
  return rest.join("\n");
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
}
