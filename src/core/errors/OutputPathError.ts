import { SynthforgeError } from "./SynthforgeError.js";

/**
 * An output file or folder cannot be written where the user asked: a file stands where a
 * folder is needed, permission is denied, the file system is read-only or refuses new entries.
 */
export class OutputPathError extends SynthforgeError {
  /** The path at fault, as shown in the message. */
  readonly path: string;

  constructor(path: string, problem: string, options: { cause?: unknown } = {}) {
    super(`${path}: ${problem}`, { ...options, exitCode: 2 });
    this.path = path;
  }
}
