import { SynthforgeError } from "./SynthforgeError.js";

/** The Python worker failed: it reported a typed error, or it died. `lastLines` is what it printed last. */
export class WorkerError extends SynthforgeError {
  readonly kind: string;
  readonly lastLines: string[];

  constructor(kind: string, message: string, options: { lastLines?: string[]; cause?: unknown } = {}) {
    const tail = options.lastLines?.length
      ? `\nLast lines from the worker:\n  ${options.lastLines.join("\n  ")}`
      : "";
    super(`Worker ${kind}: ${message}${tail}`, { cause: options.cause, exitCode: 6 });
    this.kind = kind;
    this.lastLines = options.lastLines ?? [];
  }
}
