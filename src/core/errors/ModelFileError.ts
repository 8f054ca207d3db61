import { SynthforgeError } from "./SynthforgeError.js";

/** A model file exists but is unusable: wrong hash, not a GGUF file, unknown model name. */
export class ModelFileError extends SynthforgeError {
  readonly path: string | undefined;

  constructor(message: string, options: { path?: string; cause?: unknown } = {}) {
    super(message, { cause: options.cause, exitCode: 3 });
    this.path = options.path;
  }
}
