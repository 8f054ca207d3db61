import type { Context } from "hono";
import type { z } from "zod";
import { describeRequestIssue } from "../http/describeRequestIssue.js";

/** OpenAI's error body: one sentence, its family, the request field at fault and a code. */
export const openAIError = (message: string, type: string, param?: string | null, code?: string | null) => ({
  error: { message, type, param: param ?? null, code: code ?? null },
});

/** A 400 `invalid_request_error` naming `param`. */
export const badRequest = (c: Context, message: string, param: string | null, code: string | null = null) =>
  c.json(openAIError(message, "invalid_request_error", param, code), 400);

/**
 * The 400 for a body that breaks the request shape: a field this server does not support is
 * named as such (never ignored), any other issue names the field and what was expected.
 */
export function refuseInvalidBody(c: Context, error: z.ZodError): Response {
  const issue = error.issues[0];
  if (issue?.code === "unrecognized_keys") {
    const where = issue.path.length > 0 ? `${issue.path.map(String).join(".")}.` : "";
    const field = `${where}${issue.keys[0]}`;
    return badRequest(
      c,
      `The request field \`${field}\` is not supported by this server.`,
      field,
      "unsupported_field",
    );
  }
  const param = issue?.path.map(String).join(".") ?? null;
  if (issue?.code === "invalid_union") {
    // The branch that got past the value's type says what is wrong (`stop`: a list of 5 strings).
    const branch = issue.errors.find(
      (issues) => issues[0] !== undefined && issues[0].code !== "invalid_type",
    )?.[0];
    if (branch) return badRequest(c, `The request field \`${param}\` is invalid: ${branch.message}.`, param);
  }
  return badRequest(c, describeRequestIssue(error), param);
}

/** The request body parsed and checked against `schema`, or the 400 that says what is wrong with it. */
export async function readRequestBody<T>(c: Context, schema: z.ZodType<T>): Promise<T | Response> {
  let raw: unknown;
  try {
    raw = await c.req.json();
  } catch {
    return badRequest(c, "The request body is not valid JSON.", null);
  }
  const parsed = schema.safeParse(raw);
  return parsed.success ? parsed.data : refuseInvalidBody(c, parsed.error);
}
