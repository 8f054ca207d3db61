import type { SamplingParameters } from "../core/record.js";

export interface ChatMessage {
  role: "system" | "user" | "assistant";
  content: string;
}

/** One request to a language model. */
export interface GenerateRequest {
  messages: ChatMessage[];
  /** JSON Schema the output must follow; providers constrain or instruct accordingly. */
  schema?: Record<string, unknown>;
  sampling: SamplingParameters;
  signal?: AbortSignal;
}

/** Tokens one or more calls used. */
export interface TokenUsage {
  inputTokens: number;
  outputTokens: number;
  /**
   * Of `inputTokens`, those the model did not evaluate because its prompt cache held them: the
   * prefix an embedded sequence kept from its previous prompt, or an OpenAI-compatible server's
   * `usage.prompt_tokens_details.cached_tokens`. Undefined where the provider cannot tell.
   */
  cachedInputTokens?: number;
}

/** What a model returned for one request. */
export interface GenerateResult {
  /** Raw output text, reasoning blocks removed. */
  text: string;
  /** The parsed JSON value when a schema was requested and the text parsed; undefined otherwise. */
  json: unknown;
  usage: TokenUsage;
  timing: { startedAt: string; durationMs: number; timeToFirstTokenMs?: number };
  /** Why the answer ended: `length` when it stopped at `maxTokens` (an answer cut off), else `stop`. */
  finishReason?: "stop" | "length";
  /** True when the answer came from the response cache and no model ran. */
  cached?: boolean;
  /** Retries spent on this request (HTTP providers). */
  retries?: number;
}

/** A request to pick one of a few fixed answers (a label, a kind, yes or no). */
export interface ChooseRequest {
  /** The conversation; the model's answer should begin with one of `choices`. */
  messages: ChatMessage[];
  choices: readonly string[];
  /** Temperature of each draw; 0 takes the most likely choice every time. */
  temperature: number;
  /** One seed per draw: independent draws from the one distribution the prompt gives. */
  seeds: readonly number[];
  signal?: AbortSignal;
}

/** What {@link LanguageModel.choose} found. */
export interface ChooseResult {
  /** The choice drawn with each seed, in the order of `seeds`. */
  picks: string[];
  /** Probability of each choice, renormalised over the choices. */
  probabilities: Record<string, number>;
  usage: TokenUsage;
  /** Where the time went, where the provider measures it (the embedded model does). */
  spent?: ChoiceSpending;
}

/** The work behind one {@link ChooseResult}. */
export interface ChoiceSpending {
  /** Milliseconds evaluating the prompt tokens the model did not already hold (a row's text after a cached label list). */
  promptMs: number;
  /** Milliseconds scoring the choices after the prompt (the label trie's branch tokens). */
  trieMs: number;
  /** Model evaluations: the prompt's and one per batch of trie tokens. */
  evaluations: number;
  /** Tokens evaluated, prompt and trie together. */
  evaluatedTokens: number;
}

/** Identity of a model as recorded in provenance. */
export interface ModelIdentity {
  provider: string;
  id: string;
  fileSha256?: string;
  adapter?: string;
}

/**
 * The one interface stages use to talk to a model. `generate` may be called concurrently;
 * the implementation bounds its own parallelism (sequences on a context, requests in flight).
 */
export interface LanguageModel {
  readonly identity: ModelIdentity;
  /** How many `generate` calls the model serves at once; callers keep this many in flight. */
  readonly parallelism: number;
  generate(request: GenerateRequest): Promise<GenerateResult>;
  /**
   * US dollars that `usage` costs on this model (a hosted model with a known price). Absent
   * when running the model costs nothing per token (embedded) or its price is unknown.
   */
  costOf?(usage: TokenUsage): number;
  /**
   * Tokens of the context window each call has (prompt plus answer), when the model enforces a
   * fixed one itself (embedded). Absent for a server, which enforces its own.
   */
  readonly contextSize?: number;
  /** Tokens `messages` take as this model's prompt, its chat template applied (with `contextSize`). */
  countPromptTokens?(messages: readonly ChatMessage[]): number;
  /**
   * Picks among fixed answers from one evaluation of the prompt: every choice's whole token
   * sequence is scored (the probability decoding constrained to the choices would give it) and
   * that distribution is sampled once per seed. The same draws as `seeds.length` separate calls
   * constrained to the choices, at the cost of one prompt and no decoding, however many choices
   * there are. Absent where the model does not expose its distribution (HTTP): callers fall
   * back to `generate` with an enum schema.
   */
  choose?(request: ChooseRequest): Promise<ChooseResult>;
  /** Frees the model (weights, context, connections). */
  dispose(): Promise<void>;
}
