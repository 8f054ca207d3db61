import { SynthforgeError } from "./SynthforgeError.js";

/** The store cannot be opened or used: unreadable file, newer schema, unknown run. */
export class StoreError extends SynthforgeError {
  /** Path of the store file. */
  readonly file: string | undefined;

  constructor(message: string, options: { file?: string; cause?: unknown } = {}) {
    super(message, { cause: options.cause, exitCode: 1 });
    this.file = options.file;
  }
}
