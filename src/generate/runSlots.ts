import { runPool } from "../core/concurrency/runPool.js";
import type { EventSink } from "../core/events.js";
import type { GeneratedRecord, QualityDecision, RecordStatus, SamplingParameters } from "../core/record.js";
import type { ModelIdentity, TokenUsage } from "../providers/LanguageModel.js";
import type { SlotRow, Store } from "../store/Store.js";
import type { SlotPrompt } from "./createPromptBuilder.js";
import { recordId } from "./recordId.js";

/** What one pass over slots did (generation or annotation). */
export interface GenerationStats {
  /** Calls a model answered (answers from the response cache are not counted here). */
  modelCalls: number;
  /** Calls answered from the response cache, at no cost. */
  cachedResponses: number;
  inputTokens: number;
  /** Of `inputTokens`, those a model's prompt cache held (not evaluated again); see TokenUsage. */
  cachedInputTokens: number;
  outputTokens: number;
  accepted: number;
  rejected: number;
  /** Slots that used up their attempts in this pass. */
  exhausted: number;
  /** Retries the provider spent (HTTP providers). */
  retries: number;
  /** Majority votes held, and how many of them reached agreement. */
  votes: number;
  votesAgreeing: number;
  /** Sum of the votes' agreement rates (÷ votes = mean agreement). */
  agreementSum: number;
  /** The verifier's (judge's) calls and tokens, not included in the counts above. */
  judgeCalls: number;
  judgeInputTokens: number;
  judgeOutputTokens: number;
  /** Wall-clock milliseconds spent waiting for the verifier. */
  judgeMilliseconds: number;
}

/** Stats of a pass that did nothing. */
export function emptyGenerationStats(): GenerationStats {
  return {
    modelCalls: 0,
    cachedResponses: 0,
    inputTokens: 0,
    cachedInputTokens: 0,
    outputTokens: 0,
    accepted: 0,
    rejected: 0,
    exhausted: 0,
    retries: 0,
    votes: 0,
    votesAgreeing: 0,
    agreementSum: 0,
    judgeCalls: 0,
    judgeInputTokens: 0,
    judgeOutputTokens: 0,
    judgeMilliseconds: 0,
  };
}

/** Adds `more` into `sum`, key by key. */
export function addGenerationStats(sum: GenerationStats, more: GenerationStats): void {
  for (const key of Object.keys(sum) as (keyof GenerationStats)[]) sum[key] += more[key];
}

/** What one attempt on a slot concluded, before the record is stored. */
export interface AttemptOutcome {
  status: RecordStatus;
  reason?: string | undefined;
  data: Record<string, unknown> | undefined;
  decisions: QualityDecision[];
  /** The prompt it was asked with (messages, template, few-shot ids). */
  prompt: Pick<SlotPrompt, "messages" | "template" | "fewShot">;
  strategy: string;
  model: ModelIdentity;
  /** The sampling parameters the kept answer was drawn with, seed included. */
  sampling: SamplingParameters;
  rawOutput: string;
  usage: TokenUsage;
  timing: { startedAt: string; durationMs: number; timeToFirstTokenMs?: number };
}

/** The one record builder: an attempt's outcome with its provenance, under its derived id. */
export function buildRecord(
  runId: string,
  round: number,
  slot: SlotRow,
  attempt: number,
  outcome: AttemptOutcome,
): GeneratedRecord {
  return {
    id: recordId(runId, slot.index, attempt),
    status: outcome.status,
    ...(outcome.reason === undefined ? {} : { reason: outcome.reason }),
    data: outcome.data,
    provenance: {
      runId,
      round,
      slotIndex: slot.index,
      attempt,
      cell: slot.cell,
      template: outcome.prompt.template,
      messages: outcome.prompt.messages,
      model: { ...outcome.model },
      sampling: outcome.sampling,
      fewShot: outcome.prompt.fewShot,
      strategy: outcome.strategy,
      rawOutput: outcome.rawOutput,
      usage: outcome.usage,
      timing: outcome.timing,
    },
    decisions: outcome.decisions,
  };
}

/** What an attempt may know about the pass it belongs to. */
export interface AttemptContext {
  /** The pass's counts; an attempt adds its model calls, tokens and votes here. */
  stats: GenerationStats;
  /** True when the run already has its target: an accepted output now is surplus. */
  targetReached(): boolean;
}

/**
 * One attempt on a slot: build its messages, decode, verify. Returns the outcome to store, or
 * undefined when it was cancelled (nothing is stored).
 */
export type SlotAttempt = (
  slot: SlotRow,
  attempt: number,
  context: AttemptContext,
) => Promise<AttemptOutcome | undefined>;

export interface RunSlotsOptions {
  runId: string;
  /** Round number recorded in provenance (1-based). */
  round: number;
  store: Store;
  /** A slot is tried until its attempt counter reaches this; then it is marked exhausted. */
  attemptLimit: (slot: SlotRow) => number;
  /** Accepted records the run wants; no slot is started once the run has this many. */
  target: number;
  /** Accepted records the run already has. */
  accepted: number;
  /** Slots worked on at once (the model's parallel places). */
  concurrency: number;
  /** What differs between generation and annotation: the prompt, the decoding and the checks. */
  attempt: SlotAttempt;
  /** Gets a `record` event for every record stored. */
  events: EventSink;
  /** Aborting stops starting attempts; finished outputs are still stored. */
  signal?: AbortSignal;
}

/**
 * The slot runner shared by generation, annotation and the Postgres workers: a pool of
 * `concurrency` lanes, each taking the next slot and trying it attempt after attempt (numbers
 * continue from the slot's stored counter, so a rerun repeats no attempt) until one output is
 * accepted or the attempt limit is reached (the slot is then marked exhausted). Every outcome
 * is stored as a record, accepted or rejected with its reason, the moment it is known, so a
 * kill loses nothing. An error once the run is cancelled ends quietly; any other is thrown
 * after the slots in hand are done.
 */
export async function runSlots(
  slots: readonly SlotRow[],
  options: RunSlotsOptions,
): Promise<GenerationStats> {
  const stats = emptyGenerationStats();
  const targetReached = () => options.accepted + stats.accepted >= options.target;
  let failed = false;
  // A failure, a cancel or the target reached: no slot in hand starts another attempt.
  const stopped = () => failed || options.signal?.aborted === true || targetReached();
  const context: AttemptContext = { stats, targetReached };

  const store = (slot: SlotRow, attempt: number, outcome: AttemptOutcome): GeneratedRecord => {
    const record = buildRecord(options.runId, options.round, slot, attempt, outcome);
    options.store.putRecord(record);
    if (record.status === "accepted") stats.accepted += 1;
    else stats.rejected += 1;
    options.events({
      type: "record",
      runId: options.runId,
      recordId: record.id,
      status: record.status,
      ...(record.reason === undefined ? {} : { reason: record.reason }),
      outputTokens: outcome.usage.outputTokens,
      accepted: options.accepted + stats.accepted,
      target: options.target,
    });
    return record;
  };

  const fillSlot = async (slot: SlotRow) => {
    const limit = options.attemptLimit(slot);
    for (let attempt = slot.attempts; attempt < limit; attempt += 1) {
      if (stopped()) return;
      const outcome = await options.attempt(slot, attempt, context);
      if (outcome === undefined) return;
      if (store(slot, attempt, outcome).status === "accepted") return;
    }
    options.store.setSlotStatus(options.runId, slot.index, "exhausted");
    stats.exhausted += 1;
  };

  await runPool(slots, { concurrency: options.concurrency, stopped }, async (slot) => {
    try {
      await fillSlot(slot);
    } catch (error) {
      if (options.signal?.aborted) return;
      failed = true;
      throw error;
    }
  });
  return stats;
}

/**
 * The progress of a pass as `task-progress` events: turns each `record` event into the count
 * done since the invocation began (`forward` also passes the record events on).
 */
export function slotProgress(
  events: EventSink,
  progress: {
    task: string;
    /** Accepted before this invocation: progress counts from here. */
    before: number;
    total: number;
    detail: (accepted: number, rejected: number) => string;
    forward: boolean;
  },
): EventSink {
  let rejected = 0;
  return (event) => {
    if (event.type !== "record") {
      events(event);
      return;
    }
    if (progress.forward) events(event);
    if (event.status === "rejected") rejected += 1;
    events({
      type: "task-progress",
      task: progress.task,
      done: event.accepted - progress.before,
      total: progress.total - progress.before,
      detail: progress.detail(event.accepted, rejected),
    });
  };
}
