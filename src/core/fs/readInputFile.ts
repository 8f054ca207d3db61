import { readFile } from "node:fs/promises";
import { InputFileError } from "../errors/InputFileError.js";
import { decodeInputText, TextEncodingProblem } from "./decodeInputText.js";

/**
 * Reads a user-supplied text file (seed examples, a dataset, a review file) as strict UTF-8,
 * without its byte-order mark if it has one. A file that cannot be read is an InputFileError
 * naming it (as `shownAs`, default the path given), the reason (ENOENT, EACCES...) and, when
 * given, what was expected there; a file that is not UTF-8 is one naming the line of the first
 * bad byte and the encoding the file seems to be in (UTF-16, GBK...).
 */
export async function readInputFile(
  file: string,
  options: { shownAs?: string; expected?: string } = {},
): Promise<string> {
  const shown = options.shownAs ?? file;
  let bytes: Buffer;
  try {
    bytes = await readFile(file);
  } catch (error) {
    const reason = (error as NodeJS.ErrnoException).code ?? (error as Error).message;
    const expected = options.expected === undefined ? "" : `; expected ${options.expected}`;
    throw new InputFileError(shown, undefined, `cannot be read (${reason})${expected}`, {
      cause: error,
    });
  }
  try {
    return decodeInputText(bytes);
  } catch (error) {
    if (!(error instanceof TextEncodingProblem)) throw error;
    throw new InputFileError(shown, error.line, error.message, { cause: error });
  }
}
