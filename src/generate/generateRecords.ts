import type { EventSink } from "../core/events.js";
import type { QualityDecision, RecordStatus, SamplingParameters } from "../core/record.js";
import type { RecordValidator } from "../core/recordSchema.js";
import type { GenerateResult, LanguageModel, TokenUsage } from "../providers/LanguageModel.js";
import type { SlotRow, Store } from "../store/Store.js";
import type { PromptBuilder, SlotPrompt } from "./createPromptBuilder.js";
import { decodingSchema, stringLengthLimits, stringMinimumLengths } from "./decodingSchema.js";
import { deriveSeed } from "./deriveSeed.js";
import { judgeOutput, type OutputVerdict } from "./judgeOutput.js";
import { type GenerationStats, runSlots, type SlotAttempt } from "./runSlots.js";
import { type VoteSettings, voteOnSamples } from "./voteOnSamples.js";

export { emptyGenerationStats, type GenerationStats } from "./runSlots.js";

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
  /** `pattern`s added to its top-level string properties for decoding (`fieldScriptPatterns`). */
  fieldPatterns?: Readonly<Record<string, string>>;
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

/** Reason of a valid output that arrived after the run already had its target count. */
export const surplusReason = "surplus";

/**
 * The generation stage: fills the given slots through the slot runner (`runSlots`), keeping
 * `model.parallelism` calls in flight. Each attempt builds the slot's prompt, decodes it
 * constrained to `decodingSchema`, parses and checks the output (`judgeOutput`: schema, label,
 * truncation by finish reason or by the token count reaching `maxTokens`), then the prompt's
 * own check (`review`, e.g. the novelty filter) and the verifier (rule checks, the judge).
 * The prompt builder may give a slot its own strategy and a change applied on acceptance
 * (`finish`, e.g. a label flip). With `vote`, each attempt draws k samples with different
 * seeds and stores the agreed one with a "majority-vote" decision (agreement rate and every
 * sample's output). Annotation of a user's outputs runs here too, with its own prompt and
 * verifier.
 */
export async function generateRecords(
  slots: SlotRow[],
  options: GenerateRecordsOptions,
): Promise<GenerationStats> {
  // A vote keeps its k calls in flight at once, so fewer slots run side by side.
  const perSlot = options.vote?.samples ?? 1;
  return runSlots(slots, {
    runId: options.runId,
    round: options.round,
    store: options.store,
    attemptLimit: options.attemptLimit,
    target: options.target,
    accepted: options.accepted,
    concurrency: Math.ceil(options.model.parallelism / perSlot),
    attempt: decodeAttempt(options),
    events: options.events,
    ...(options.signal ? { signal: options.signal } : {}),
  });
}

/** True when a model stopped at its token limit: it says so, or it used every token it was allowed. */
export function stoppedAtTokenLimit(result: GenerateResult, maxTokens: number): boolean {
  return result.finishReason === "length" || result.usage.outputTokens >= maxTokens;
}

/** One generation attempt: prompt → k constrained samples → parse and check → vote → review → verify. */
function decodeAttempt(options: GenerateRecordsOptions): SlotAttempt {
  const lengthLimits = stringLengthLimits(options.schema);
  const minimumLengths = stringMinimumLengths(options.schema);
  const judge = (result: GenerateResult, slot: SlotRow) =>
    judgeOutput(result.json, result.text, {
      validate: options.validate,
      cell: slot.cell,
      labelField: options.labelField,
      stoppedAtTokenLimit: stoppedAtTokenLimit(result, options.sampling.maxTokens),
      lengthLimits,
      minimumLengths,
    });

  return async (slot, attempt, { stats, targetReached }) => {
    const prompt = options.buildPrompt(slot, attempt);
    const seeds = sampleSeeds(deriveSeed(options.baseSeed, slot.index, attempt), options.vote?.samples ?? 1);
    // Samples voted on are compared by their labels: those stay free to differ.
    const label =
      options.labelField === undefined || options.vote ? undefined : slot.cell[options.labelField];
    const schema = decodingSchema(options.schema, options.labelField, label, options.fieldPatterns);
    const drawn = await drawSamples(options, schema, prompt, seeds, stats);
    if (drawn === undefined) return undefined;
    const picked = await pickSample(
      options,
      drawn,
      drawn.map((result) => judge(result, slot)),
      stats,
    );
    const result = drawn[picked.keep]!;
    const seed = seeds[picked.keep]!;
    const checked = await checkOutput(options, picked.verdict, { slot, prompt, result, seed }, stats);
    let { status, reason, data } = checked;
    if (status === "accepted" && targetReached()) {
      status = "rejected";
      reason = surplusReason;
    }
    if (status === "accepted" && data !== undefined && prompt.finish) data = prompt.finish(data);
    return {
      status,
      reason,
      data,
      decisions: [...picked.verdict.decisions, ...picked.decisions, ...checked.decisions],
      prompt,
      strategy: strategyName(prompt.strategy ?? options.strategy ?? "plain", options.vote !== undefined),
      model: options.model.identity,
      sampling: { ...options.sampling, seed },
      rawOutput: result.text,
      usage: {
        inputTokens: drawn.reduce((sum, each) => sum + each.usage.inputTokens, 0),
        outputTokens: drawn.reduce((sum, each) => sum + each.usage.outputTokens, 0),
      },
      timing: result.timing,
    };
  };
}

/** The seeds of an attempt's k samples: the attempt's own first, then ones derived from it. */
function sampleSeeds(seed: number, k: number): number[] {
  return Array.from({ length: k }, (_, sample) => (sample === 0 ? seed : deriveSeed(seed, sample, k)));
}

/** `plain`, the prompt's strategy, and `+majority-vote` when samples were voted on. */
function strategyName(base: string, voted: boolean): string {
  if (!voted) return base;
  return base === "plain" ? "majority-vote" : `${base}+majority-vote`;
}

/** Decodes the prompt once per seed, all at once; undefined when the run was cancelled meanwhile. */
async function drawSamples(
  options: GenerateRecordsOptions,
  schema: Record<string, unknown>,
  prompt: SlotPrompt,
  seeds: number[],
  stats: GenerationStats,
): Promise<GenerateResult[] | undefined> {
  const call = async (seed: number): Promise<GenerateResult | undefined> => {
    try {
      const result = await options.model.generate({
        messages: prompt.messages,
        schema,
        sampling: { ...options.sampling, seed },
        ...(options.signal ? { signal: options.signal } : {}),
      });
      if (result.cached) stats.cachedResponses += 1;
      else stats.modelCalls += 1;
      stats.inputTokens += result.usage.inputTokens;
      stats.cachedInputTokens += result.usage.cachedInputTokens ?? 0;
      stats.outputTokens += result.usage.outputTokens;
      stats.retries += result.retries ?? 0;
      return result;
    } catch (error) {
      if (options.signal?.aborted) return undefined;
      throw error;
    }
  };
  const results = await Promise.all(seeds.map(call));
  return results.some((result) => result === undefined) ? undefined : (results as GenerateResult[]);
}

/** The sample kept: the only one, or the majority vote's (an output the vote did not agree on is rejected). */
async function pickSample(
  options: GenerateRecordsOptions,
  drawn: GenerateResult[],
  verdicts: OutputVerdict[],
  stats: GenerationStats,
): Promise<{ keep: number; verdict: OutputVerdict; decisions: QualityDecision[] }> {
  if (!options.vote) return { keep: 0, verdict: verdicts[0]!, decisions: [] };
  const outcome = await voteOnSamples(
    verdicts,
    drawn.map((result) => result.text),
    { labelField: options.labelField, textField: options.textField ?? "text" },
    options.vote,
  );
  stats.votes += 1;
  stats.agreementSum += outcome.agreement;
  if (outcome.accepted) stats.votesAgreeing += 1;
  let verdict = verdicts[outcome.keep]!;
  if (!outcome.accepted && verdict.status === "accepted") {
    verdict = { ...verdict, status: "rejected", reason: "no-majority" };
  }
  return { keep: outcome.keep, verdict, decisions: [outcome.decision] };
}

/** The prompt's own check, then the verifier, on an output that passed its schema and label checks. */
async function checkOutput(
  options: GenerateRecordsOptions,
  verdict: OutputVerdict,
  kept: { slot: SlotRow; prompt: SlotPrompt; result: GenerateResult; seed: number },
  stats: GenerationStats,
): Promise<{
  status: RecordStatus;
  reason: string | undefined;
  data: Record<string, unknown> | undefined;
  decisions: QualityDecision[];
}> {
  const { data } = verdict;
  const decisions: QualityDecision[] = [];
  if (verdict.status !== "accepted" || data === undefined) {
    return { status: verdict.status, reason: verdict.reason, data, decisions };
  }
  if (kept.prompt.review) {
    const review = kept.prompt.review(data);
    decisions.push(review.decision);
    if (review.rejectReason !== undefined)
      return { status: "rejected", reason: review.rejectReason, data, decisions };
  }
  if (options.verify) {
    const started = performance.now();
    const outcome = await options.verify({
      data,
      ...kept,
      stoppedAtTokenLimit: stoppedAtTokenLimit(kept.result, options.sampling.maxTokens),
      ...(options.signal ? { signal: options.signal } : {}),
    });
    stats.judgeMilliseconds += performance.now() - started;
    stats.judgeCalls += outcome.calls ?? 0;
    stats.judgeInputTokens += outcome.usage?.inputTokens ?? 0;
    stats.judgeOutputTokens += outcome.usage?.outputTokens ?? 0;
    decisions.push(...outcome.decisions);
    if (outcome.rejectReason !== undefined)
      return { status: "rejected", reason: outcome.rejectReason, data, decisions };
  }
  return { status: "accepted", reason: verdict.reason, data, decisions };
}
