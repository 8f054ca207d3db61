import { readFile } from "node:fs/promises";
import { InputFileError } from "./errors/InputFileError.js";

/**
 * Reads a user-supplied text file (seed examples, a dataset, a review file) as UTF-8. A file
 * that cannot be read is an InputFileError naming it (as `shownAs`, default the path given),
 * the reason (ENOENT, EACCES...) and, when given, what was expected there.
 */
export async function readInputFile(
  file: string,
  options: { shownAs?: string; expected?: string } = {},
): Promise<string> {
  try {
    return await readFile(file, "utf8");
  } catch (error) {
    const reason = (error as NodeJS.ErrnoException).code ?? (error as Error).message;
    const expected = options.expected === undefined ? "" : `; expected ${options.expected}`;
    throw new InputFileError(options.shownAs ?? file, undefined, `cannot be read (${reason})${expected}`, {
      cause: error,
    });
  }
}
