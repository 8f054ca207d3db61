import { ProviderError } from "../../core/errors/ProviderError.js";

/** The parts of a chat-completion response body the client uses. */
export interface Completion {
  /** `choices[0].message.content`; "" when the server sent none. */
  content: string;
  finishReason: string | undefined;
  inputTokens: number;
  outputTokens: number;
  /** `usage.prompt_tokens_details.cached_tokens`, where the server reports it (OpenAI, vLLM). */
  cachedInputTokens: number | undefined;
}

const asNumber = (value: unknown): number =>
  typeof value === "number" && Number.isFinite(value) ? value : 0;

/**
 * Reads a chat-completion body. A body that is not JSON, or has no choices, is a broken
 * answer (truncated by a proxy, a crashed worker) and is retryable. Checked by hand rather
 * than with zod because it runs on every response and only four fields matter;
 * `reasoning_content` and any other extra fields are ignored.
 */
export function readCompletion(body: string, provider: string): Completion {
  let parsed: unknown;
  try {
    parsed = JSON.parse(body);
  } catch {
    throw new ProviderError(
      provider,
      `the server sent a response body that is not valid JSON (${body.length} bytes)`,
      {
        isRetryable: true,
      },
    );
  }
  const envelope = parsed as {
    choices?: Array<{ message?: { content?: unknown }; finish_reason?: unknown }>;
    usage?: {
      prompt_tokens?: unknown;
      completion_tokens?: unknown;
      prompt_tokens_details?: { cached_tokens?: unknown } | null;
    };
    error?: { message?: unknown };
  } | null;
  const choice = Array.isArray(envelope?.choices) ? envelope.choices[0] : undefined;
  if (typeof choice !== "object" || choice === null) {
    const reason = typeof envelope?.error?.message === "string" ? `: ${envelope.error.message}` : "";
    throw new ProviderError(provider, `the server sent a response without choices${reason}`, {
      isRetryable: true,
    });
  }
  const content = choice.message?.content;
  return {
    content: typeof content === "string" ? content : "",
    finishReason: typeof choice.finish_reason === "string" ? choice.finish_reason : undefined,
    inputTokens: asNumber(envelope?.usage?.prompt_tokens),
    outputTokens: asNumber(envelope?.usage?.completion_tokens),
    cachedInputTokens:
      typeof envelope?.usage?.prompt_tokens_details?.cached_tokens === "number"
        ? envelope.usage.prompt_tokens_details.cached_tokens
        : undefined,
  };
}
