import { SynthforgeError } from "./SynthforgeError.js";

/** A language-model call failed. `isRetryable` tells the caller whether trying again may help. */
export class ProviderError extends SynthforgeError {
  readonly provider: string;
  readonly status: number | undefined;
  readonly isRetryable: boolean;
  /** Seconds the server asked us to wait (`Retry-After`), when it said. */
  readonly retryAfterSeconds: number | undefined;

  constructor(
    provider: string,
    message: string,
    options: { status?: number; isRetryable?: boolean; retryAfterSeconds?: number; cause?: unknown } = {},
  ) {
    super(`${provider}: ${message}`, { cause: options.cause, exitCode: 4 });
    this.provider = provider;
    this.status = options.status;
    this.isRetryable = options.isRetryable ?? false;
    this.retryAfterSeconds = options.retryAfterSeconds;
  }
}
