import type { Config } from "../core/config.js";
import { CancelledError } from "../core/errors/CancelledError.js";
import { UsageError } from "../core/errors/UsageError.js";
import { type EventSink, ignoreEvents, type RunSummary } from "../core/events.js";
import { createPlan } from "../core/plan/createPlan.js";
import type { LoadedRecipe } from "../core/recipe/loadRecipe.js";
import { type ModelSettings, modelSchema } from "../core/recipe/modelSchema.js";
import { exportRun } from "../export/exportRun.js";
import type { SplitShares } from "../export/splitRecords.js";
import { createPromptBuilder } from "../generate/createPromptBuilder.js";
import {
  emptyGenerationStats,
  type GenerationStats,
  generateRecords,
  type RecordVerifier,
} from "../generate/generateRecords.js";
import type { ResponseCache } from "../providers/cache/withResponseCache.js";
import type { LanguageModel } from "../providers/LanguageModel.js";
import { hasSlotClaims } from "../store/SlotClaims.js";
import type { SlotRow, Store } from "../store/Store.js";
import { createGenerationEngine } from "./createGenerationEngine.js";
import { createRecordVerifier } from "./createRecordVerifier.js";
import { endWorker, generateAsWorker, type WorkerSettings } from "./generateAsWorker.js";
import { runImageRecipe } from "./images/runImageRecipe.js";
import { type PreparedGeneration, prepareGeneration } from "./prepareGeneration.js";
import type { RoundContext, RoundHook } from "./RoundHook.js";
import { recipeForStore } from "./recipeForStore.js";
import { applyReviewFeedback, createSampleRefreshHook, loadReviewFeedback } from "./reviewFeedback.js";
import { runIdFor } from "./runIdFor.js";

/** Builds the model of a run when none is given (the provider factory). */
export type ModelFactory = (
  settings: ModelSettings,
  options: {
    config: Config;
    events: EventSink;
    baseDirectory?: string;
    signal?: AbortSignal;
    /** The run's store, as the response cache of HTTP models. */
    store?: ResponseCache;
  },
) => Promise<LanguageModel>;

export interface RunRecipeOptions {
  store: Store;
  /** The model to generate with; when absent, one is created from the recipe's `model` section, only if there is work to do. */
  model?: LanguageModel;
  /**
   * The judge that verifies records; when absent, the recipe's `judge.model` is created, or the
   * generation model judges (the default).
   */
  judgeModel?: LanguageModel;
  /** How a model is created when `model` is absent [the provider factory, createLanguageModel]. */
  createModel?: ModelFactory;
  config: Config;
  /** Progress and results as events [ignored]. */
  events?: EventSink;
  /** Aborting stops at the next safe point; stored work is kept and a rerun continues from it. */
  signal?: AbortSignal;
  /** Hooks that take part in every round (quality filters, gates), between the engine's own. */
  hooks?: RoundHook[];
  /** The generation stage [generateRecords]; strategies such as majority vote replace it. */
  stage?: typeof generateRecords;
  /** Export folder [recipe `export.dir`, else `out/<name>`], relative to `cwd`. */
  outDir?: string;
  /** Train/validation/test shares overriding the recipe's. */
  split?: SplitShares;
  /** Skip the export at the end. */
  skipExport?: boolean;
  /** Folder relative output paths resolve against [process.cwd()]. */
  cwd?: string;
  /** The recipe already checked by `prepareGeneration` (e.g. before the store was opened); checked here otherwise. */
  prepared?: PreparedGeneration;
  /**
   * Generate as one of several processes on the run (`--worker`; a store with slot claims,
   * i.e. Postgres): slots are claimed under a lease, and the process that takes the finishing
   * lock once every slot is done runs the round's hooks, gates and the export; the others
   * return after their generation, with `summary.worker.finishedRun` false.
   */
  worker?: WorkerSettings;
  /** Finish the run now (`--finish`): the current round's hooks, gates and the export, from this process. */
  finish?: boolean;
}

/**
 * Runs a recipe to its target: plan, generate in rounds, export. The run id comes from the
 * recipe hash, so rerunning the same recipe (after a crash, Ctrl-C, or a short round)
 * continues where the store left off: only open slots are generated and nothing is repeated.
 * After each round, exhausted and re-opened slots get fresh attempts in the next, until the
 * run has exactly `plan.count` accepted records or this invocation has used
 * `strategies.rounds.maximum` rounds (or a token/time budget). A slot may have used at most
 * `round × generation.maxAttempts` attempts by the end of round `round`.
 *
 * The recipe's `strategies` and `plan.steer` always take part (createGenerationEngine): its
 * "strategies" hook runs before the caller's hooks, and its "rounds" hook (quick metrics,
 * next-round decision, stop on a spent budget) after them, so it sees what quality filters rejected.
 */
export async function runRecipe(loaded: LoadedRecipe, options: RunRecipeOptions): Promise<RunSummary> {
  const started = Date.now();
  const { recipe } = loaded;
  const { store, signal } = options;
  if ((options.worker !== undefined || options.finish) && !hasSlotClaims(store)) {
    throw new UsageError(
      `--${options.worker ? "worker" : "finish"} needs a Postgres store (--store postgres://…): the SQLite store takes one writing process, so several generators cannot share its run.`,
    );
  }
  // Images are drawn by the worker's generator, not a language model (pipeline/images).
  if (recipe.task === "image-classification") return runImageRecipe(loaded, options);
  const events = options.events ?? ignoreEvents;
  const runId = runIdFor(loaded);
  const target = recipe.plan.count;
  const checked = options.prepared ?? (await prepareGeneration(loaded));
  // After a human review, the next round learns from it (reasons in the prompt, reviewed
  // exemplars as few-shot examples, wrong records regenerated).
  const feedback = loadReviewFeedback(store, runId, recipe);
  const prepared: PreparedGeneration =
    feedback === undefined
      ? checked
      : {
          ...checked,
          buildPrompt: createPromptBuilder(recipe, checked.template, checked.examples, feedback.prompt),
        };
  const engine = createGenerationEngine(loaded, prepared, {
    config: options.config,
    events,
    ...(signal ? { signal } : {}),
  });
  // A run with work left loads its model before anything is stored, so a bad model file or
  // provider setting leaves the store as it was; a finished run never loads one.
  let createdModel =
    options.model === undefined &&
    store.countRecords(runId).accepted - (feedback?.regenerate.length ?? 0) < target
      ? await createModel(options, loaded, events, signal)
      : undefined;

  store.ensureRun({
    id: runId,
    recipeName: recipe.name,
    recipeHash: loaded.hash,
    recipe: recipeForStore(recipe),
    target,
  });
  store.putPlan(runId, createPlan(recipe.dimensions, recipe.plan));
  store.setRunStatus(runId, "running");
  if (feedback !== undefined) applyReviewFeedback(store, runId, feedback, events, target);
  const alreadyAccepted = store.countRecords(runId).accepted;
  events({ type: "run-start", runId, recipe: recipe.name, target, alreadyAccepted });

  const hooks = [
    engine.prepareRound,
    createSampleRefreshHook(recipe),
    ...(options.hooks ?? []),
    engine.planRound,
  ];
  const session: GenerationStats = emptyGenerationStats();
  const tokensBefore = store
    .listRecords(runId)
    .reduce(
      (sum, record) => sum + record.provenance.usage.inputTokens + record.provenance.usage.outputTokens,
      0,
    );
  const { maximum, maxTokens, maxSeconds } = recipe.strategies.rounds;
  const { temperature, topP, topK, maxTokens: maxOutputTokens, repeatPenalty } = recipe.generation;
  let sampling: RoundContext["sampling"] = {
    temperature,
    topP,
    topK,
    maxTokens: maxOutputTokens,
    repeatPenalty,
  };
  let model = options.model ?? createdModel;
  let createdJudge: LanguageModel | undefined;
  let verify: RecordVerifier | undefined;
  let shortfall: string | undefined;

  /** The model and the verifier, created the first time a round generates. */
  const ensureGeneration = async (): Promise<{ model: LanguageModel; verify: RecordVerifier }> => {
    if (model === undefined) {
      createdModel = await createModel(options, loaded, events, signal);
      model = createdModel;
    }
    if (verify === undefined) {
      let judgeModel = options.judgeModel ?? model;
      const judgeSettings = judgeModelSettings(recipe);
      if (options.judgeModel === undefined && judgeSettings !== undefined) {
        createdJudge = await createModel(options, loaded, events, signal, judgeSettings);
        judgeModel = createdJudge;
      }
      verify = createRecordVerifier(recipe, recipe.judge.enabled ? judgeModel : undefined);
    }
    return { model, verify };
  };
  const generate = async (open: SlotRow[], round: number, accepted: number): Promise<GenerationStats> => {
    const ready = await ensureGeneration();
    return (options.stage ?? generateRecords)(open, {
      runId,
      round,
      model: ready.model,
      store,
      buildPrompt: engine.buildPrompt,
      schema: recipe.output.schema,
      validate: prepared.validate,
      labelField: recipe.output.labelField,
      sampling,
      baseSeed: recipe.generation.seed,
      attemptLimit: () => round * recipe.generation.maxAttempts,
      target,
      accepted,
      events: progress,
      textField: recipe.output.textField,
      verify: ready.verify,
      ...(engine.vote ? { vote: engine.vote } : {}),
      ...(signal ? { signal } : {}),
    });
  };
  const roundContext = (round: number, slots: SlotRow[]): RoundContext => ({
    runId,
    round,
    loaded,
    store,
    events,
    signal,
    sampling,
    model,
    slots,
    stats: undefined,
    summary: {},
  });

  // `session` is summed only at the end of each round; progress counts record events as they come.
  let rejectedSoFar = 0;
  const progress: EventSink = (event) => {
    events(event);
    if (event.type === "record") {
      if (event.status === "rejected") rejectedSoFar += 1;
      events({
        type: "task-progress",
        task: "generate",
        done: event.accepted - alreadyAccepted,
        total: target - alreadyAccepted,
        detail: `${event.accepted}/${target} accepted, ${rejectedSoFar} rejected`,
      });
    }
  };

  // The round several workers generated, finished here by its hooks without generating again.
  let workersRound: number | undefined;
  let workerStats: GenerationStats | undefined;
  let finishing = false;
  try {
    const rounds = store.listRounds(runId);
    const last = rounds.at(-1);
    let round = last !== undefined && last.endedAt === undefined ? last.round : (last?.round ?? 0) + 1;
    events({ type: "task-start", task: "generate", total: target - alreadyAccepted, unit: "records" });
    if ((options.worker !== undefined || options.finish) && hasSlotClaims(store)) {
      if (options.worker !== undefined) {
        store.startRound(runId, round);
        let steering: Promise<Map<number, SlotRow>> | undefined;
        const outcome = await generateAsWorker(store, runId, options.worker, {
          // The round's hooks run once, over every open slot, as in one process (steering sees
          // the whole plan); each claimed slot then takes the cell they chose for it.
          prepare: async (slots) => {
            steering ??= (async () => {
              const context = roundContext(round, store.listSlots(runId, "open"));
              for (const hook of hooks) await hook.beforeRound?.(context);
              sampling = context.sampling;
              return new Map((context.slots ?? []).map((slot) => [slot.index, slot]));
            })();
            const chosen = await steering;
            return slots.map((slot) => {
              const steered = chosen.get(slot.index);
              return steered === undefined
                ? slot
                : { ...steered, attempts: slot.attempts, status: slot.status };
            });
          },
          generate: (slots) => generate(slots, round, store.countRecords(runId).accepted),
          ...(model?.costOf ? { costOf: model.costOf.bind(model) } : {}),
          events,
          signal,
        });
        workerStats = outcome.stats;
        for (const key of Object.keys(session) as (keyof GenerationStats)[])
          session[key] += outcome.stats[key];
        finishing = outcome.finishing;
        if (!finishing || store.getRun(runId)?.status === "completed") {
          if (finishing) store.releaseFinishing(runId);
          endWorker(store, runId, options.worker, "done");
          const counts = store.countRecords(runId);
          events({
            type: "log",
            level: "info",
            message: `worker ${options.worker.id}: ${session.accepted} accepted and ${session.rejected} rejected records stored; another process finishes the run (${counts.accepted} of ${target} accepted so far).`,
          });
          return {
            runId,
            accepted: counts.accepted,
            rejected: counts.rejected,
            rejectedByReason: counts.rejectedByReason,
            inputTokens: session.inputTokens,
            outputTokens: session.outputTokens,
            modelCalls: session.modelCalls,
            seconds: (Date.now() - started) / 1000,
            files: [],
            worker: { id: options.worker.id, finishedRun: false },
          };
        }
      } else {
        finishing = store.tryFinishing(runId);
        if (!finishing) {
          throw new UsageError(
            `Another process is finishing run ${runId} now; --finish leaves it to that one.`,
          );
        }
      }
      workersRound = round;
    }
    for (let used = 0; ; used += 1, round += 1) {
      if (signal?.aborted) throw new CancelledError();
      const accepted = store.countRecords(runId).accepted;
      const byWorkers = round === workersRound;
      if (accepted >= target && !byWorkers) break;
      if (used >= maximum) {
        shortfall = `${maximum} round${maximum === 1 ? "" : "s"} used`;
        break;
      }
      if (maxTokens !== undefined && tokensBefore + session.inputTokens + session.outputTokens >= maxTokens) {
        shortfall = `token budget of ${maxTokens} spent`;
        break;
      }
      if (maxSeconds !== undefined && (Date.now() - started) / 1000 >= maxSeconds) {
        shortfall = `time budget of ${maxSeconds} s spent`;
        break;
      }
      if (!byWorkers) {
        for (const slot of store.listSlots(runId, "exhausted"))
          store.setSlotStatus(runId, slot.index, "open");
      }
      store.startRound(runId, round);
      const context = roundContext(round, store.listSlots(runId, "open"));
      for (const hook of hooks) await hook.beforeRound?.(context);
      sampling = context.sampling;
      const open = context.slots ?? [];
      if (open.length === 0 && !byWorkers) {
        shortfall = "no open plan slots are left";
        break;
      }
      events({ type: "round-start", runId, round, slots: open.length });
      const roundCpu = process.cpuUsage();
      let stats: GenerationStats;
      if (byWorkers) {
        // Generated by the workers (this one included); only the round's hooks run here.
        stats = workerStats ?? emptyGenerationStats();
      } else {
        await ensureGeneration();
        context.model = model;
        stats = await generate(open, round, accepted);
        for (const key of Object.keys(session) as (keyof GenerationStats)[]) session[key] += stats[key];
      }
      context.model = model;
      if (signal?.aborted) throw new CancelledError();
      context.stats = stats;
      for (const hook of hooks) await hook.afterRound?.(context);
      sampling = context.sampling;
      const summary = {
        accepted: store.countRecords(runId).accepted,
        generated: stats.accepted + stats.rejected,
        rejected: stats.rejected,
        exhausted: stats.exhausted,
        ...context.summary,
        // The cost section (report/cost): CPU of this process (model, judge, checks) and token cost.
        ...roundCost(roundCpu, model, stats),
      };
      store.endRound(runId, round, summary);
      events({ type: "round-end", runId, round, summary });
      if (context.stop !== undefined && store.countRecords(runId).accepted < target) {
        shortfall = context.stop;
        break;
      }
    }
    events({
      type: "task-end",
      task: "generate",
      done: store.countRecords(runId).accepted - alreadyAccepted,
    });
  } catch (error) {
    if (!(error instanceof CancelledError)) store.setRunStatus(runId, "failed");
    if (hasSlotClaims(store)) {
      if (options.worker !== undefined)
        endWorker(store, runId, options.worker, error instanceof CancelledError ? "stopped" : "failed");
      if (finishing) store.releaseFinishing(runId);
    }
    throw error;
  } finally {
    await engine.close();
    await createdJudge?.dispose();
    await createdModel?.dispose();
  }

  const counts = store.countRecords(runId);
  store.setRunStatus(runId, counts.accepted >= target ? "completed" : "failed");
  if (shortfall !== undefined) {
    events({
      type: "log",
      level: "warn",
      message: `${counts.accepted} of ${target} records accepted: ${shortfall}.`,
    });
  }
  const files =
    options.skipExport || counts.accepted === 0
      ? []
      : (
          await exportRun({
            store,
            runId,
            recipe,
            ...(options.outDir === undefined ? {} : { directory: options.outDir }),
            ...(options.split === undefined ? {} : { split: options.split }),
            ...(options.cwd === undefined ? {} : { cwd: options.cwd }),
          })
        ).files;
  if (finishing && hasSlotClaims(store)) {
    if (options.worker !== undefined) endWorker(store, runId, options.worker, "done");
    store.releaseFinishing(runId);
  }
  const summary: RunSummary = {
    ...(options.worker === undefined ? {} : { worker: { id: options.worker.id, finishedRun: true } }),
    runId,
    accepted: counts.accepted,
    rejected: counts.rejected,
    rejectedByReason: counts.rejectedByReason,
    inputTokens: session.inputTokens,
    outputTokens: session.outputTokens,
    modelCalls: session.modelCalls,
    ...(recipe.judge.enabled && session.judgeCalls > 0
      ? {
          judge: {
            calls: session.judgeCalls,
            inputTokens: session.judgeInputTokens,
            outputTokens: session.judgeOutputTokens,
            seconds: session.judgeMilliseconds / 1000,
          },
        }
      : {}),
    seconds: (Date.now() - started) / 1000,
    files,
  };
  events({ type: "run-end", runId, summary });
  return summary;
}

/**
 * Settings of a judge other than the generation model, or undefined when the generation model
 * judges (no `judge.model`, or one naming the same model through the same provider).
 */
function judgeModelSettings(recipe: LoadedRecipe["recipe"]): ModelSettings | undefined {
  const wanted = recipe.judge.model;
  if (!recipe.judge.enabled || wanted === undefined) return undefined;
  const settings = modelSchema.parse(
    typeof wanted === "string"
      ? { ...recipe.model, name: wanted, adapter: undefined }
      : { ...recipe.model, ...wanted },
  );
  const same =
    settings.name === recipe.model.name &&
    settings.provider === recipe.model.provider &&
    settings.baseUrl === recipe.model.baseUrl &&
    settings.adapter === recipe.model.adapter;
  return same ? undefined : settings;
}

async function createModel(
  options: RunRecipeOptions,
  loaded: LoadedRecipe,
  events: EventSink,
  signal: AbortSignal | undefined,
  settings: ModelSettings = loaded.recipe.model,
): Promise<LanguageModel> {
  const factory = options.createModel ?? (await defaultModelFactory());
  return factory(settings, {
    config: options.config,
    events,
    baseDirectory: loaded.directory,
    store: options.store,
    ...(signal ? { signal } : {}),
  });
}

async function defaultModelFactory(): Promise<ModelFactory> {
  // Loaded on demand: a run whose slots are all filled never loads the provider code.
  const { createLanguageModel } = await import("../providers/createLanguageModel.js");
  return createLanguageModel;
}

/** CPU seconds since `cpuAtStart` and, when the model has a price, what the round's tokens cost. */
function roundCost(
  cpuAtStart: NodeJS.CpuUsage,
  model: LanguageModel | undefined,
  stats: GenerationStats,
): Record<string, number> {
  const cpu = process.cpuUsage(cpuAtStart);
  const usage = { inputTokens: stats.inputTokens, outputTokens: stats.outputTokens };
  return {
    cpuSeconds: Math.round((cpu.user + cpu.system) / 1e4) / 100,
    ...(model?.costOf ? { tokenCost: model.costOf(usage) } : {}),
  };
}
