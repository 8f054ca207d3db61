import type { z } from "zod";

/** One sentence naming the first invalid field of a request body and what was expected. */
export function describeRequestIssue(error: z.ZodError): string {
  const issue = error.issues[0];
  if (!issue) return "The request body is invalid.";
  const field = issue.path.length > 0 ? issue.path.map(String).join(".") : "body";
  if (issue.code === "invalid_type" && issue.message.includes("received undefined")) {
    return `The request field \`${field}\` is required.`;
  }
  return `The request field \`${field}\` is invalid: ${issue.message}.`;
}
