import { type Config, configFromEnvironment } from "../../core/config.js";
import { type EventSink, ignoreEvents } from "../../core/events.js";
import { planTargets } from "../../core/plan/planTargets.js";
import { steerSlots } from "../../core/plan/steerSlots.js";
import { labelsOf } from "../../core/recipe/labelsOf.js";
import type { LoadedRecipe } from "../../core/recipe/loadRecipe.js";
import type { PromptBuilder } from "../../generate/createPromptBuilder.js";
import { assignStrategies } from "../../generate/strategies/assignStrategies.js";
import {
  createStrategyPromptBuilder,
  type PromptState,
} from "../../generate/strategies/createStrategyPromptBuilder.js";
import { InstructionPool } from "../../generate/strategies/InstructionPool.js";
import { majorityVoteThreshold } from "../../generate/strategies/majorityVote.js";
import { confusablePartners } from "../../generate/strategies/planConfusable.js";
import type { StrategySlot } from "../../generate/strategies/planNegatives.js";
import { type NextRoundDecision, planNextRound } from "../../generate/strategies/planNextRound.js";
import { roundBudgets } from "../../generate/strategies/roundBudgets.js";
import type { VoteSettings } from "../../generate/voteOnSamples.js";
import { labelConfusion } from "../../quality/metrics/labelConfusion.js";
import { createVoteScorer } from "../verify/createVoteScorer.js";
import type { PreparedGeneration } from "./prepareGeneration.js";
import type { RoundContext, RoundHook } from "./RoundHook.js";
import { roundQuickStats } from "./roundQuickStats.js";

/** The recipe's `strategies` turned into what the run loop uses. */
export interface GenerationEngine {
  /** Prompt of each slot and attempt under the slot's strategy. */
  buildPrompt: PromptBuilder;
  /** Majority-vote settings, when the recipe asks for a vote. */
  vote: VoteSettings | undefined;
  /** Runs first before each round: refreshes the instruction pool, steers open slots, restores round settings. */
  prepareRound: RoundHook;
  /** Runs last after each round: quick metrics, the next round's plan, the round's summary line. */
  planRound: RoundHook;
  /** Stops what the engine started (the worker of a BERTScore vote). */
  close(): Promise<void>;
}

/** What a BERTScore vote needs to start the Python worker. */
export interface GenerationEngineServices {
  config: Config;
  events: EventSink;
  signal?: AbortSignal;
}

const phrasingKey = "phrasing offset";
const temperatureKey = "next temperature";

/**
 * Builds the generation engine of a run from its recipe, in one place: strategy marks per slot
 * (negatives at `strategies.negatives.share`, evolution), few-shot rotation and phrasings
 * (the template's builder), self-instruct and evolution with the novelty filter, majority vote,
 * diversity steering (`plan.steer`) and the round planner (`strategies.rounds`).
 */
export function createGenerationEngine(
  loaded: LoadedRecipe,
  prepared: PreparedGeneration,
  services?: GenerationEngineServices,
): GenerationEngine {
  const { recipe } = loaded;
  const { selfInstruct, evolution, majorityVote } = recipe.strategies;
  const instructionField = selfInstruct?.field ?? evolution?.field ?? "instruction";
  const pool =
    selfInstruct || evolution
      ? new InstructionPool({
          seeds: prepared.examples.flatMap((example) => {
            const value = example.fields[instructionField];
            return typeof value === "string" && value.trim() !== "" ? [value] : [];
          }),
          field: instructionField,
          threshold: selfInstruct?.noveltyThreshold ?? 0.7,
          locale: recipe.language,
        })
      : undefined;
  const strategies = new Map<number, StrategySlot>();
  const state: PromptState = { phrasingOffset: 0 };
  const buildPrompt = createStrategyPromptBuilder({
    recipe,
    plain: prepared.buildPrompt,
    strategies,
    pool,
    state,
  });
  const budgets = roundBudgets(recipe);
  let started: number | undefined;
  let roundsDone = 0;

  const prepareRound: RoundHook = {
    name: "strategies",
    beforeRound(context) {
      const { store, runId } = context;
      const slots = store.listSlots(runId);
      if (started === undefined) {
        started = Date.now();
        for (const slot of assignStrategies(slots, recipe)) strategies.set(slot.index, slot);
        restoreRoundSettings(context);
      }
      if (recipe.strategies.confusable) {
        // Hard cases follow the judge: each label's partner is the label its votes went to most.
        const labels = labelsOf(recipe);
        const confusions =
          labelConfusion(store.listRecords(runId), labels.length * labels.length)?.confusions ?? [];
        state.confusablePartners = confusablePartners(labels, confusions);
      }
      const accepted = store.listRecords(runId, { status: "accepted" });
      if (pool) {
        pool.reset(
          accepted.flatMap((record) => {
            const value = record.data?.[instructionField];
            return typeof value === "string" ? [value] : [];
          }),
        );
      }
      if (recipe.plan.steer && context.slots) {
        context.slots = steerSlots(
          context.slots,
          accepted.map((record) => record.provenance.cell),
          planTargets(slots),
        );
      }
    },
  };

  const planRound: RoundHook = {
    name: "rounds",
    afterRound(context) {
      roundsDone += 1;
      const { store, runId } = context;
      const records = store.listRecords(runId);
      const stats = roundQuickStats(context.round, records, store.listSlots(runId), recipe);
      const usage = records.reduce(
        (sum, record) => ({
          inputTokens: sum.inputTokens + record.provenance.usage.inputTokens,
          outputTokens: sum.outputTokens + record.provenance.usage.outputTokens,
        }),
        { inputTokens: 0, outputTokens: 0 },
      );
      const costUsed = context.model?.costOf?.(usage) ?? 0;
      const decision = planNextRound(
        stats,
        {
          roundsDone,
          temperature: context.sampling.temperature,
          phrasingOffset: state.phrasingOffset,
          tokensUsed: usage.inputTokens + usage.outputTokens,
          costUsed,
          secondsUsed: (Date.now() - (started ?? Date.now())) / 1000,
        },
        budgets,
      );
      applyDecision(context, decision);
      const generation = context.stats;
      context.summary["schema valid"] = percent(stats.schemaValidity);
      context.summary.duplicates = percent(stats.duplicateRate);
      // The quality hook, when it ran, has put the same entropy (docs/metrics.md) there already.
      context.summary.entropy ??= Number(stats.entropy.toFixed(3));
      if (generation && generation.votes > 0) {
        context.summary["vote agreement"] = Number((generation.agreementSum / generation.votes).toFixed(3));
        context.summary["votes agreeing"] = `${generation.votesAgreeing}/${generation.votes}`;
      }
      if (generation && generation.retries > 0) context.summary.retries = generation.retries;
      if (generation && generation.cachedResponses > 0)
        context.summary["from cache"] = generation.cachedResponses;
      if (context.model?.costOf) context.summary["cost USD"] = Number(costUsed.toFixed(4));
      context.summary.next = decision.stop ? `stop (${decision.reason})` : decision.reason;
      // Kept with the round so a resumed run continues with them; shown only once changed.
      if (context.sampling.temperature !== recipe.generation.temperature) {
        context.summary[temperatureKey] = Number(context.sampling.temperature.toFixed(3));
      }
      if (state.phrasingOffset !== 0) context.summary[phrasingKey] = state.phrasingOffset;
      if (decision.stop && decision.reason !== "targets met") context.stop = decision.reason;
    },
  };

  function applyDecision(context: RoundContext, decision: NextRoundDecision): void {
    if (decision.stop) return;
    if (decision.rotatePhrasing) state.phrasingOffset += 1;
    if (decision.temperatureDelta !== 0) {
      const temperature =
        Math.round((context.sampling.temperature + decision.temperatureDelta) * 1000) / 1000;
      context.sampling = { ...context.sampling, temperature };
    }
  }

  /** A resumed run continues with the temperature and phrasing its last round chose. */
  function restoreRoundSettings(context: RoundContext): void {
    const last = context.store
      .listRounds(context.runId)
      .filter((round) => round.endedAt !== undefined && round.summary !== undefined)
      .at(-1)?.summary;
    if (!last) return;
    const temperature = last[temperatureKey];
    const offset = last[phrasingKey];
    if (typeof temperature === "number") context.sampling = { ...context.sampling, temperature };
    if (typeof offset === "number") state.phrasingOffset = offset;
  }

  const scorer =
    majorityVote?.similarity === "bertscore"
      ? createVoteScorer({
          encoder: majorityVote.encoder,
          layer: majorityVote.layer,
          language: recipe.language,
          directory: loaded.directory,
          config: services?.config ?? configFromEnvironment(),
          events: services?.events ?? ignoreEvents,
          ...(services?.signal ? { signal: services.signal } : {}),
        })
      : undefined;
  const vote: VoteSettings | undefined = majorityVote
    ? {
        samples: majorityVote.samples,
        minimumAgreement: majorityVote.minimumAgreement,
        threshold: scorer
          ? (majorityVote.threshold ?? scorer.defaultThreshold)
          : majorityVoteThreshold(majorityVote),
        locale: recipe.language,
        ...(scorer ? { scorePairs: scorer.scorePairs, similarity: scorer.similarity } : {}),
      }
    : undefined;

  return { buildPrompt, vote, prepareRound, planRound, close: async () => scorer?.close() };
}

function percent(value: number): string {
  return `${(value * 100).toFixed(1)}%`;
}
