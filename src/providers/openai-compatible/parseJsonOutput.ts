const fenced = /^```(?:json)?\s*\n?([\s\S]*?)\n?```$/i;

/** The outcome of reading a model's answer as JSON. */
export type JsonOutput = { ok: true; value: unknown } | { ok: false; problem: string };

/**
 * Parses a model's answer (reasoning already stripped) as JSON. A Markdown code fence around
 * the whole answer is removed first, since JSON-mode models often add one; nothing else is
 * repaired: the caller validates the value against the schema and asks again when it fails.
 */
export function parseJsonOutput(text: string): JsonOutput {
  let body = text.trim();
  const match = fenced.exec(body);
  if (match) body = (match[1] ?? "").trim();
  if (body === "") return { ok: false, problem: "the answer was empty" };
  try {
    return { ok: true, value: JSON.parse(body) };
  } catch (error) {
    return { ok: false, problem: `the answer is not valid JSON (${(error as Error).message})` };
  }
}
