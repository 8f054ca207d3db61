import type { Context } from "hono";
import { CancelledError } from "../core/errors/CancelledError.js";
import { SynthforgeError } from "../core/errors/SynthforgeError.js";
import type { StreamingModel, StreamPrompt, StreamRequest } from "../providers/StreamingModel.js";
import type { CompletionRequest } from "./chatCompletionRequestSchema.js";
import { badRequest, openAIError } from "./openAIError.js";
import { type ServeLimits, schemaOverLimit } from "./ServeLimits.js";

/** Sampling defaults of `synthforge serve` for fields a request leaves out (the recipe's defaults). */
export const serveSamplingDefaults = { temperature: 0.7, topP: 0.92, topK: 40, maxTokens: 512 } as const;

/** The sampling part of a decode, from the fields chat completions and completions share. */
export function samplingOf(
  request: Pick<
    CompletionRequest,
    "temperature" | "top_p" | "top_k" | "seed" | "stop" | "presence_penalty" | "frequency_penalty"
  >,
): Omit<StreamRequest, "prompt" | "maxTokens"> {
  const stop = request.stop;
  return {
    temperature: request.temperature ?? serveSamplingDefaults.temperature,
    topP: request.top_p ?? serveSamplingDefaults.topP,
    topK: request.top_k ?? serveSamplingDefaults.topK,
    seed: request.seed ?? Math.floor(Math.random() * 2 ** 31),
    ...(stop === null || stop === undefined ? {} : { stop: typeof stop === "string" ? [stop] : stop }),
    ...(request.presence_penalty ? { presencePenalty: request.presence_penalty } : {}),
    ...(request.frequency_penalty ? { frequencyPenalty: request.frequency_penalty } : {}),
  };
}

/**
 * How many tokens the answer may take, or the 400 that says why the request cannot be served:
 * more choices than the server decodes for one request, more output tokens than it allows, or
 * a prompt that with the answer asked for does not fit the context (and by how many tokens).
 */
export function budgetOf(
  c: Context,
  model: StreamingModel,
  limits: ServeLimits,
  prompt: StreamPrompt,
  requested: number | undefined,
  fallback: number,
  n: number,
  promptParam: string,
): { maxTokens: number; promptTokens: number } | Response {
  if (n > limits.maxChoices) {
    return badRequest(
      c,
      `\`n\` is ${n}; this server decodes at most ${limits.maxChoices} choices per request (maxChoices).`,
      "n",
    );
  }
  const maxOutput = limits.maxOutputTokens ?? model.contextSize;
  if (requested !== undefined && requested > maxOutput) {
    return badRequest(
      c,
      `\`max_tokens\` is ${requested}; this server generates at most ${maxOutput} tokens per choice (maxOutputTokens).`,
      "max_tokens",
    );
  }
  const promptTokens = model.countStreamPromptTokens(prompt);
  const context = model.contextSize;
  const asked = promptTokens + (requested ?? 1);
  if (asked > context) {
    // As OpenAI does, with how far over the context the request is.
    return badRequest(
      c,
      requested === undefined
        ? `This model's maximum context length is ${context} tokens. However, your ${promptParam} resulted in ${promptTokens} tokens, ${asked - context} more than fit with a one-token answer. Please reduce the length of the ${promptParam}.`
        : `This model's maximum context length is ${context} tokens. However, you requested ${asked} tokens (${promptTokens} in the ${promptParam}, ${requested} in the completion), ${asked - context} more than it holds. Please reduce the length of the ${promptParam} or completion.`,
      promptParam,
      "context_length_exceeded",
    );
  }
  // Without max_tokens, the answer may use what the context has left.
  const maxTokens = Math.min(requested ?? fallback, context - promptTokens, maxOutput);
  return { maxTokens, promptTokens };
}

/**
 * Bounds and compiles the JSON Schemas of a request (response_format, each tool's parameters,
 * the tool-call schema): a schema past a limit or one the grammar compiler rejects gets a 400
 * naming its field, before any sequence is taken.
 */
export async function prepareSchemas(
  c: Context,
  model: StreamingModel,
  limits: ServeLimits,
  bounded: readonly { field: string; schema: unknown }[],
  compiled: readonly { field: string; schema: Record<string, unknown> }[],
): Promise<Response | undefined> {
  const values = { count: 0 };
  for (const { field, schema } of bounded) {
    const over = schemaOverLimit(schema, field, limits, values);
    if (over) return badRequest(c, over, field, "schema_too_large");
  }
  for (const { field, schema } of compiled) {
    try {
      await model.prepareSchema(schema);
    } catch (error) {
      return badRequest(
        c,
        `\`${field}\` cannot be compiled to a grammar: ${(error as Error).message.replace(/\.$/, "")}.`,
        field,
      );
    }
  }
  return undefined;
}

/** The error body of a decode that failed: 503 when cancelled, 500 otherwise. */
export function decodeFailure(
  error: unknown,
  signal: AbortSignal,
): { status: 500 | 503; body: ReturnType<typeof openAIError> } {
  if (error instanceof CancelledError || signal.aborted) {
    return { status: 503, body: openAIError("The request was cancelled.", "cancelled") };
  }
  const message = error instanceof SynthforgeError ? error.message : "The model failed to answer.";
  return { status: 500, body: openAIError(message, "server_error") };
}
