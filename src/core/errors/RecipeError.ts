import { SynthforgeError } from "./SynthforgeError.js";

export interface RecipeErrorLocation {
  /** Path of the recipe file as the user gave it. */
  file: string;
  /** 1-based line, when the problem maps to a place in the file. */
  line?: number;
  /** 1-based column. */
  column?: number;
  /** Dotted path of the offending field, e.g. `generation.temperature`. */
  field?: string;
}

/** A recipe that does not parse or does not match the schema. */
export class RecipeError extends SynthforgeError {
  readonly location: RecipeErrorLocation;
  /** What was expected, in words ("a number between 0 and 2"). */
  readonly expected: string;

  constructor(location: RecipeErrorLocation, expected: string, options: { cause?: unknown } = {}) {
    const where = [location.file, location.line, location.column]
      .filter((part) => part !== undefined)
      .join(":");
    const field = location.field ? ` field \`${location.field}\`` : "";
    super(`${where}:${field} ${expected}`.replace(/: +/, ": "), { ...options, exitCode: 2 });
    this.location = location;
    this.expected = expected;
  }
}
