import { getMaxListeners, setMaxListeners } from "node:events";
import { CancelledError } from "../../core/errors/CancelledError.js";
import { ProviderError } from "../../core/errors/ProviderError.js";
import type { EventSink } from "../../core/events.js";
import { splitUrlCredentials } from "../../core/net/urlCredentials.js";
import type { SamplingParameters } from "../../core/record.js";
import { compileRecordSchema, type RecordValidator } from "../../core/recordSchema.js";
import type {
  ChatMessage,
  GenerateRequest,
  GenerateResult,
  LanguageModel,
  TokenUsage,
} from "../LanguageModel.js";
import { createAdaptiveLimiter } from "./createAdaptiveLimiter.js";
import { type CallState, createCompletionSender } from "./createCompletionSender.js";
import { createFetchTransport } from "./createFetchTransport.js";
import { createLimiter, type Limiter } from "./createLimiter.js";
import { createNodeTransport } from "./createNodeTransport.js";
import type { OpenAICompatibleSettings } from "./OpenAICompatibleSettings.js";
import { parseJsonOutput } from "./parseJsonOutput.js";
import { costOf, priceFor } from "./priceTable.js";
import type { Completion } from "./readCompletion.js";
import { redactSecret } from "./redactSecret.js";
import { repairInstructions, schemaInstructions } from "./schemaInstructions.js";
import { stripReasoning } from "./stripReasoning.js";

/** A result of the OpenAI-compatible provider: the usual fields plus what the call cost. */
export interface OpenAICompatibleResult extends GenerateResult {
  /** US dollars for every attempt of this call, from the price table (0 when the price is unknown). */
  costUsd: number;
  retries: number;
}

/** Running totals of one model instance since it was created. */
export interface OpenAICompatibleTotals {
  calls: number;
  httpRequests: number;
  retries: number;
  inputTokens: number;
  outputTokens: number;
  costUsd: number;
}

/** A language model behind an OpenAI-compatible HTTP API. */
export interface OpenAICompatibleModel extends LanguageModel {
  generate(request: GenerateRequest): Promise<OpenAICompatibleResult>;
  /** How structured output is requested now: `json_object` once the server has rejected `json_schema`. */
  readonly structuredOutput: "json_schema" | "json_object";
  /** Calls, HTTP requests, retries, tokens and cost so far. */
  totals(): OpenAICompatibleTotals;
  /** The adaptive limit now (`parallel` when adaptive concurrency is off), holders, waiters and cuts so far. */
  concurrency(): { limit: number; inFlight: number; waiting: number; decreases: number };
}

/** What `createOpenAICompatibleModel` needs besides the settings. */
export interface OpenAICompatibleOptions {
  /** Where fallbacks and retries are reported (`log` events); nothing is reported without it. */
  events?: EventSink;
}

/**
 * Creates a model that calls `POST {baseUrl}/chat/completions`. Structured output goes through
 * `response_format: json_schema` (strict) and falls back, once per instance, to JSON mode with
 * the schema in the prompt when the server answers 400; every answer is stripped of reasoning
 * blocks, parsed and validated, with one repair request when it fails. At most `parallel`
 * requests are in flight, fewer while the server shows overload (429, 503, timeouts, growing
 * latency: createAdaptiveLimiter); failed attempts are retried with exponential backoff and
 * full jitter, honouring `Retry-After`.
 */
export function createOpenAICompatibleModel(
  settings: OpenAICompatibleSettings,
  options: OpenAICompatibleOptions = {},
): OpenAICompatibleModel {
  const provider = settings.providerName ?? "openai-compatible";
  // Credentials written into the URL are sent as HTTP Basic authentication and appear in no
  // URL that a message, a log or the store could show.
  const credentials = splitUrlCredentials(settings.baseUrl);
  const url = `${(credentials?.url ?? settings.baseUrl).replace(/\/+$/, "")}/chat/completions`;
  const apiKey = settings.apiKey;
  const parallel = settings.parallel ?? 8;
  const price = priceFor(settings.model, settings.price);
  const events = options.events;
  const headers: Record<string, string> = { "content-type": "application/json", ...settings.headers };
  if (credentials !== undefined && headers.authorization === undefined) {
    const basic = Buffer.from(`${credentials.username}:${credentials.password}`).toString("base64");
    headers.authorization = `Basic ${basic}`;
  }
  if (apiKey !== undefined && apiKey !== "") headers.authorization = `Bearer ${apiKey}`;
  const adaptive =
    settings.adaptiveConcurrency === false
      ? undefined
      : createAdaptiveLimiter({
          maximum: parallel,
          ...(typeof settings.adaptiveConcurrency === "object" ? settings.adaptiveConcurrency : {}),
          initial:
            typeof settings.adaptiveConcurrency === "object"
              ? (settings.adaptiveConcurrency.initial ?? parallel)
              : parallel,
        });
  const limiter: Limiter = adaptive ?? createLimiter(parallel);
  const validators = new WeakMap<object, RecordValidator>();
  let structuredOutput: "json_schema" | "json_object" =
    settings.structuredOutput === "json_object" ? "json_object" : "json_schema";
  const totals: OpenAICompatibleTotals = {
    calls: 0,
    httpRequests: 0,
    retries: 0,
    inputTokens: 0,
    outputTokens: 0,
    costUsd: 0,
  };

  const nodeTransport =
    settings.fetch === undefined ? createNodeTransport(url, headers, parallel) : undefined;
  const transport = nodeTransport ?? createFetchTransport(url, headers, settings.fetch ?? fetch);
  const complete = createCompletionSender({
    provider,
    url,
    transport,
    requestTimeoutMs: settings.requestTimeoutMs ?? 120_000,
    maxRetries: settings.maxRetries ?? 5,
    retryBaseDelayMs: settings.retryBaseDelayMs ?? 500,
    maxRetryDelayMs: settings.maxRetryDelayMs ?? 60_000,
    redact: (text) => redactSecret(redactSecret(text, apiKey), credentials?.password),
    events,
    ...(adaptive === undefined ? {} : { onAttempt: (outcome) => adaptive.record(outcome) }),
  });

  const validatorFor = (schema: Record<string, unknown>): RecordValidator => {
    let validator = validators.get(schema);
    if (!validator) {
      validator = compileRecordSchema(schema);
      validators.set(schema, validator);
    }
    return validator;
  };

  const buildBody = (
    messages: ChatMessage[],
    sampling: SamplingParameters,
    schema: Record<string, unknown> | undefined,
    mode: "json_schema" | "json_object",
  ): string =>
    JSON.stringify({
      model: settings.model,
      messages,
      temperature: sampling.temperature,
      top_p: sampling.topP,
      // Not an OpenAI field: llama.cpp's and vLLM's servers read it; sent only when a recipe sets it.
      ...(sampling.minP === undefined ? {} : { min_p: sampling.minP }),
      max_tokens: sampling.maxTokens,
      seed: sampling.seed,
      response_format:
        schema === undefined
          ? undefined
          : mode === "json_schema"
            ? { type: "json_schema", json_schema: { name: "record", schema, strict: true } }
            : { type: "json_object" },
    });

  // Every call in flight or waiting for a place listens to the caller's signal (one run's
  // signal serves all its calls): room for that many, so that `parallel` above 10 does not
  // print Node's "possible EventTarget memory leak" warning on a run that has no leak.
  const listenersNeeded = 2 * parallel + 10;
  const roomy = new WeakSet<AbortSignal>();
  const makeRoom = (signal: AbortSignal) => {
    if (roomy.has(signal)) return;
    roomy.add(signal);
    const now = getMaxListeners(signal);
    if (now !== 0 && now < listenersNeeded) setMaxListeners(listenersNeeded, signal);
  };

  const generate = async (request: GenerateRequest): Promise<OpenAICompatibleResult> => {
    const startedAtMs = Date.now();
    const started = performance.now();
    const signal = request.signal;
    if (signal !== undefined) makeRoom(signal);
    const schema = request.schema;
    const state: CallState = { retries: 0, httpRequests: 0, inputTokens: 0, outputTokens: 0 };
    if (!limiter.tryAcquire()) {
      try {
        await limiter.acquire(signal);
      } catch {
        throw new CancelledError();
      }
    }
    try {
      let mode = structuredOutput;
      let messages =
        schema !== undefined && mode === "json_object"
          ? withInstructions(request.messages, schema)
          : request.messages;
      let completion: Completion;
      try {
        completion = await complete(buildBody(messages, request.sampling, schema, mode), signal, state);
      } catch (error) {
        const rejected =
          error instanceof ProviderError &&
          (error.status === 400 || error.status === 422) &&
          mode === "json_schema";
        if (!rejected || schema === undefined || settings.structuredOutput === "json_schema") throw error;
        if (structuredOutput === "json_schema") {
          structuredOutput = "json_object";
          events?.({
            type: "log",
            level: "warn",
            message: `${provider}: the server rejected response_format json_schema (${error.message}); using JSON mode with the schema in the prompt`,
          });
        }
        mode = "json_object";
        messages = withInstructions(request.messages, schema);
        completion = await complete(buildBody(messages, request.sampling, schema, mode), signal, state);
      }
      let text = stripReasoning(completion.content);
      let json: unknown;
      if (schema !== undefined) {
        const validate = validatorFor(schema);
        let checked = check(text, validate);
        if (!checked.ok) {
          state.retries += 1;
          const repair: ChatMessage[] = [
            ...messages,
            { role: "assistant", content: text },
            { role: "user", content: repairInstructions(checked.problem) },
          ];
          completion = await complete(buildBody(repair, request.sampling, schema, mode), signal, state);
          text = stripReasoning(completion.content);
          checked = check(text, validate);
        }
        json = checked.value;
      }
      const usage = {
        inputTokens: state.inputTokens,
        outputTokens: state.outputTokens,
        ...(state.cachedInputTokens === undefined ? {} : { cachedInputTokens: state.cachedInputTokens }),
      };
      const costUsd = costOf(usage, price);
      totals.calls += 1;
      totals.httpRequests += state.httpRequests;
      totals.retries += state.retries;
      totals.inputTokens += usage.inputTokens;
      totals.outputTokens += usage.outputTokens;
      totals.costUsd += costUsd;
      return {
        text,
        json,
        usage,
        finishReason: completion.finishReason === "length" ? "length" : "stop",
        timing: { startedAt: new Date(startedAtMs).toISOString(), durationMs: performance.now() - started },
        retries: state.retries,
        costUsd,
      };
    } catch (error) {
      totals.httpRequests += state.httpRequests;
      totals.retries += state.retries;
      throw error;
    } finally {
      limiter.release();
    }
  };

  return {
    identity: { provider, id: settings.model },
    parallelism: parallel,
    get structuredOutput() {
      return structuredOutput;
    },
    generate,
    ...(price === undefined ? {} : { costOf: (usage: TokenUsage) => costOf(usage, price) }),
    totals: () => ({ ...totals }),
    concurrency: () => ({
      limit: adaptive?.limit ?? parallel,
      inFlight: limiter.active,
      waiting: limiter.waiting,
      decreases: adaptive?.decreases ?? 0,
    }),
    dispose: async () => {
      nodeTransport?.close();
    },
  };
}

function withInstructions(messages: ChatMessage[], schema: Record<string, unknown>): ChatMessage[] {
  const instructions = schemaInstructions(schema);
  const first = messages[0];
  if (first?.role === "system") {
    return [{ role: "system", content: `${first.content}\n\n${instructions}` }, ...messages.slice(1)];
  }
  return [{ role: "system", content: instructions }, ...messages];
}

/** Parses and validates; `value` is the parsed JSON even when it fails validation, so callers can report why. */
function check(
  text: string,
  validate: RecordValidator,
): { ok: true; value: unknown } | { ok: false; problem: string; value: unknown } {
  const parsed = parseJsonOutput(text);
  if (!parsed.ok) return { ok: false, problem: parsed.problem, value: undefined };
  const problem = validate(parsed.value);
  return problem === undefined
    ? { ok: true, value: parsed.value }
    : { ok: false, problem, value: parsed.value };
}
