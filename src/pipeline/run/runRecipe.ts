import type { Config } from "../../core/config.js";
import { CancelledError } from "../../core/errors/CancelledError.js";
import { UsageError } from "../../core/errors/UsageError.js";
import { type EventSink, ignoreEvents, type RunSummary } from "../../core/events.js";
import type { LoadedRecipe } from "../../core/recipe/loadRecipe.js";
import { exportRun } from "../../export/exportRun.js";
import type { SplitShares } from "../../export/splitRecords.js";
import { createPromptBuilder } from "../../generate/createPromptBuilder.js";
import { fieldScriptPatterns } from "../../generate/fieldScriptPatterns.js";
import {
  emptyGenerationStats,
  type GenerationStats,
  generateRecords,
  type RecordVerifier,
} from "../../generate/generateRecords.js";
import { addGenerationStats, slotProgress } from "../../generate/runSlots.js";
import type { LanguageModel } from "../../providers/LanguageModel.js";
import { hasSlotClaims } from "../../store/SlotClaims.js";
import type { SlotRow, Store } from "../../store/Store.js";
import { runImageRecipe } from "../images/runImageRecipe.js";
import {
  createModels,
  type ModelFactory,
  type ModelSet,
  modelSettingsFor,
  sameModel,
} from "../modelFactory.js";
import { createRecordVerifier } from "../verify/createRecordVerifier.js";
import { fieldSpecsOf } from "../verify/fieldSpecsOf.js";
import { createGenerationEngine, type GenerationEngine } from "./createGenerationEngine.js";
import { endWorker, generateAsWorker, type WorkerSettings } from "./generateAsWorker.js";
import { type PreparedGeneration, prepareGeneration } from "./prepareGeneration.js";
import {
  type AfterRoundContext,
  type BeforeRoundContext,
  type RoundContext,
  type RoundHook,
  type RoundHooks,
  runAfterRound,
  runBeforeRound,
} from "./RoundHook.js";
import { applyReviewFeedback, createSampleRefreshHook, loadReviewFeedback } from "./reviewFeedback.js";
import { runIdFor } from "./runIdFor.js";
import { startStoredRun } from "./startStoredRun.js";

export type { ModelFactory } from "../modelFactory.js";

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
 * next-round decision, stop on a spent budget) after them, so it sees what quality filters
 * rejected (`RoundHooks`). The steps: `openRun` (store, plan, model), `coordinateWorkers`
 * (`--worker`/`--finish`), `playRounds`, `finishRun` (status, export, summary).
 */
export async function runRecipe(loaded: LoadedRecipe, options: RunRecipeOptions): Promise<RunSummary> {
  if ((options.worker !== undefined || options.finish) && !hasSlotClaims(options.store)) {
    throw new UsageError(
      `--${options.worker ? "worker" : "finish"} needs a Postgres store (--store postgres://…): the SQLite store takes one writing process, so several generators cannot share its run.`,
    );
  }
  // Images are drawn by the worker's generator, not a language model (pipeline/images).
  if (loaded.recipe.task === "image-classification") return runImageRecipe(loaded, options);
  const run = await openRun(loaded, options);
  try {
    run.events({
      type: "task-start",
      task: "generate",
      total: run.target - run.alreadyAccepted,
      unit: "records",
    });
    const left = await coordinateWorkers(run);
    if (left !== undefined) return left;
    await playRounds(run);
    run.events({
      type: "task-end",
      task: "generate",
      done: run.store.countRecords(run.runId).accepted - run.alreadyAccepted,
    });
  } catch (error) {
    abandonRun(run, error);
    throw error;
  } finally {
    await run.engine.close();
    await run.generation.dispose();
  }
  return finishRun(run);
}

/** One invocation of `runRecipe`: what it was given, what it set up, and what it has done so far. */
interface RunSession {
  readonly loaded: LoadedRecipe;
  readonly options: RunRecipeOptions;
  readonly store: Store;
  readonly events: EventSink;
  readonly runId: string;
  readonly target: number;
  /** Date.now() when the invocation began. */
  readonly started: number;
  /** Accepted records the run had when this invocation began. */
  readonly alreadyAccepted: number;
  /** Tokens the run's records had used before this invocation (the token budget counts both). */
  readonly tokensBefore: number;
  /** The recipe checked, with a review's feedback in its prompt builder. */
  readonly prepared: PreparedGeneration;
  readonly engine: GenerationEngine;
  readonly hooks: RoundHooks;
  readonly generation: RunGeneration;
  /** This invocation's generation, summed over its rounds. */
  readonly stats: GenerationStats;
  /** Sampling of the next generation: the recipe's, as the round hooks last left it. */
  sampling: RoundContext["sampling"];
  /** Why the run ended short of its target, when it did. */
  shortfall?: string;
  /** The round several workers generated, which this process finishes without generating again. */
  workersRound?: number;
  /** What this worker generated in that round. */
  workerStats?: GenerationStats;
  /** True once this process holds the run's finishing lock (Postgres, several workers). */
  finishing: boolean;
}

/**
 * Opens the run: checks the recipe, applies a human review's feedback, loads the model when
 * work is left (before anything is stored, so a bad model file or provider setting leaves the
 * store as it was; a finished run never loads one), stores the run and its plan.
 */
async function openRun(loaded: LoadedRecipe, options: RunRecipeOptions): Promise<RunSession> {
  const started = Date.now();
  const { recipe } = loaded;
  const { store, signal } = options;
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
          buildPrompt: createPromptBuilder(
            recipe,
            checked.template,
            checked.examples,
            feedback.prompt,
            checked.steering,
          ),
        };
  const engine = createGenerationEngine(loaded, prepared, {
    config: options.config,
    events,
    ...(signal ? { signal } : {}),
  });
  const generation = runGeneration(loaded, options, events);
  if (store.countRecords(runId).accepted - (feedback?.regenerate.length ?? 0) < target)
    await generation.load();
  startStoredRun(store, loaded, runId, target);
  if (feedback !== undefined) applyReviewFeedback(store, runId, feedback, events, target);
  const alreadyAccepted = store.countRecords(runId).accepted;
  events({ type: "run-start", runId, recipe: recipe.name, target, alreadyAccepted });
  const { temperature, topP, topK, minP, maxTokens, repeatPenalty } = recipe.generation;
  const tokensBefore = store
    .listRecords(runId)
    .reduce(
      (sum, record) => sum + record.provenance.usage.inputTokens + record.provenance.usage.outputTokens,
      0,
    );
  return {
    loaded,
    options,
    store,
    events,
    runId,
    target,
    started,
    alreadyAccepted,
    tokensBefore,
    prepared,
    engine,
    hooks: {
      first: engine.prepareRound,
      between: [createSampleRefreshHook(recipe), ...(options.hooks ?? [])],
      last: engine.planRound,
    },
    generation,
    stats: emptyGenerationStats(),
    sampling: { temperature, topP, topK, ...(minP === undefined ? {} : { minP }), maxTokens, repeatPenalty },
    finishing: false,
  };
}

/** The model and verifier of a run, made on first need, and the generation stage's call. */
interface RunGeneration {
  /** The generating model; undefined until loaded. */
  readonly model: LanguageModel | undefined;
  /** Loads the generating model (the given one, else the recipe's). */
  load(): Promise<LanguageModel>;
  /** Generates `open` in round `round`, the run having `accepted` records, with `session`'s sampling and engine. */
  generate(session: RunSession, open: SlotRow[], round: number, accepted: number): Promise<GenerationStats>;
  /** Disposes of the models this invocation made. */
  dispose(): Promise<void>;
}

function runGeneration(loaded: LoadedRecipe, options: RunRecipeOptions, events: EventSink): RunGeneration {
  const { recipe } = loaded;
  const models: ModelSet = createModels({
    createModel: options.createModel,
    config: options.config,
    events,
    baseDirectory: loaded.directory,
    store: options.store,
    signal: options.signal,
  });
  let model = options.model;
  let verify: RecordVerifier | undefined;
  // The script each prose field is decoded in: the same for every round and slot.
  const fieldPatterns = fieldScriptPatterns(recipe, fieldSpecsOf(recipe));
  // `progress` counts record events as they come; the session's stats are summed per round.
  let progress: EventSink | undefined;
  const load = async () => {
    model ??= await models.make(recipe.model);
    return model;
  };
  /** The verifier, made with its judge the first time a round generates. */
  const verifier = async (
    generating: LanguageModel,
    prepared: PreparedGeneration,
  ): Promise<RecordVerifier> => {
    if (verify !== undefined) return verify;
    const judgeSettings = judgeModelSettings(recipe);
    const judgeModel =
      options.judgeModel ?? (judgeSettings === undefined ? generating : await models.make(judgeSettings));
    verify = createRecordVerifier(recipe, recipe.judge.enabled ? judgeModel : undefined, {
      ...(prepared.entityLexicon === undefined ? {} : { entityLexicon: prepared.entityLexicon }),
    });
    return verify;
  };
  return {
    get model() {
      return model;
    },
    load,
    async generate(session, open, round, accepted) {
      const generating = await load();
      const ready = await verifier(generating, session.prepared);
      progress ??= slotProgress(events, {
        task: "generate",
        before: session.alreadyAccepted,
        total: session.target,
        detail: (done, rejected) => `${done}/${session.target} accepted, ${rejected} rejected`,
        forward: true,
      });
      return (options.stage ?? generateRecords)(open, {
        runId: session.runId,
        round,
        model: generating,
        store: session.store,
        buildPrompt: session.engine.buildPrompt,
        schema: recipe.output.schema,
        fieldPatterns,
        validate: session.prepared.validate,
        labelField: recipe.output.labelField,
        sampling: session.sampling,
        baseSeed: recipe.generation.seed,
        attemptLimit: () => round * recipe.generation.maxAttempts,
        target: session.target,
        accepted,
        events: progress,
        textField: recipe.output.textField,
        verify: ready,
        ...(session.engine.vote ? { vote: session.engine.vote } : {}),
        ...(options.signal ? { signal: options.signal } : {}),
      });
    },
    dispose: () => models.dispose(),
  };
}

/**
 * Settings of a judge other than the generation model, or undefined when the generation model
 * judges (no `judge.model`, or one naming the same model through the same provider).
 */
function judgeModelSettings(recipe: LoadedRecipe["recipe"]) {
  const wanted = recipe.judge.model;
  if (!recipe.judge.enabled || wanted === undefined) return undefined;
  const settings = modelSettingsFor(recipe.model, wanted);
  return sameModel(settings, recipe.model) ? undefined : settings;
}

/** A fresh context for round `round`'s hooks, over `slots`. */
function roundContext(run: RunSession, round: number, slots: SlotRow[]): BeforeRoundContext {
  return {
    runId: run.runId,
    round,
    loaded: run.loaded,
    store: run.store,
    events: run.events,
    signal: run.options.signal,
    sampling: run.sampling,
    model: run.generation.model,
    slots,
    stats: undefined,
    summary: {},
  };
}

/**
 * With `--worker` or `--finish` (a store with slot claims): generates the current round as one
 * of several processes, then either leaves (another process finishes: returns this worker's
 * summary) or holds the finishing lock and goes on to finish the round (`workersRound`).
 * Without them, does nothing and returns undefined.
 */
async function coordinateWorkers(run: RunSession): Promise<RunSummary | undefined> {
  const { store, runId, options } = run;
  if ((options.worker === undefined && !options.finish) || !hasSlotClaims(store)) return undefined;
  const round = currentRound(store, runId);
  if (options.worker === undefined) {
    run.finishing = store.tryFinishing(runId);
    if (!run.finishing) {
      throw new UsageError(`Another process is finishing run ${runId} now; --finish leaves it to that one.`);
    }
    run.workersRound = round;
    return undefined;
  }
  const worker = options.worker;
  store.startRound(runId, round);
  const outcome = await generateAsWorker(store, runId, worker, {
    prepare: steerClaimedSlots(run, round),
    generate: (slots) => run.generation.generate(run, slots, round, store.countRecords(runId).accepted),
    ...(run.generation.model?.costOf
      ? { costOf: run.generation.model.costOf.bind(run.generation.model) }
      : {}),
    events: run.events,
    signal: options.signal,
  });
  run.workerStats = outcome.stats;
  addGenerationStats(run.stats, outcome.stats);
  run.finishing = outcome.finishing;
  run.workersRound = round;
  if (run.finishing && store.getRun(runId)?.status !== "completed") return undefined;
  if (run.finishing) store.releaseFinishing(runId);
  endWorker(store, runId, worker, "done");
  const counts = store.countRecords(runId);
  run.events({
    type: "log",
    level: "info",
    message: `worker ${worker.id}: ${run.stats.accepted} accepted and ${run.stats.rejected} rejected records stored; another process finishes the run (${counts.accepted} of ${run.target} accepted so far).`,
  });
  return runSummary(run, [], false);
}

/**
 * A worker's `prepare`: the round's `beforeRound` hooks run once, over every open slot, as in
 * one process (steering sees the whole plan); each claimed slot then takes the cell they chose
 * for it, keeping its own attempt counter and status.
 */
function steerClaimedSlots(run: RunSession, round: number): (slots: SlotRow[]) => Promise<SlotRow[]> {
  let steering: Promise<Map<number, SlotRow>> | undefined;
  return async (slots) => {
    steering ??= (async () => {
      const context = roundContext(run, round, run.store.listSlots(run.runId, "open"));
      await runBeforeRound(run.hooks, context);
      run.sampling = context.sampling;
      return new Map(context.slots.map((slot) => [slot.index, slot]));
    })();
    const chosen = await steering;
    return slots.map((slot) => {
      const steered = chosen.get(slot.index);
      return steered === undefined ? slot : { ...steered, attempts: slot.attempts, status: slot.status };
    });
  };
}

/** The round to play: the last one stored if it never ended (a crash, or workers generated it), else the next. */
function currentRound(store: Store, runId: string): number {
  const last = store.listRounds(runId).at(-1);
  return last !== undefined && last.endedAt === undefined ? last.round : (last?.round ?? 0) + 1;
}

/** Plays rounds until the target is reached, a budget is spent, no slot is left or a hook stops the run. */
async function playRounds(run: RunSession): Promise<void> {
  for (let used = 0, round = currentRound(run.store, run.runId); ; used += 1, round += 1) {
    if (run.options.signal?.aborted) throw new CancelledError();
    const byWorkers = round === run.workersRound;
    if (run.store.countRecords(run.runId).accepted >= run.target && !byWorkers) return;
    const shortfall = budgetSpent(run, used) ?? (await playRound(run, round, byWorkers));
    if (shortfall !== undefined) {
      run.shortfall = shortfall;
      return;
    }
  }
}

/** The budget this invocation has spent (rounds, tokens, seconds), if any. */
function budgetSpent(run: RunSession, used: number): string | undefined {
  const { maximum, maxTokens, maxSeconds } = run.loaded.recipe.strategies.rounds;
  if (used >= maximum) return `${maximum} round${maximum === 1 ? "" : "s"} used`;
  const tokens = run.tokensBefore + run.stats.inputTokens + run.stats.outputTokens;
  if (maxTokens !== undefined && tokens >= maxTokens) return `token budget of ${maxTokens} spent`;
  if (maxSeconds !== undefined && (Date.now() - run.started) / 1000 >= maxSeconds) {
    return `time budget of ${maxSeconds} s spent`;
  }
  return undefined;
}

/**
 * One round: re-open exhausted slots, the hooks' `beforeRound`, generation (unless the workers
 * generated this round), the hooks' `afterRound`, the round's summary. Returns why the run
 * stops here, or undefined to go on.
 */
async function playRound(run: RunSession, round: number, byWorkers: boolean): Promise<string | undefined> {
  const { store, runId, events } = run;
  if (!byWorkers) {
    for (const slot of store.listSlots(runId, "exhausted")) store.setSlotStatus(runId, slot.index, "open");
  }
  const accepted = store.countRecords(runId).accepted;
  store.startRound(runId, round);
  const before = roundContext(run, round, store.listSlots(runId, "open"));
  await runBeforeRound(run.hooks, before);
  run.sampling = before.sampling;
  const open = before.slots;
  if (open.length === 0 && !byWorkers) return "no open plan slots are left";
  events({ type: "round-start", runId, round, slots: open.length });
  const roundCpu = process.cpuUsage();
  let stats: GenerationStats;
  if (byWorkers) {
    // Generated by the workers (this one included); only the round's hooks run here.
    stats = run.workerStats ?? emptyGenerationStats();
  } else {
    stats = await run.generation.generate(run, open, round, accepted);
    addGenerationStats(run.stats, stats);
  }
  if (run.options.signal?.aborted) throw new CancelledError();
  const after: AfterRoundContext = { ...before, sampling: run.sampling, model: run.generation.model, stats };
  await runAfterRound(run.hooks, after);
  run.sampling = after.sampling;
  const summary = {
    accepted: store.countRecords(runId).accepted,
    generated: stats.accepted + stats.rejected,
    rejected: stats.rejected,
    exhausted: stats.exhausted,
    ...after.summary,
    // The cost section (report/cost): CPU of this process (model, judge, checks) and token cost.
    ...roundCost(roundCpu, run.generation.model, stats),
  };
  store.endRound(runId, round, summary);
  events({ type: "round-end", runId, round, summary });
  return after.stop !== undefined && store.countRecords(runId).accepted < run.target ? after.stop : undefined;
}

/** A failed or cancelled invocation: the run's status, this worker's state, and the finishing lock given back. */
function abandonRun(run: RunSession, error: unknown): void {
  const { store, runId, options } = run;
  if (!(error instanceof CancelledError)) store.setRunStatus(runId, "failed");
  if (!hasSlotClaims(store)) return;
  if (options.worker !== undefined) {
    endWorker(store, runId, options.worker, error instanceof CancelledError ? "stopped" : "failed");
  }
  if (run.finishing) store.releaseFinishing(runId);
}

/** Finishes the run: its status, the shortfall warning, the export, the finishing lock, the summary. */
async function finishRun(run: RunSession): Promise<RunSummary> {
  const { store, runId, options, loaded } = run;
  const counts = store.countRecords(runId);
  store.setRunStatus(runId, counts.accepted >= run.target ? "completed" : "failed");
  if (run.shortfall !== undefined) {
    run.events({
      type: "log",
      level: "warn",
      message: `${counts.accepted} of ${run.target} records accepted: ${run.shortfall}.`,
    });
  }
  const files =
    options.skipExport || counts.accepted === 0
      ? []
      : (
          await exportRun({
            store,
            runId,
            recipe: loaded.recipe,
            ...(options.outDir === undefined ? {} : { directory: options.outDir }),
            ...(options.split === undefined ? {} : { split: options.split }),
            ...(options.cwd === undefined ? {} : { cwd: options.cwd }),
          })
        ).files;
  if (run.finishing && hasSlotClaims(store)) {
    if (options.worker !== undefined) endWorker(store, runId, options.worker, "done");
    store.releaseFinishing(runId);
  }
  const summary = runSummary(run, files, true);
  run.events({ type: "run-end", runId, summary });
  return summary;
}

/**
 * The one summary of an invocation: the run's counts, this invocation's tokens and calls (a
 * worker's own), the judge's cost, the files written, and with `--worker` whether it finished
 * the run.
 */
function runSummary(run: RunSession, files: string[], finishedRun: boolean): RunSummary {
  const counts = run.store.countRecords(run.runId);
  const { stats, options } = run;
  return {
    ...(options.worker === undefined ? {} : { worker: { id: options.worker.id, finishedRun } }),
    runId: run.runId,
    accepted: counts.accepted,
    rejected: counts.rejected,
    rejectedByReason: counts.rejectedByReason,
    inputTokens: stats.inputTokens,
    ...(stats.cachedInputTokens > 0 ? { cachedInputTokens: stats.cachedInputTokens } : {}),
    outputTokens: stats.outputTokens,
    modelCalls: stats.modelCalls,
    ...(run.loaded.recipe.judge.enabled && stats.judgeCalls > 0
      ? {
          judge: {
            calls: stats.judgeCalls,
            inputTokens: stats.judgeInputTokens,
            outputTokens: stats.judgeOutputTokens,
            seconds: stats.judgeMilliseconds / 1000,
          },
        }
      : {}),
    seconds: (Date.now() - run.started) / 1000,
    files,
  };
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
