import { sleep } from "../../core/concurrency/sleep.js";
import { CancelledError } from "../../core/errors/CancelledError.js";
import { ProviderError } from "../../core/errors/ProviderError.js";
import type { EventSink } from "../../core/events.js";
import { backoffDelay } from "./backoffDelay.js";
import type { AttemptOutcome } from "./createAdaptiveLimiter.js";
import { describeTransportError } from "./describeTransportError.js";
import { parseRetryAfter } from "./parseRetryAfter.js";
import { type Completion, readCompletion } from "./readCompletion.js";
import type { Transport, TransportResponse } from "./Transport.js";

/** Counters of one `generate` call, shared by all of its HTTP attempts. */
export interface CallState {
  retries: number;
  httpRequests: number;
  inputTokens: number;
  outputTokens: number;
  /** Of inputTokens, those the server's prompt cache held; undefined until a response reports it. */
  cachedInputTokens?: number;
}

/** What the sender needs; resolved once per model instance. */
export interface CompletionSenderOptions {
  provider: string;
  /** Shown in error messages (credentials redacted). */
  url: string;
  transport: Transport;
  requestTimeoutMs: number;
  maxRetries: number;
  retryBaseDelayMs: number;
  maxRetryDelayMs: number;
  /** Removes the API key from any text that goes into an error. */
  redact: (text: string) => string;
  events: EventSink | undefined;
  /** Told how each attempt ended (adaptive concurrency): overload signs and answer latencies. */
  onAttempt?: (outcome: AttemptOutcome) => void;
}

/** Sends one serialised chat-completion body, retrying until it gets a readable completion. */
export type CompletionSender = (
  body: string,
  signal: AbortSignal | undefined,
  state: CallState,
) => Promise<Completion>;

const timeoutReason = Symbol("request timeout");

/**
 * The HTTP side of the provider. Each attempt is bounded by the per-request timeout and the
 * caller's signal (one AbortController and one timer, cleared when the attempt ends). 408,
 * 409, 429, 5xx, timeouts, connection errors and unreadable bodies are retried with
 * exponential backoff and full jitter, or after `Retry-After` when the server sent it; a
 * `Retry-After` longer than `maxRetryDelayMs` fails at once rather than hanging the run.
 */
export function createCompletionSender(options: CompletionSenderOptions): CompletionSender {
  const { provider, url, transport, requestTimeoutMs, maxRetries, redact, events, onAttempt } = options;

  const attempt = async (body: string, signal: AbortSignal | undefined): Promise<Completion> => {
    const controller = new AbortController();
    const started = performance.now();
    // 0: no limit of ours; the node:http transport has none of its own either.
    const timer =
      requestTimeoutMs > 0 ? setTimeout(() => controller.abort(timeoutReason), requestTimeoutMs) : undefined;
    const onAbort = () => controller.abort(signal?.reason);
    signal?.addEventListener("abort", onAbort, { once: true });
    try {
      let response: TransportResponse;
      try {
        response = await transport(body, controller.signal);
      } catch (error) {
        if (signal?.aborted) throw new CancelledError();
        if (controller.signal.reason === timeoutReason) {
          onAttempt?.({ kind: "overloaded" });
          throw new ProviderError(provider, `no complete answer within ${requestTimeoutMs} ms from ${url}`, {
            isRetryable: true,
          });
        }
        const described = describeTransportError(error);
        if (described.isRetryable) onAttempt?.({ kind: "overloaded" });
        throw new ProviderError(provider, redact(`request to ${url} failed: ${described.message}`), {
          isRetryable: described.isRetryable,
        });
      }
      const { status, text } = response;
      if (status >= 200 && status < 300) {
        onAttempt?.({ kind: "answered", latencyMs: performance.now() - started });
        return readCompletion(text, provider);
      }
      if (status === 429 || status === 503) onAttempt?.({ kind: "overloaded" });
      const retryAfterSeconds = parseRetryAfter(response.retryAfter);
      throw new ProviderError(provider, redact(`${url} answered ${status}: ${text.slice(0, 300).trim()}`), {
        status,
        isRetryable: status === 408 || status === 409 || status === 429 || status >= 500,
        ...(retryAfterSeconds === undefined ? {} : { retryAfterSeconds }),
      });
    } finally {
      clearTimeout(timer);
      signal?.removeEventListener("abort", onAbort);
    }
  };

  return async (body, signal, state) => {
    for (let retry = 0; ; retry += 1) {
      state.httpRequests += 1;
      try {
        const completion = await attempt(body, signal);
        state.inputTokens += completion.inputTokens;
        if (completion.cachedInputTokens !== undefined)
          state.cachedInputTokens = (state.cachedInputTokens ?? 0) + completion.cachedInputTokens;
        state.outputTokens += completion.outputTokens;
        return completion;
      } catch (error) {
        if (!(error instanceof ProviderError) || !error.isRetryable || retry >= maxRetries) throw error;
        const retryAfterMs =
          error.retryAfterSeconds === undefined ? undefined : Math.ceil(error.retryAfterSeconds * 1000);
        if (retryAfterMs !== undefined && retryAfterMs > options.maxRetryDelayMs) throw error;
        const delay = backoffDelay(retry, {
          baseMs: options.retryBaseDelayMs,
          maxMs: options.maxRetryDelayMs,
          ...(retryAfterMs === undefined ? {} : { retryAfterMs }),
        });
        state.retries += 1;
        events?.({ type: "log", level: "debug", message: `${error.message}; retrying in ${delay} ms` });
        await sleep(delay, signal);
      }
    }
  };
}
