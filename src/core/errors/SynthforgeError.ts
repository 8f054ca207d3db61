/**
 * Base class of every error Synthforge raises on purpose. The CLI's error boundary
 * prints `message` as one sentence and exits with `exitCode`; anything that is not a
 * SynthforgeError is a bug and is printed with its stack.
 */
export class SynthforgeError extends Error {
  /** Process exit code the CLI uses for this error. */
  readonly exitCode: number;

  constructor(message: string, options: { cause?: unknown; exitCode?: number } = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = new.target.name;
    this.exitCode = options.exitCode ?? 1;
  }

  static isInstance(error: unknown): error is SynthforgeError {
    return error instanceof SynthforgeError;
  }
}
