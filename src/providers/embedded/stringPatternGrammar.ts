/**
 * JSON Schema `pattern`s on an object schema's top-level string properties, held by the grammar.
 *
 * node-llama-cpp compiles no `pattern` (it ignores the keyword), and a general regular expression
 * does not fit GBNF. Two shapes do, and they are the ones that say which script a field is written
 * in (`core/text/scriptPatterns`):
 *
 * - `^[CLASS]`: the string opens with a character of CLASS, the rest is free;
 * - `^[^CLASS]*$`: no character of CLASS anywhere;
 * - `^[^OPENING][^CLASS]*$`: a first character outside OPENING (written as itself, not an
 *   escape), then none of CLASS.
 *
 * CLASS holds characters, `\uXXXX` escapes and ranges of either. Any other pattern is left to
 * the checks after decoding (the record is validated against the recipe's schema either way).
 * The grammar's string rule after such a property's key is replaced by one that holds the
 * pattern; every other rule stays as node-llama-cpp wrote it.
 */

/** `schema` without the `pattern` of its top-level string properties, and those patterns by property. */
export function splitStringPatterns(schema: Record<string, unknown>): {
  schema: Record<string, unknown>;
  patterns: Record<string, string>;
} {
  const properties = schema.properties;
  if (schema.type !== "object" || properties === null || typeof properties !== "object") {
    return { schema, patterns: {} };
  }
  const patterns: Record<string, string> = {};
  const stripped: Record<string, unknown> = {};
  for (const [name, property] of Object.entries(properties as Record<string, unknown>)) {
    if (
      property !== null &&
      typeof property === "object" &&
      typeof (property as { pattern?: unknown }).pattern === "string"
    ) {
      const { pattern, ...rest } = property as Record<string, unknown>;
      patterns[name] = pattern as string;
      stripped[name] = rest;
    } else {
      stripped[name] = property;
    }
  }
  return Object.keys(patterns).length === 0
    ? { schema, patterns }
    : { schema: { ...schema, properties: stripped }, patterns };
}

/**
 * `grammar` (node-llama-cpp's GBNF for the schema without its patterns) with each pattern of a
 * supported shape held by the string after its property's key; the patterns it holds are listed
 * in `applied`. The grammar is unchanged when none applies.
 */
export function applyStringPatterns(
  grammar: string,
  patterns: Readonly<Record<string, string>>,
): { grammar: string; applied: string[] } {
  const lines = grammar.split("\n");
  const rootIndex = lines.findIndex((line) => line.startsWith("root ::= "));
  if (rootIndex < 0) return { grammar, applied: [] };
  let root = lines[rootIndex]!;
  const added: string[] = [];
  const applied: string[] = [];
  for (const [index, [name, pattern]] of Object.entries(patterns).entries()) {
    const body = patternStringRule(pattern);
    if (body === undefined) continue;
    const key = `${gbnfLiteral(JSON.stringify(name))} ":" [ ]? string-rule`;
    const at = root.indexOf(key);
    if (at < 0 || root.indexOf(key, at + 1) >= 0) continue;
    const rule = `pattern-string-${index}-rule`;
    root = `${root.slice(0, at)}${key.slice(0, -"string-rule".length)}${rule}${root.slice(at + key.length)}`;
    added.push(`${rule} ::= ${body}`);
    applied.push(name);
  }
  if (applied.length === 0) return { grammar, applied };
  lines[rootIndex] = root;
  return { grammar: [...lines, ...added].join("\n"), applied };
}

/** A GBNF string literal of `text`. */
export function gbnfLiteral(text: string): string {
  return `"${text.replace(/\\/g, "\\\\").replace(/"/g, '\\"').replace(/\n/g, "\\n")}"`;
}

/** JSON string characters as node-llama-cpp writes them, less `excluded` (GBNF class ranges). */
const stringChar = (excluded: string) =>
  `([^"\\\\\\x7F\\x00-\\x1F${excluded}] | "\\\\" ["\\\\/bfnrt] | "\\\\u" [0-9a-fA-F]{4})`;

/** The GBNF of a JSON string (quotes included) that matches `pattern`; undefined for another shape. */
export function patternStringRule(pattern: string): string | undefined {
  const negatedOpening = /^\^\[\^((?:\\.|[^\]])+)\]\[\^((?:\\.|[^\]])+)\]\*\$$/su.exec(pattern);
  if (negatedOpening) {
    const opening = classRanges(negatedOpening[1]!);
    const rest = classRanges(negatedOpening[2]!);
    if (opening === undefined || rest === undefined) return undefined;
    const first = `[^"\\\\\\x7F\\x00-\\x1F${opening.map(gbnfRange).join("")}]`;
    return `"\\"" ${first} ${stringChar(rest.map(gbnfRange).join(""))}* "\\""`;
  }
  const negated = /^\^\[\^(.+)\]\*\$$/su.exec(pattern);
  if (negated) {
    const ranges = classRanges(negated[1]!);
    return ranges === undefined ? undefined : `"\\"" ${stringChar(ranges.map(gbnfRange).join(""))}* "\\""`;
  }
  const opening = /^\^\[([^^].*)\]$/su.exec(pattern);
  if (opening) {
    const ranges = classRanges(opening[1]!);
    // The opening character is written as itself: not a quote, a backslash or a control character.
    if (ranges === undefined || ranges.some(([low, high]) => overlapsSpecial(low, high))) {
      return undefined;
    }
    return `"\\"" [${ranges.map(gbnfRange).join("")}] ${stringChar("")}* "\\""`;
  }
  return undefined;
}

function overlapsSpecial(low: number, high: number): boolean {
  return (
    [0x22, 0x5c].some((code) => low <= code && code <= high) || low <= 0x1f || (low <= 0x7f && high >= 0x7f)
  );
}

/** The code point ranges of a regex character class body; undefined when it holds anything else. */
function classRanges(body: string): [number, number][] | undefined {
  const points: number[] = [];
  const ranges: [number, number][] = [];
  const chars = [...body];
  let index = 0;
  const next = (): number | undefined => {
    const char = chars[index];
    if (char === undefined) return undefined;
    if (char !== "\\") {
      index += 1;
      return char.codePointAt(0);
    }
    const escaped = chars.slice(index + 1, index + 6).join("");
    const unicode = /^u([0-9a-fA-F]{4})/.exec(escaped);
    if (unicode) {
      index += 6;
      return Number.parseInt(unicode[1]!, 16);
    }
    const literal = chars[index + 1];
    if (literal !== undefined && /[\\\]\-^.[]/.test(literal)) {
      index += 2;
      return literal.codePointAt(0);
    }
    return Number.NaN;
  };
  while (index < chars.length) {
    if (chars[index] === "]" || chars[index] === "[") return undefined;
    const low = next();
    if (low === undefined || Number.isNaN(low)) return undefined;
    if (chars[index] === "-" && index + 1 < chars.length) {
      index += 1;
      const high = next();
      if (high === undefined || Number.isNaN(high) || high < low) return undefined;
      ranges.push([low, high]);
    } else {
      points.push(low);
    }
  }
  const all = [...ranges, ...points.map((point): [number, number] => [point, point])];
  return all.length === 0 ? undefined : all;
}

/** A code point range in a GBNF character class, escaped so that no character is read as syntax. */
function gbnfRange([low, high]: [number, number]): string {
  return low === high ? gbnfChar(low) : `${gbnfChar(low)}-${gbnfChar(high)}`;
}

function gbnfChar(code: number): string {
  if (code <= 0xff) return `\\x${code.toString(16).padStart(2, "0").toUpperCase()}`;
  if (code <= 0xffff) return `\\u${code.toString(16).padStart(4, "0").toUpperCase()}`;
  return `\\U${code.toString(16).padStart(8, "0").toUpperCase()}`;
}
