/** Sampling parameters as sent to a model for one call. */
export interface SamplingParameters {
  temperature: number;
  topP: number;
  topK: number;
  /** Min-p: tokens under this share of the most likely one are dropped; unset sends nothing. */
  minP?: number;
  maxTokens: number;
  seed: number;
  /** Penalty on tokens already in the answer (1 = none); the embedded model's repeat penalty (HTTP servers keep their own settings). */
  repeatPenalty?: number;
}

/** Where a record came from and every decision taken about it (docs/architecture.md, "Where each concept lives"). */
export interface Provenance {
  runId: string;
  round: number;
  slotIndex: number;
  attempt: number;
  /** Control-dimension values of the plan slot, e.g. { label: "positive", domain: "restaurant" }. */
  cell: Record<string, string>;
  template: { id: string; version: string };
  /** Rendered chat messages exactly as sent. */
  messages: { role: "system" | "user" | "assistant"; content: string }[];
  model: { provider: string; id: string; fileSha256?: string; adapter?: string };
  sampling: SamplingParameters;
  /** Ids of the seed examples shown in the prompt. */
  fewShot: string[];
  /** Strategy that produced the record: "plain", "negative:label-flip", "majority-vote", ... */
  strategy: string;
  rawOutput: string;
  /** Tokens of the prompt, of them those a prompt cache held (when the model can tell), and of the output. */
  usage: { inputTokens: number; outputTokens: number; cachedInputTokens?: number };
  timing: { startedAt: string; durationMs: number; timeToFirstTokenMs?: number };
}

/** A quality decision about one record, by one filter or metric. */
export interface QualityDecision {
  check: string;
  decision: "pass" | "reject" | "redact" | "flag";
  reason?: string;
  details?: unknown;
}

export type RecordStatus = "accepted" | "rejected";

/** One generated example plus its provenance. */
export interface GeneratedRecord {
  /** Derived from (run, slot, attempt): a rerun writes the same id, never a duplicate. */
  id: string;
  status: RecordStatus;
  /** Why it was rejected (schema, duplicate, pii, ...), when it was. */
  reason?: string;
  /** The parsed record, when the output parsed. */
  data: Record<string, unknown> | undefined;
  provenance: Provenance;
  decisions: QualityDecision[];
}
