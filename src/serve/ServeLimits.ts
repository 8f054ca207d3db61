/**
 * What one request may cost `synthforge serve`. Each bound is checked before any work starts
 * and a request past one gets a 400 that names it, so one client cannot hold the model while
 * others wait (a grammar of thousands of alternatives makes every token it constrains slow).
 */
export interface ServeLimits {
  /** Largest JSON Schema (response_format or one tool's parameters), as JSON text [16 KiB]. */
  maxSchemaBytes: number;
  /** Most enum and const values in one request's schemas together [512]. */
  maxSchemaValues: number;
  /** Deepest nesting of one schema (objects, arrays, anyOf/oneOf branches) [12]. */
  maxSchemaDepth: number;
  /** Most tools one request may offer [32]. */
  maxTools: number;
  /** Most choices (`n`) one request may ask for [8]. */
  maxChoices: number;
  /** Most tokens one choice may generate [the context size]. */
  maxOutputTokens?: number;
  /**
   * Least time between two events of one streamed choice, in milliseconds [100]: pieces decoded
   * within it go out together (the first piece of an answer at once). 0 sends every token as
   * an event of its own.
   */
  streamIntervalMs: number;
}

/** The bounds `synthforge serve` applies unless told otherwise. */
export const defaultServeLimits: ServeLimits = {
  maxSchemaBytes: 16 * 1024,
  maxSchemaValues: 512,
  maxSchemaDepth: 12,
  maxTools: 32,
  maxChoices: 8,
  streamIntervalMs: 100,
};

/**
 * Checks one JSON Schema against the limits; returns the sentence that names the bound it
 * breaks, or undefined. `values` counts enum/const values across the request's schemas.
 */
export function schemaOverLimit(
  schema: unknown,
  field: string,
  limits: ServeLimits,
  values: { count: number },
): string | undefined {
  const bytes = Buffer.byteLength(JSON.stringify(schema), "utf8");
  if (bytes > limits.maxSchemaBytes) {
    return `\`${field}\` is ${bytes} bytes of JSON; this server compiles schemas of at most ${limits.maxSchemaBytes} bytes (maxSchemaBytes).`;
  }
  let deepest = 0;
  const walk = (node: unknown, depth: number): void => {
    if (Array.isArray(node)) {
      for (const item of node) walk(item, depth);
      return;
    }
    if (typeof node !== "object" || node === null) return;
    deepest = Math.max(deepest, depth);
    const record = node as Record<string, unknown>;
    if (Array.isArray(record.enum)) values.count += record.enum.length;
    if ("const" in record) values.count += 1;
    for (const [key, value] of Object.entries(record)) {
      if (key === "enum" || key === "const") continue;
      // `properties` and `$defs` are maps of schemas: their entries are one level down, not two.
      const map = key === "properties" || key === "$defs" || key === "definitions";
      if (map && typeof value === "object" && value !== null) {
        for (const child of Object.values(value)) walk(child, depth + 1);
      } else walk(value, depth + 1);
    }
  };
  walk(schema, 1);
  if (deepest > limits.maxSchemaDepth) {
    return `\`${field}\` nests ${deepest} levels deep; this server compiles schemas at most ${limits.maxSchemaDepth} deep (maxSchemaDepth).`;
  }
  if (values.count > limits.maxSchemaValues) {
    return `\`${field}\` brings the request's enum and const values to ${values.count}; this server compiles at most ${limits.maxSchemaValues} (maxSchemaValues).`;
  }
  return undefined;
}
