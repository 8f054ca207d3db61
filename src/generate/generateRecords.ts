import type { EventSink } from "../core/events.js";
import type { GeneratedRecord, SamplingParameters } from "../core/record.js";
import type { RecordValidator } from "../core/recordSchema.js";
import type { LanguageModel } from "../providers/LanguageModel.js";
import type { SlotRow, Store } from "../store/Store.js";
import type { PromptBuilder } from "./createPromptBuilder.js";
import { deriveSeed } from "./deriveSeed.js";
import { judgeOutput } from "./judgeOutput.js";
import { recordId } from "./recordId.js";

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
  /** Name of the strategy recorded in provenance [plain]. */
  strategy?: string;
  events: EventSink;
  /** Aborting stops starting new calls; finished outputs are still stored. */
  signal?: AbortSignal;
}

/** What one pass of the generation stage did. */
export interface GenerationStats {
  modelCalls: number;
  inputTokens: number;
  outputTokens: number;
  accepted: number;
  rejected: number;
  /** Slots that used up their attempts in this pass. */
  exhausted: number;
}

/** Reason of a valid output that arrived after the run already had its target count. */
export const surplusReason = "surplus";

/**
 * The generation stage: fills the given slots, keeping `model.parallelism` calls in flight.
 * Each slot is tried attempt after attempt (attempt numbers continue from the slot's stored
 * counter, so a rerun repeats no attempt) until one output is accepted or the attempt limit
 * is reached. Every output is stored, with its provenance, accepted or rejected with a reason.
 */
export async function generateRecords(
  slots: SlotRow[],
  options: GenerateRecordsOptions,
): Promise<GenerationStats> {
  const stats: GenerationStats = {
    modelCalls: 0,
    inputTokens: 0,
    outputTokens: 0,
    accepted: 0,
    rejected: 0,
    exhausted: 0,
  };
  const queue = [...slots];
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

  const attemptSlot = async (slot: SlotRow, attempt: number): Promise<GeneratedRecord | undefined> => {
    const prompt = options.buildPrompt(slot, attempt);
    const sampling: SamplingParameters = {
      ...options.sampling,
      seed: deriveSeed(options.baseSeed, slot.index, attempt),
    };
    let result: Awaited<ReturnType<LanguageModel["generate"]>>;
    try {
      result = await options.model.generate({
        messages: prompt.messages,
        schema: options.schema,
        sampling,
        ...(options.signal ? { signal: options.signal } : {}),
      });
    } catch (error) {
      if (options.signal?.aborted) return undefined;
      throw error;
    }
    stats.modelCalls += 1;
    stats.inputTokens += result.usage.inputTokens;
    stats.outputTokens += result.usage.outputTokens;
    const verdict = judgeOutput(result.json, result.text, {
      validate: options.validate,
      cell: slot.cell,
      labelField: options.labelField,
    });
    const surplus = verdict.status === "accepted" && options.accepted + stats.accepted >= options.target;
    const record: GeneratedRecord = {
      id: recordId(options.runId, slot.index, attempt),
      status: surplus ? "rejected" : verdict.status,
      ...(surplus
        ? { reason: surplusReason }
        : verdict.reason === undefined
          ? {}
          : { reason: verdict.reason }),
      data: verdict.data,
      provenance: {
        runId: options.runId,
        round: options.round,
        slotIndex: slot.index,
        attempt,
        cell: slot.cell,
        template: prompt.template,
        messages: prompt.messages,
        model: { ...options.model.identity },
        sampling,
        fewShot: prompt.fewShot,
        strategy: options.strategy ?? "plain",
        rawOutput: result.text,
        usage: result.usage,
        timing: result.timing,
      },
      decisions: verdict.decisions,
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
      outputTokens: result.usage.outputTokens,
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
  const workers = Math.max(1, Math.min(options.model.parallelism, queue.length));
  await Promise.all(Array.from({ length: workers }, worker));
  if (failure) throw failure.error;
  return stats;
}
