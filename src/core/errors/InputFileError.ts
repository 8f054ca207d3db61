import { SynthforgeError } from "./SynthforgeError.js";

/** A data file given by the user (seed examples, dataset, reference corpus, review file) is malformed. */
export class InputFileError extends SynthforgeError {
  readonly file: string;
  readonly line: number | undefined;

  constructor(file: string, line: number | undefined, problem: string, options: { cause?: unknown } = {}) {
    super(`${file}${line === undefined ? "" : `:${line}`}: ${problem}`, { ...options, exitCode: 2 });
    this.file = file;
    this.line = line;
  }
}
