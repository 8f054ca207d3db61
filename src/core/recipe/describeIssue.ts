import type { z } from "zod";
import { stripUrlCredentials } from "../net/urlCredentials.js";

/** Turns one zod issue into "expected …" words a person can act on. */
export function describeIssue(issue: z.core.$ZodIssue): string {
  switch (issue.code) {
    case "unrecognized_keys":
      return `has unknown key${issue.keys.length > 1 ? "s" : ""} ${issue.keys.map((key) => `\`${key}\``).join(", ")}; remove or rename ${issue.keys.length > 1 ? "them" : "it"}`;
    case "invalid_type":
      return issue.input === undefined
        ? `is required (expected ${issue.expected})`
        : `expected ${issue.expected}, got ${describeValue(issue.input)}`;
    case "invalid_value":
      return `expected one of ${issue.values.map((value) => JSON.stringify(value)).join(", ")}, got ${describeValue(issue.input)}`;
    case "too_small":
      return `expected ${issue.origin === "string" ? "a string of length" : issue.origin === "array" ? "a list of length" : "a value"} ${issue.inclusive ? ">=" : ">"} ${String(issue.minimum)}, got ${describeValue(issue.input)}`;
    case "too_big":
      return `expected ${issue.origin === "string" ? "a string of length" : issue.origin === "array" ? "a list of length" : "a value"} ${issue.inclusive ? "<=" : "<"} ${String(issue.maximum)}, got ${describeValue(issue.input)}`;
    case "invalid_format":
      return `expected ${issue.format === "regex" ? issue.message : `a valid ${issue.format}`}, got ${describeValue(issue.input)}`;
    case "invalid_union":
      return `${issue.message}; got ${describeValue(issue.input)}`;
    default:
      return `expected ${issue.message}`;
  }
}

function describeValue(value: unknown): string {
  if (value === undefined) return "nothing";
  if (value === null) return "null";
  if (Array.isArray(value)) return "a list";
  if (typeof value === "object") return "a map";
  // A URL's credentials (a key in a mistyped baseUrl) never reach a message.
  const text = JSON.stringify(typeof value === "string" ? stripUrlCredentials(value) : value);
  return text.length > 40 ? `${text.slice(0, 37)}...` : text;
}
