import type { z } from "zod";
import { UsageError } from "../core/errors/UsageError.js";

/**
 * A command's flags checked against its schema: the parsed flags, or a UsageError naming the
 * first wrong flag as the user typed it (`--max-body`, not commander's `maxBody`) and what it
 * expected.
 */
export function parseFlags<Schema extends z.ZodTypeAny>(schema: Schema, rawFlags: unknown): z.infer<Schema> {
  const parsed = schema.safeParse(rawFlags);
  if (parsed.success) return parsed.data;
  const issue = parsed.error.issues[0]!;
  const flag = String(issue.path[0]).replace(/[A-Z]/g, (letter) => `-${letter.toLowerCase()}`);
  throw new UsageError(`--${flag}: expected ${issue.message}.`);
}
