import type { EventSink } from "../core/events.js";
import type { GeneratedRecord, QualityDecision, SamplingParameters } from "../core/record.js";
import type { RecordValidator } from "../core/recordSchema.js";
import type { GenerateResult, LanguageModel, TokenUsage } from "../providers/LanguageModel.js";
import type { SlotRow, Store } from "../store/Store.js";
import type { PromptBuilder, SlotPrompt } from "./createPromptBuilder.js";
import { decodingSchema, stringLengthLimits } from "./decodingSchema.js";
import { deriveSeed } from "./deriveSeed.js";
import { judgeOutput } from "./judgeOutput.js";
import { recordId } from "./recordId.js";
import { type VoteSettings, voteOnSamples } from "./voteOnSamples.js";

/** What a verifier is shown: one output that parsed, validated and passed the slot's own checks. */
export interface VerifyInput {
  data: Record<string, unknown>;
  slot: SlotRow;
  prompt: SlotPrompt;
  result: GenerateResult;
  /** True when the model stopped at its token limit. */
  stoppedAtTokenLimit: boolean;
  /** Seed of the attempt; a verifier derives its own from it. */
  seed: number;
  signal?: AbortSignal;
}

/** What a verifier decided; any `rejectReason` rejects the output and the slot tries again. */
export interface VerifyOutcome {
  decisions: QualityDecision[];
  rejectReason: string | undefined;
  /** Tokens the verifier's own model calls used (the judge), counted apart from generation. */
  usage?: TokenUsage;
  calls?: number;
}

/**
 * Checks an accepted output before it is stored as accepted: the pipeline passes the rule
 * checks and the judge here (quality stage), so a rejected output's slot is retried at once.
 */
export type RecordVerifier = (input: VerifyInput) => Promise<VerifyOutcome>;

export interface GenerateRecordsOptions {
  runId: string;
  /** Round number recorded in provenance (1-based). */
  round: number;
  model: LanguageModel;
  store: Store;
  buildPrompt: PromptBuilder;
  /** The record's JSON Schema, sent with every request so decoding is constrained to it. */
  schema: Record<string, unknown>;
  validate: RecordValidator;
  /** Output field checked against the slot's cell value of the same name. */
  labelField: string | undefined;
  /** Sampling parameters; the seed of each call is derived from `baseSeed`, the slot and the attempt. */
  sampling: Omit<SamplingParameters, "seed">;
  baseSeed: number;
  /** A slot is tried until its attempt counter reaches this; then it is marked exhausted. */
  attemptLimit: (slot: SlotRow) => number;
  /** Accepted records the run wants; generation stops as soon as the run has this many. */
  target: number;
  /** Accepted records the run already has. */
  accepted: number;
  /** Name of the strategy recorded in provenance when the prompt names none [plain]. */
  strategy?: string;
  /** Output field compared by majority vote when there is no label field [text]. */
  textField?: string;
  /** Majority vote: draw k samples per attempt (different seeds) and keep the agreed one. */
  vote?: VoteSettings;
  /** Rule checks and the judge, run on every output that passed the schema and label checks. */
  verify?: RecordVerifier;
  events: EventSink;
  /** Aborting stops starting new calls; finished outputs are still stored. */
  signal?: AbortSignal;
}

/** What one pass of the generation stage did. */
export interface GenerationStats {
  /** Calls a model answered (answers from the response cache are not counted here). */
  modelCalls: number;
  /** Calls answered from the response cache, at no cost. */
  cachedResponses: number;
  inputTokens: number;
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

/** Reason of a valid output that arrived after the run already had its target count. */
export const surplusReason = "surplus";

/**
 * The generation stage: fills the given slots, keeping `model.parallelism` calls in flight.
 * Each slot is tried attempt after attempt (attempt numbers continue from the slot's stored
 * counter, so a rerun repeats no attempt) until one output is accepted or the attempt limit
 * is reached. Every output is stored, with its provenance, accepted or rejected with a reason.
 * The prompt builder may give a slot its own strategy, an extra check (`review`, e.g. the
 * novelty filter) and a change applied on acceptance (`finish`, e.g. a label flip). With
 * `vote`, each attempt draws k samples with different seeds and stores the agreed one with a
 * "majority-vote" decision (agreement rate and every sample's output).
 */
export async function generateRecords(
  slots: SlotRow[],
  options: GenerateRecordsOptions,
): Promise<GenerationStats> {
  const stats = emptyGenerationStats();
  const queue = [...slots];
  const schema = decodingSchema(options.schema, options.labelField);
  const lengthLimits = stringLengthLimits(options.schema);
  let failure: { error: unknown } | undefined;
  const stopped = () =>
    failure !== undefined ||
    options.signal?.aborted === true ||
    options.accepted + stats.accepted >= options.target;

  const fillSlot = async (slot: SlotRow) => {
    const limit = options.attemptLimit(slot);
    let attempt = slot.attempts;
    while (attempt < limit) {
      if (stopped()) return;
      const record = await attemptSlot(slot, attempt);
      if (record === undefined) return;
      if (record.status === "accepted") return;
      attempt += 1;
    }
    options.store.setSlotStatus(options.runId, slot.index, "exhausted");
    stats.exhausted += 1;
  };

  const call = async (
    messages: SlotPrompt["messages"],
    sampling: SamplingParameters,
  ): Promise<GenerateResult | undefined> => {
    try {
      const result = await options.model.generate({
        messages,
        schema,
        sampling,
        ...(options.signal ? { signal: options.signal } : {}),
      });
      if (result.cached) stats.cachedResponses += 1;
      else stats.modelCalls += 1;
      stats.inputTokens += result.usage.inputTokens;
      stats.outputTokens += result.usage.outputTokens;
      stats.retries += result.retries ?? 0;
      return result;
    } catch (error) {
      if (options.signal?.aborted) return undefined;
      throw error;
    }
  };

  const stoppedAtLimit = (result: GenerateResult) =>
    result.finishReason === "length" || result.usage.outputTokens >= options.sampling.maxTokens;
  const judge = (result: GenerateResult, slot: SlotRow) =>
    judgeOutput(result.json, result.text, {
      validate: options.validate,
      cell: slot.cell,
      labelField: options.labelField,
      stoppedAtTokenLimit: stoppedAtLimit(result),
      lengthLimits,
    });

  const attemptSlot = async (slot: SlotRow, attempt: number): Promise<GeneratedRecord | undefined> => {
    const prompt = options.buildPrompt(slot, attempt);
    const seed = deriveSeed(options.baseSeed, slot.index, attempt);
    const k = options.vote?.samples ?? 1;
    const seeds = Array.from({ length: k }, (_, sample) =>
      sample === 0 ? seed : deriveSeed(seed, sample, k),
    );
    const results = await Promise.all(
      seeds.map((sampleSeed) => call(prompt.messages, { ...options.sampling, seed: sampleSeed })),
    );
    if (results.some((result) => result === undefined)) return undefined;
    const drawn = results as GenerateResult[];
    const verdicts = drawn.map((result) => judge(result, slot));
    let keep = 0;
    let verdict = verdicts[0]!;
    let voteDecision: QualityDecision | undefined;
    if (options.vote) {
      const outcome = await voteOnSamples(
        verdicts,
        drawn.map((result) => result.text),
        { labelField: options.labelField, textField: options.textField ?? "text" },
        options.vote,
      );
      keep = outcome.keep;
      verdict = verdicts[keep]!;
      voteDecision = outcome.decision;
      stats.votes += 1;
      stats.agreementSum += outcome.agreement;
      if (outcome.accepted) stats.votesAgreeing += 1;
      else if (verdict.status === "accepted") {
        verdict = { ...verdict, status: "rejected", reason: "no-majority" };
      }
    }
    const result = drawn[keep]!;
    const decisions = [...verdict.decisions, ...(voteDecision ? [voteDecision] : [])];
    let status = verdict.status;
    let reason = verdict.reason;
    let data = verdict.data;
    if (status === "accepted" && data !== undefined && prompt.review) {
      const review = prompt.review(data);
      decisions.push(review.decision);
      if (review.rejectReason !== undefined) {
        status = "rejected";
        reason = review.rejectReason;
      }
    }
    if (status === "accepted" && data !== undefined && options.verify) {
      const started = performance.now();
      const outcome = await options.verify({
        data,
        slot,
        prompt,
        result,
        stoppedAtTokenLimit: stoppedAtLimit(result),
        seed: seeds[keep]!,
        ...(options.signal ? { signal: options.signal } : {}),
      });
      stats.judgeMilliseconds += performance.now() - started;
      stats.judgeCalls += outcome.calls ?? 0;
      stats.judgeInputTokens += outcome.usage?.inputTokens ?? 0;
      stats.judgeOutputTokens += outcome.usage?.outputTokens ?? 0;
      decisions.push(...outcome.decisions);
      if (outcome.rejectReason !== undefined) {
        status = "rejected";
        reason = outcome.rejectReason;
      }
    }
    if (status === "accepted" && options.accepted + stats.accepted >= options.target) {
      status = "rejected";
      reason = surplusReason;
    }
    if (status === "accepted" && data !== undefined && prompt.finish) data = prompt.finish(data);
    const baseStrategy = prompt.strategy ?? options.strategy ?? "plain";
    const strategy = options.vote
      ? baseStrategy === "plain"
        ? "majority-vote"
        : `${baseStrategy}+majority-vote`
      : baseStrategy;
    const usage = {
      inputTokens: drawn.reduce((sum, each) => sum + each.usage.inputTokens, 0),
      outputTokens: drawn.reduce((sum, each) => sum + each.usage.outputTokens, 0),
    };
    const record: GeneratedRecord = {
      id: recordId(options.runId, slot.index, attempt),
      status,
      ...(reason === undefined ? {} : { reason }),
      data,
      provenance: {
        runId: options.runId,
        round: options.round,
        slotIndex: slot.index,
        attempt,
        cell: slot.cell,
        template: prompt.template,
        messages: prompt.messages,
        model: { ...options.model.identity },
        sampling: { ...options.sampling, seed: seeds[keep]! },
        fewShot: prompt.fewShot,
        strategy,
        rawOutput: result.text,
        usage,
        timing: result.timing,
      },
      decisions,
    };
    options.store.putRecord(record);
    if (record.status === "accepted") stats.accepted += 1;
    else stats.rejected += 1;
    options.events({
      type: "record",
      runId: options.runId,
      recordId: record.id,
      status: record.status,
      ...(record.reason === undefined ? {} : { reason: record.reason }),
      outputTokens: usage.outputTokens,
      accepted: options.accepted + stats.accepted,
      target: options.target,
    });
    return record;
  };

  const worker = async () => {
    while (!stopped()) {
      const slot = queue.shift();
      if (slot === undefined) return;
      try {
        await fillSlot(slot);
      } catch (error) {
        failure ??= { error };
        return;
      }
    }
  };
  // A vote keeps its k calls in flight at once, so fewer slots run side by side.
  const perSlot = options.vote?.samples ?? 1;
  const workers = Math.max(1, Math.min(Math.ceil(options.model.parallelism / perSlot), queue.length));
  await Promise.all(Array.from({ length: workers }, worker));
  if (failure) throw failure.error;
  return stats;
}
