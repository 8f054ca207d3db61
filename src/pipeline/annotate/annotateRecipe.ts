import type { Config } from "../../core/config.js";
import { CancelledError } from "../../core/errors/CancelledError.js";
import { type EventSink, ignoreEvents } from "../../core/events.js";
import { labelGuideOf } from "../../core/labels/labelGuide.js";
import type { LoadedRecipe } from "../../core/recipe/loadRecipe.js";
import type { GeneratedRecord, QualityDecision } from "../../core/record.js";
import { exportRun } from "../../export/exportRun.js";
import { formatTable } from "../../export/formatTable.js";
import type { SlotPrompt } from "../../generate/createPromptBuilder.js";
import { deriveSeed } from "../../generate/deriveSeed.js";
import {
  type GenerationStats,
  generateRecords,
  type RecordVerifier,
} from "../../generate/generateRecords.js";
import { runSlots, type SlotAttempt, slotProgress } from "../../generate/runSlots.js";
import type { ChatMessage, LanguageModel } from "../../providers/LanguageModel.js";
import { assertGates } from "../../quality/gates/assertGates.js";
import type { GateResult } from "../../quality/gates/GateResult.js";
import { createJudge } from "../../quality/judge/createJudge.js";
import {
  type AnnotatedRow,
  type AnnotationStatistics,
  type AnnotationStatus,
  annotationGates,
  annotationStatistics,
} from "../../quality/metrics/annotationStatistics.js";
import { type AnnotationReport, renderAnnotationReportHtml } from "../../report/annotationReport.js";
import { type RunCost, runCost } from "../../report/cost/runCost.js";
import { annotationVoteCheck, humanLabelCheck } from "../../review/annotationChecks.js";
import type { SlotRow, Store } from "../../store/Store.js";
import { createModels, type ModelFactory, type ModelSet, modelSettingsFor } from "../modelFactory.js";
import { recipeForStore } from "../run/recipeForStore.js";
import { createRuleChecks } from "../verify/createRecordVerifier.js";
import { annotationColumns, type PreparedAnnotation, shownText } from "./prepareAnnotation.js";

export { annotationVoteCheck, humanLabelCheck };

/** The `annotation-vote` decision's details, as stored. */
export interface AnnotationVoteDetails {
  /** Each vote: a label, or `yes`/`no` of a check of a generated output. */
  votes: string[];
  agreeing: number;
  required: number;
  /** The majority label (label annotation). */
  label?: string;
  /** The model's probability of each label, where it exposes them (one annotator). */
  probabilities?: Record<string, number>;
  /** `judge.minimumProbability`, where it applied: the majority label needed this probability too. */
  minimumProbability?: number;
  /** The model that cast each vote, when several did (`judge.models`). */
  models?: string[];
  confirmed: boolean;
}

export interface AnnotateRecipeOptions {
  store: Store;
  /** The recipe's input, read and checked (`prepareAnnotation`) before the store was opened. */
  prepared: PreparedAnnotation;
  /** The model that annotates; created from the recipe's `model` when absent, only if rows are left. */
  model?: LanguageModel;
  /** Several annotators, vote i cast by annotators[i mod n] [created from `judge.models` when it names them]. */
  annotators?: LanguageModel[];
  /** The model that checks generated outputs (output annotation) [recipe `judge.model`, else the annotator]. */
  judgeModel?: LanguageModel;
  createModel?: ModelFactory;
  config: Config;
  events?: EventSink;
  /** Aborting stops starting rows; annotated rows are kept and a rerun continues. */
  signal?: AbortSignal;
  /** Output folder [recipe `export.dir`, else `out/<name>`], relative to `cwd`. */
  outDir?: string;
  cwd?: string;
  /** Fail (GateFailedError) when the confirmed-rate gate fails, after writing the output [true]. */
  enforceGates?: boolean;
}

export interface AnnotateSummary {
  runId: string;
  statistics: AnnotationStatistics;
  gates: GateResult[];
  /** Rows annotated by this invocation (a rerun after a kill counts only the rest). */
  annotatedNow: number;
  seconds: number;
  /** Every file written: the annotated copy of the input first. */
  files: string[];
  annotatedFile: string;
  report: string;
}

/** One row as the output file shows it. */
interface RowOutcome {
  status: AnnotationStatus;
  votes: string[];
  fields: Record<string, unknown>;
  label: string | undefined;
  record: GeneratedRecord | undefined;
}

/** What this invocation's annotation did. */
interface AnnotatedNow {
  rows: number;
  seconds: number;
}

/** Template and strategy recorded in an annotation record's provenance. */
const annotationPrompt = { template: { id: "annotate", version: "1" }, fewShot: [], strategy: "annotate" };

/**
 * `synthforge annotate`: labels a user's own file. Every input row is one plan slot; each is
 * annotated `judge.votes` times and confirmed when `judge.minimumAgreement` votes agree, else
 * disputed with every vote kept. A label field with an enum is voted on directly (on the
 * embedded model one evaluation of the prompt and k independent draws from its label
 * distribution, `LanguageModel.choose`; elsewhere k constrained calls with different seeds);
 * any other output is generated once, through the generation stage (decoding schema, parse,
 * schema and truncation checks, the rule checks) and checked k times by the judge's output
 * question. Both run on the slot runner (`runSlots`): rows are stored as records with
 * provenance as they finish, so a kill loses nothing and a rerun annotates only the rows left.
 * The output: the input file with the new columns, in its own format and order, every export
 * format, and `annotation-report.html/json`.
 */
export async function annotateRecipe(
  loaded: LoadedRecipe,
  options: AnnotateRecipeOptions,
): Promise<AnnotateSummary> {
  const { store } = options;
  const events = options.events ?? ignoreEvents;
  const models = createModels({
    createModel: options.createModel,
    config: options.config,
    events,
    baseDirectory: loaded.directory,
    store,
    signal: options.signal,
  });
  let now: AnnotatedNow = { rows: 0, seconds: 0 };
  try {
    now = await annotateRows(loaded, options, models, events);
  } finally {
    await models.dispose();
  }
  if (options.signal?.aborted) throw new CancelledError();
  return writeAnnotation(loaded, options, now);
}

/** Loads the annotators (only when rows are left), stores the run and its plan, annotates the open rows. */
async function annotateRows(
  loaded: LoadedRecipe,
  options: AnnotateRecipeOptions,
  models: ModelSet,
  events: EventSink,
): Promise<AnnotatedNow> {
  const { recipe } = loaded;
  const { store, prepared } = options;
  const { runId, table } = prepared;
  const total = table.rows.length;
  const filled = () => store.listSlots(runId).filter((slot) => slot.status !== "open").length;
  const left = store.getRun(runId) !== undefined ? total - filled() : total;
  // The model loads before anything is stored: a bad model setting leaves the store as it was.
  const several = prepared.mode === "label" ? recipe.judge.models : undefined;
  const annotators: LanguageModel[] = [];
  if (left > 0 && options.annotators) annotators.push(...options.annotators);
  else if (left > 0 && several === undefined)
    annotators.push(options.model ?? (await models.make(recipe.model)));
  else if (left > 0)
    for (const wanted of several!) annotators.push(await models.make(modelSettingsFor(recipe.model, wanted)));
  store.ensureRun({
    id: runId,
    recipeName: recipe.name,
    recipeHash: loaded.hash,
    recipe: recipeForStore(recipe),
    target: total,
  });
  store.putPlan(
    runId,
    table.rows.map((_, index) => ({ index, cell: {} })),
  );
  const open = store.listSlots(runId, "open");
  if (open.length === 0 || annotators.length === 0) return { rows: 0, seconds: 0 };
  store.setRunStatus(runId, "running");
  const judgeModel =
    options.judgeModel ??
    (prepared.mode === "output" && recipe.judge.model !== undefined
      ? await models.make(modelSettingsFor(recipe.model, recipe.judge.model))
      : annotators[0]!);
  const started = performance.now();
  try {
    const rows = await annotateSlots(open, { loaded, options, annotators, judgeModel, events });
    return { rows, seconds: (performance.now() - started) / 1000 };
  } catch (error) {
    if (!(error instanceof CancelledError)) store.setRunStatus(runId, "failed");
    throw error;
  }
}

/** Everything one annotation pass works with. */
interface AnnotationContext {
  loaded: LoadedRecipe;
  options: AnnotateRecipeOptions;
  /** Vote i is cast by annotators[i mod n]. */
  annotators: LanguageModel[];
  judgeModel: LanguageModel;
  events: EventSink;
}

/**
 * Annotates the open slots on the slot runner; returns how many rows were stored. Label rows:
 * one attempt that votes (`labelAttempt`). Output rows: the generation stage with the
 * annotation's prompt, a finish that puts the row's own values back, and a verifier that runs
 * the rule checks and then the judge's k output checks (`annotationVerifier`).
 */
async function annotateSlots(slots: SlotRow[], context: AnnotationContext): Promise<number> {
  const { loaded, options, annotators, events } = context;
  const { recipe } = loaded;
  const { store, prepared, signal } = options;
  const runId = prepared.runId;
  const accepted = store.countRecords(runId).accepted;
  events({ type: "task-start", task: "annotate", total: slots.length, unit: "rows" });
  const progress = slotProgress(events, {
    task: "annotate",
    before: accepted,
    total: accepted + slots.length,
    detail: (done) => `${done - accepted}/${slots.length} rows`,
    forward: false,
  });
  const pass = {
    runId,
    round: 1,
    store,
    attemptLimit: () => recipe.generation.maxAttempts,
    target: prepared.table.rows.length,
    accepted,
    events: progress,
    ...(signal ? { signal } : {}),
  };
  const { temperature, topP, topK, minP, maxTokens, repeatPenalty, seed } = recipe.generation;
  const stats: GenerationStats =
    prepared.mode === "label"
      ? await runSlots(slots, {
          ...pass,
          concurrency: Math.min(...annotators.map((annotator) => annotator.parallelism)),
          attempt: labelAttempt(context),
        })
      : await generateRecords(slots, {
          ...pass,
          model: annotators[0]!,
          buildPrompt: (slot) => outputRowPrompt(context, slot),
          schema: recipe.output.schema,
          validate: prepared.validate,
          labelField: recipe.output.labelField,
          sampling: {
            temperature,
            topP,
            topK,
            ...(minP === undefined ? {} : { minP }),
            maxTokens,
            repeatPenalty,
          },
          baseSeed: seed,
          strategy: annotationPrompt.strategy,
          textField: recipe.output.textField,
          verify: annotationVerifier(context),
        });
  if (signal?.aborted) throw new CancelledError();
  events({ type: "task-end", task: "annotate", done: stats.accepted });
  return stats.accepted;
}

/** The prompt of an output row: its shown columns, and a finish that stores the row's values with the output. */
function outputRowPrompt(context: AnnotationContext, slot: { index: number }): SlotPrompt {
  const { recipe } = context.loaded;
  const { prepared } = context.options;
  const row = prepared.table.rows[slot.index]!;
  return {
    ...annotationPrompt,
    messages: outputPrompt(recipe, shownText(row.values, prepared.shown), prepared.fields),
    finish: (output) => ({ ...row.values, ...output }),
  };
}

/**
 * The checks of a generated output row: the rule checks (a failure rejects the output and the
 * row tries again), then the judge's k checks of the output against the row, which confirm
 * it or mark it disputed (stored as accepted either way, with the `annotation-vote` decision).
 */
function annotationVerifier(context: AnnotationContext): RecordVerifier {
  const { recipe } = context.loaded;
  const { prepared } = context.options;
  const rules = createRuleChecks(recipe);
  const checker = createJudge({
    model: context.judgeModel,
    brief: { task: recipe.task, description: recipe.description, language: recipe.language },
    settings: { ...recipe.judge, rubric: { mode: "off", threshold: recipe.judge.rubric.threshold } },
  });
  // An output may quote its row; it must not copy the instruction around it.
  const instructions = outputPrompt(recipe, "", prepared.fields)
    .map((message) => message.content)
    .join("\n");
  return async ({ data, slot, stoppedAtTokenLimit, seed, signal }) => {
    const ruled = rules(data, instructions, stoppedAtTokenLimit);
    if (ruled.rejectReason !== undefined) return ruled;
    const row = prepared.table.rows[slot.index]!;
    const shown = Object.fromEntries(prepared.shown.map((column) => [column, row.values[column]]));
    const verdict = await checker.verify({
      data: { ...shown, ...data },
      cell: {},
      seed,
      ...(signal ? { signal } : {}),
    });
    const vote = verdict.decisions.find((decision) => decision.check === "label-vote")?.details as
      | { votes: string[]; agreeing: number }
      | undefined;
    const details: AnnotationVoteDetails = {
      votes: vote?.votes ?? [],
      agreeing: vote?.agreeing ?? 0,
      required: recipe.judge.minimumAgreement,
      confirmed: verdict.rejectReason === undefined,
    };
    return {
      decisions: [...ruled.decisions, voteDecision(details)],
      rejectReason: undefined,
      usage: verdict.usage,
      calls: verdict.calls,
    };
  };
}

/**
 * One label row: the annotators' k votes on its shown text (annotator j casts votes j, j + n,
 * ...), the majority label, confirmed when `judge.minimumAgreement` votes agree. Always stored
 * as accepted: a disputed row carries a flag and every vote.
 */
function labelAttempt(context: AnnotationContext): SlotAttempt {
  const { loaded, options, annotators } = context;
  const { recipe } = loaded;
  const { prepared, signal } = options;
  const votes = recipe.judge.votes;
  const brief = { task: recipe.task, description: recipe.description, language: recipe.language };
  const labellers = annotators.map((annotator, index) =>
    createJudge({
      model: annotator,
      brief,
      settings: {
        ...recipe.judge,
        rubric: { mode: "off", threshold: recipe.judge.rubric.threshold },
        votes: Math.ceil((votes - index) / annotators.length),
      },
      labelField: prepared.labelField!,
      labels: prepared.labels,
      ...(recipe.labels === undefined ? {} : { labelGuide: labelGuideOf(recipe) }),
    }),
  );
  return async (slot, attempt, { stats }) => {
    const row = prepared.table.rows[slot.index]!;
    const seed = deriveSeed(recipe.generation.seed, slot.index, attempt);
    const startedAt = new Date().toISOString();
    const started = performance.now();
    const results = await Promise.all(
      labellers.map((labeller, index) =>
        labeller.annotate(shownText(row.values, prepared.shown), seed + index * 104_729, signal),
      ),
    );
    // Vote i is annotator (i mod n)'s vote number ⌊i / n⌋.
    const cast = Array.from(
      { length: results.length === 1 ? results[0]!.votes.length : votes },
      (_, vote) => results[vote % results.length]!.votes[Math.floor(vote / results.length)]!,
    );
    const usage = {
      inputTokens: results.reduce((sum, each) => sum + each.usage.inputTokens, 0),
      outputTokens: results.reduce((sum, each) => sum + each.usage.outputTokens, 0),
    };
    stats.modelCalls += results.reduce((sum, each) => sum + each.calls, 0);
    stats.inputTokens += usage.inputTokens;
    stats.outputTokens += usage.outputTokens;
    const { label, agreeing } = majority(cast);
    const probabilities = results.length === 1 ? results[0]!.probabilities : undefined;
    const probability = probabilities?.[label];
    const minimum = recipe.judge.minimumProbability;
    const details: AnnotationVoteDetails = {
      votes: cast,
      agreeing,
      required: recipe.judge.minimumAgreement,
      label,
      ...(probabilities ? { probabilities } : {}),
      ...(minimum !== undefined && probability !== undefined ? { minimumProbability: minimum } : {}),
      ...(annotators.length > 1
        ? { models: cast.map((_, vote) => annotators[vote % annotators.length]!.identity.id) }
        : {}),
      confirmed:
        agreeing >= recipe.judge.minimumAgreement &&
        (minimum === undefined || probability === undefined || probability >= minimum),
    };
    return {
      status: "accepted",
      data: { ...row.values, [prepared.labelField!]: label },
      decisions: [voteDecision(details)],
      prompt: { ...annotationPrompt, messages: results[0]!.messages },
      strategy: annotationPrompt.strategy,
      model: annotators[0]!.identity,
      sampling: results[0]!.sampling,
      rawOutput: cast.join(","),
      usage,
      timing: { startedAt, durationMs: performance.now() - started },
    };
  };
}

/**
 * The output of an annotation: every row's outcome, the statistics and gates, the run's
 * status, the annotated copy of the input, every export format and the annotation report;
 * the confirmed-rate gate is enforced last, after everything is written.
 */
async function writeAnnotation(
  loaded: LoadedRecipe,
  options: AnnotateRecipeOptions,
  now: AnnotatedNow,
): Promise<AnnotateSummary> {
  const { recipe } = loaded;
  const { store, prepared } = options;
  const { runId, table } = prepared;
  const outcomes = rowOutcomes(store, runId, prepared, recipe.judge);
  const categories = prepared.mode === "label" ? prepared.labels : ["yes", "no"];
  const rows: AnnotatedRow[] = outcomes.map(({ status, votes, label }) => ({ status, votes, label }));
  const statistics = annotationStatistics(rows, categories, recipe.judge);
  const gates = annotationGates(statistics, recipe.quality.gates.labelConfirmed);
  const allDone = outcomes.every((outcome) => outcome.record !== undefined || outcome.status === "failed");
  store.setRunStatus(runId, allDone ? "completed" : "failed");
  const report = annotationReportOf(
    loaded,
    prepared,
    outcomes,
    { statistics, gates, cost: runCost(store, runId) },
    now,
  );
  store.putArtifact(runId, "quality-report", "annotation", report);
  const extension = table.format === "tsv" ? (/\.txt$/i.test(prepared.file) ? "txt" : "tsv") : table.format;
  const annotatedName = `annotated.${extension}`;
  const files = await exportAnnotation(
    loaded,
    options,
    outcomes,
    [
      { name: "annotation-report.json", render: () => `${JSON.stringify(report, null, 2)}\n` },
      { name: "annotation-report.html", render: () => renderAnnotationReportHtml(report) },
    ],
    annotatedName,
  );
  const file = (name: string) => files.find((each) => each.endsWith(`/${name}`)) ?? name;
  const summary: AnnotateSummary = {
    runId,
    statistics,
    gates,
    annotatedNow: now.rows,
    seconds: now.seconds,
    files,
    annotatedFile: file(annotatedName),
    report: file("annotation-report.html"),
  };
  if (options.enforceGates ?? true) assertGates(gates);
  return summary;
}

/** `annotation-report.json`: the statistics, gates, models, the first 50 disputed rows and the speed. */
function annotationReportOf(
  loaded: LoadedRecipe,
  prepared: PreparedAnnotation,
  outcomes: RowOutcome[],
  measured: { statistics: AnnotationStatistics; gates: GateResult[]; cost: RunCost },
  now: AnnotatedNow,
): AnnotationReport {
  const { table } = prepared;
  return {
    version: 1,
    kind: "annotation",
    createdAt: new Date().toISOString(),
    runId: prepared.runId,
    recipe: loaded.recipe.name,
    input: prepared.file,
    models: [
      ...new Set(outcomes.flatMap((outcome) => (outcome.record ? [outcome.record.provenance.model.id] : []))),
    ],
    ...measured,
    disputed: outcomes
      .flatMap((outcome, index) =>
        outcome.status === "disputed"
          ? [
              {
                line: table.rows[index]!.line,
                text: shownText(table.rows[index]!.values, prepared.shown),
                label: outcome.label,
                votes: outcome.votes,
              },
            ]
          : [],
      )
      .slice(0, 50),
    ...(now.rows > 0
      ? { speed: { rows: now.rows, seconds: now.seconds, rowsPerSecond: now.rows / now.seconds } }
      : {}),
  };
}

/**
 * Writes the annotated copy of the input (its columns, the new fields and the vote's, rows in
 * input order) and every export format of the same rows, never split, plus `extraFiles`.
 */
async function exportAnnotation(
  loaded: LoadedRecipe,
  options: AnnotateRecipeOptions,
  outcomes: RowOutcome[],
  extraFiles: { name: string; render: () => string }[],
  annotatedName: string,
): Promise<string[]> {
  const { recipe } = loaded;
  const { store, prepared } = options;
  const { table } = prepared;
  const columns = [...table.columns, ...prepared.fields, annotationColumns.status, annotationColumns.votes];
  const outputRows = table.rows.map((row, index) => {
    const outcome = outcomes[index]!;
    return {
      ...row.values,
      ...outcome.fields,
      [annotationColumns.status]: outcome.status,
      [annotationColumns.votes]: outcome.votes.join("|"),
    };
  });
  const byRecord = new Map(
    outcomes.flatMap((outcome, index) =>
      outcome.record ? [[outcome.record.id, outputRows[index]!] as const] : [],
    ),
  );
  const properties = recipe.output.schema.properties as Record<string, unknown> | undefined;
  const exported = await exportRun({
    store,
    runId: prepared.runId,
    recipe: {
      ...recipe,
      output: {
        ...recipe.output,
        schema: {
          type: "object",
          properties: Object.fromEntries(columns.map((column) => [column, properties?.[column] ?? {}])),
        },
        textField: prepared.shown[0]!,
      },
      export: { ...recipe.export, split: undefined },
    },
    ...(options.outDir === undefined ? {} : { directory: options.outDir }),
    ...(options.cwd === undefined ? {} : { cwd: options.cwd }),
    rowOf: (record) => byRecord.get(record.id) ?? record.data ?? {},
    extraFiles: [
      {
        name: annotatedName,
        render: () => formatTable(columns, outputRows, { format: table.format, hasHeader: table.hasHeader }),
      },
      ...extraFiles,
    ],
  });
  return exported.files;
}

/** The most frequent vote (the first to reach that count on a tie) and how many votes it has. */
export function majority(votes: readonly string[]): { label: string; agreeing: number } {
  const tally = new Map<string, number>();
  for (const vote of votes) tally.set(vote, (tally.get(vote) ?? 0) + 1);
  let label = votes[0] ?? "";
  for (const [vote, count] of tally) if (count > (tally.get(label) ?? 0)) label = vote;
  return { label, agreeing: tally.get(label) ?? 0 };
}

function voteDecision(details: AnnotationVoteDetails): QualityDecision {
  return details.confirmed
    ? { check: annotationVoteCheck, decision: "pass", details }
    : {
        check: annotationVoteCheck,
        decision: "flag",
        reason: disputeReason(details),
        details,
      };
}

function disputeReason(details: AnnotationVoteDetails): string {
  const votes = `${details.agreeing} of ${details.votes.length} votes agree, ${details.required} needed (${details.votes.join(", ")})`;
  const probability = details.label === undefined ? undefined : details.probabilities?.[details.label];
  if (
    details.agreeing >= details.required &&
    details.minimumProbability !== undefined &&
    probability !== undefined
  ) {
    return `disputed: ${votes}, but ${JSON.stringify(details.label)} holds probability ${probability.toFixed(2)}, under judge.minimumProbability ${details.minimumProbability}`;
  }
  return `disputed: ${votes}`;
}

/** The prompt that asks for the output fields of one row (output annotation). */
export function outputPrompt(
  recipe: LoadedRecipe["recipe"],
  text: string,
  fields: readonly string[],
): ChatMessage[] {
  const about = recipe.description.trim() === "" ? `${recipe.task} data` : recipe.description.trim();
  return [
    { role: "system", content: `You are an expert annotator for this dataset: ${about}` },
    {
      role: "user",
      content: `${text}\n\nAnnotate this input for the ${recipe.task} task (language: ${recipe.language}). Answer with JSON with the fields ${fields.join(", ")}.`,
    },
  ];
}

/** Every row's outcome, in input order: its record, the vote, a reviewer's verdict and label. */
function rowOutcomes(
  store: Store,
  runId: string,
  prepared: PreparedAnnotation,
  judge: { minimumAgreement: number },
): RowOutcome[] {
  const records = new Map<number, GeneratedRecord>();
  for (const record of store.listRecords(runId, { status: "accepted" }))
    records.set(record.provenance.slotIndex, record);
  const reviews = new Map(store.listReviews(runId).map((review) => [review.recordId, review]));
  const humanLabels = new Map(
    store
      .listDecisions(runId, humanLabelCheck)
      .map((decision) => [decision.recordId, (decision.details as { label?: string } | undefined)?.label]),
  );
  return prepared.table.rows.map((_, index) => {
    const record = records.get(index);
    if (record === undefined) {
      return {
        status: "failed" as const,
        votes: [],
        fields: {},
        label: undefined,
        record: undefined,
      };
    }
    const vote = record.decisions.find((decision) => decision.check === annotationVoteCheck)?.details as
      | AnnotationVoteDetails
      | undefined;
    const votes = vote?.votes ?? [];
    const confirmed = vote?.confirmed ?? (vote?.agreeing ?? 0) >= judge.minimumAgreement;
    const fields = Object.fromEntries(prepared.fields.map((field) => [field, record.data?.[field]]));
    const review = reviews.get(record.id);
    let status: AnnotationStatus = confirmed ? "confirmed" : "disputed";
    if (review !== undefined) {
      // A person's verdict settles a disputed row; on a confirmed one it can still correct the label.
      if (!confirmed) status = "reviewed";
      if (review.verdict === "wrong" && prepared.labelField !== undefined) {
        fields[prepared.labelField] = humanLabels.get(record.id) ?? "";
      }
    }
    const label = prepared.labelField === undefined ? undefined : String(fields[prepared.labelField] ?? "");
    return { status, votes, fields, label, record };
  });
}
