import type { ModelPrice } from "./priceTable.js";

/** How structured output is requested from the server. */
export type StructuredOutputMode = "auto" | "json_schema" | "json_object";

/** Settings of one OpenAI-compatible model (OpenAI, DeepSeek, Qwen/DashScope, vLLM, SGLang, llama.cpp, Ollama). */
export interface OpenAICompatibleSettings {
  /** Base URL of the API, up to and including the version segment, e.g. `http://localhost:8000/v1`. */
  baseUrl: string;
  /** The server's model id, sent as `model` in every request. */
  model: string;
  /** API key sent as a Bearer token; resolved by the caller (recipe or environment). Never logged or stored. */
  apiKey?: string;
  /** Requests in flight at once; further calls wait in a queue (back-pressure). */
  parallel?: number;
  /**
   * Adaptive concurrency [true]: the limit starts at `parallel` (or `initial`), is cut on 429,
   * 503, timeouts and growing latency, and grows back by one per window while the server keeps
   * up, never above `parallel`. `false` keeps `parallel` fixed.
   */
  adaptiveConcurrency?: boolean | { initial?: number; minimum?: number; latencyTolerance?: number };
  /**
   * Milliseconds one HTTP attempt may take, body included, before it is aborted and retried
   * [120000]; 0 for no limit. The default transport (node:http) has no limit of its own.
   */
  requestTimeoutMs?: number;
  /** Retries after the first attempt on 429, 5xx, timeouts, connection resets and unreadable bodies. */
  maxRetries?: number;
  /** First backoff step in milliseconds; each retry doubles it (full jitter). */
  retryBaseDelayMs?: number;
  /** Longest single wait between attempts; a longer `Retry-After` fails the request instead. */
  maxRetryDelayMs?: number;
  /** `auto` tries `json_schema` and falls back to JSON mode when the server rejects it; or force one. */
  structuredOutput?: StructuredOutputMode;
  /** Price per million tokens; overrides the built-in table. */
  price?: ModelPrice;
  /** Extra HTTP headers sent with every request (e.g. an organisation id). */
  headers?: Record<string, string>;
  /** Name of the provider in provenance and error messages. */
  providerName?: string;
  /** Custom fetch implementation, e.g. to intercept requests in tests. */
  fetch?: typeof globalThis.fetch;
}
