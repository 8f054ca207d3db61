import { annotationVoteCheck, humanLabelCheck } from "../core/annotationChecks.js";
import type { Config } from "../core/config.js";
import { CancelledError } from "../core/errors/CancelledError.js";
import { type EventSink, ignoreEvents } from "../core/events.js";
import type { LoadedRecipe } from "../core/recipe/loadRecipe.js";
import type { GeneratedRecord, QualityDecision } from "../core/record.js";
import { exportRun } from "../export/exportRun.js";
import { formatTable } from "../export/formatTable.js";
import { deriveSeed } from "../generate/deriveSeed.js";
import { recordId } from "../generate/recordId.js";
import type { ChatMessage, LanguageModel, TokenUsage } from "../providers/LanguageModel.js";
import { assertGates } from "../quality/gates/assertGates.js";
import type { GateResult } from "../quality/gates/GateResult.js";
import { createJudge } from "../quality/judge/createJudge.js";
import {
  type AnnotatedRow,
  type AnnotationStatistics,
  type AnnotationStatus,
  annotationGates,
  annotationStatistics,
} from "../quality/metrics/annotationStatistics.js";
import { type AnnotationReport, renderAnnotationReportHtml } from "../report/annotationReport.js";
import { runCost } from "../report/cost/runCost.js";
import type { SlotRow, Store } from "../store/Store.js";
import { annotationColumns, type PreparedAnnotation, shownText } from "./prepareAnnotation.js";
import { recipeForStore } from "./recipeForStore.js";
import type { ModelFactory } from "./runRecipe.js";

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

/**
 * `synthforge annotate`: labels a user's own file. Every input row is one plan slot; each is
 * annotated `judge.votes` times and confirmed when `judge.minimumAgreement` votes agree, else
 * disputed with every vote kept. A label field with an enum is voted on directly (on the
 * embedded model one evaluation of the prompt and k independent draws from its label
 * distribution, `LanguageModel.choose`; elsewhere k constrained calls with different seeds);
 * any other output is generated once and checked k times by the judge's output question. Rows
 * are stored as records with provenance as they finish, so a kill loses nothing and a rerun
 * annotates only the rows left. The output: the input file with the new columns, in its own
 * format and order, every export format, and `annotation-report.html/json`.
 */
export async function annotateRecipe(
  loaded: LoadedRecipe,
  options: AnnotateRecipeOptions,
): Promise<AnnotateSummary> {
  const { recipe } = loaded;
  const { store, prepared, signal } = options;
  const events = options.events ?? ignoreEvents;
  const { runId, table } = prepared;
  const total = table.rows.length;
  const filled = () => store.listSlots(runId).filter((slot) => slot.status !== "open").length;
  const known = store.getRun(runId) !== undefined;
  const left = known ? total - filled() : total;
  const created: LanguageModel[] = [];
  const make = async (settings = recipe.model): Promise<LanguageModel> => {
    const factory =
      options.createModel ?? (await import("../providers/createLanguageModel.js")).createLanguageModel;
    const model = await factory(settings, {
      config: options.config,
      events,
      baseDirectory: loaded.directory,
      store,
      ...(signal ? { signal } : {}),
    });
    created.push(model);
    return model;
  };
  let annotatedNow = 0;
  let seconds = 0;
  try {
    // The model loads before anything is stored: a bad model setting leaves the store as it was.
    const several = prepared.mode === "label" ? recipe.judge.models : undefined;
    const annotators =
      left === 0
        ? []
        : (options.annotators ??
          (several === undefined
            ? [options.model ?? (await make())]
            : await (async () => {
                const made: LanguageModel[] = [];
                for (const wanted of several) made.push(await make(await settingsFor(loaded, wanted)));
                return made;
              })()));
    const model = annotators[0];
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
    if (open.length > 0 && model !== undefined) {
      store.setRunStatus(runId, "running");
      const judgeModel =
        options.judgeModel ??
        (prepared.mode === "output" && recipe.judge.model !== undefined
          ? await make(await settingsFor(loaded, recipe.judge.model))
          : model);
      const started = performance.now();
      try {
        annotatedNow = await annotateSlots(open, { loaded, options, annotators, judgeModel, events });
      } catch (error) {
        if (!(error instanceof CancelledError)) store.setRunStatus(runId, "failed");
        throw error;
      }
      seconds = (performance.now() - started) / 1000;
    }
  } finally {
    for (const model of created.reverse()) await model.dispose();
  }
  if (signal?.aborted) throw new CancelledError();

  const outcomes = rowOutcomes(store, runId, prepared, recipe.judge);
  const categories = prepared.mode === "label" ? prepared.labels : ["yes", "no"];
  const rows: AnnotatedRow[] = outcomes.map((outcome) => ({
    status: outcome.status,
    votes: outcome.votes,
    label: outcome.label,
  }));
  const statistics = annotationStatistics(rows, categories, recipe.judge);
  const gates = annotationGates(statistics, recipe.quality.gates.labelConfirmed);
  const allDone = outcomes.every((outcome) => outcome.record !== undefined || outcome.status === "failed");
  store.setRunStatus(runId, allDone ? "completed" : "failed");

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
  const extension = table.format === "tsv" ? (/\.txt$/i.test(prepared.file) ? "txt" : "tsv") : table.format;
  const annotatedName = `annotated.${extension}`;
  const report: AnnotationReport = {
    version: 1,
    kind: "annotation",
    createdAt: new Date().toISOString(),
    runId,
    recipe: recipe.name,
    input: prepared.file,
    models: [
      ...new Set(outcomes.flatMap((outcome) => (outcome.record ? [outcome.record.provenance.model.id] : []))),
    ],
    statistics,
    gates,
    cost: runCost(store, runId),
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
    ...(annotatedNow > 0
      ? { speed: { rows: annotatedNow, seconds, rowsPerSecond: annotatedNow / seconds } }
      : {}),
  };
  store.putArtifact(runId, "quality-report", "annotation", report);
  const byRecord = new Map(
    outcomes.flatMap((outcome, index) =>
      outcome.record ? [[outcome.record.id, outputRows[index]!] as const] : [],
    ),
  );
  const exported = await exportRun({
    store,
    runId,
    // Every export format holds the whole row: the input's columns, the new fields and the vote's; never split, so the order stays the input's.
    recipe: {
      ...recipe,
      output: {
        ...recipe.output,
        schema: {
          type: "object",
          properties: Object.fromEntries(
            columns.map((column) => [
              column,
              (recipe.output.schema.properties as Record<string, unknown> | undefined)?.[column] ?? {},
            ]),
          ),
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
      { name: "annotation-report.json", render: () => `${JSON.stringify(report, null, 2)}\n` },
      { name: "annotation-report.html", render: () => renderAnnotationReportHtml(report) },
    ],
  });
  const file = (name: string) => exported.files.find((each) => each.endsWith(`/${name}`)) ?? name;
  const summary: AnnotateSummary = {
    runId,
    statistics,
    gates,
    annotatedNow,
    seconds,
    files: exported.files,
    annotatedFile: file(annotatedName),
    report: file("annotation-report.html"),
  };
  if (options.enforceGates ?? true) assertGates(gates);
  return summary;
}

/** The settings of a model a recipe names in `judge` (a name, a path or a partial model section), over its `model`. */
async function settingsFor(
  loaded: LoadedRecipe,
  wanted: string | Partial<LoadedRecipe["recipe"]["model"]>,
): Promise<LoadedRecipe["recipe"]["model"]> {
  const { modelSchema } = await import("../core/recipe/modelSchema.js");
  return modelSchema.parse(
    typeof wanted === "string"
      ? { ...loaded.recipe.model, name: wanted, adapter: undefined }
      : { ...loaded.recipe.model, ...wanted },
  );
}

/** Annotates the open slots, `model.parallelism` rows at a time; returns how many rows were stored. */
async function annotateSlots(
  slots: SlotRow[],
  context: {
    loaded: LoadedRecipe;
    options: AnnotateRecipeOptions;
    /** Vote i is cast by annotators[i mod n]. */
    annotators: LanguageModel[];
    judgeModel: LanguageModel;
    events: EventSink;
  },
): Promise<number> {
  const { loaded, options, annotators, judgeModel, events } = context;
  const model = annotators[0]!;
  const { recipe } = loaded;
  const { store, prepared, signal } = options;
  const runId = prepared.runId;
  const brief = { task: recipe.task, description: recipe.description, language: recipe.language };
  const judgeSettings = {
    ...recipe.judge,
    rubric: { mode: "off" as const, threshold: recipe.judge.rubric.threshold },
  };
  // Annotator j casts votes j, j + n, j + 2n, ...: its share of the k votes.
  const votes = recipe.judge.votes;
  const labellers =
    prepared.mode === "label"
      ? annotators.map((annotator, index) =>
          createJudge({
            model: annotator,
            brief,
            settings: { ...judgeSettings, votes: Math.ceil((votes - index) / annotators.length) },
            labelField: prepared.labelField!,
            labels: prepared.labels,
          }),
        )
      : [];
  const checker =
    prepared.mode === "output"
      ? createJudge({ model: judgeModel, brief, settings: judgeSettings })
      : undefined;
  const queue = [...slots];
  const done = { rows: 0 };
  let failure: { error: unknown } | undefined;
  events({ type: "task-start", task: "annotate", total: slots.length, unit: "rows" });

  const store1 = (record: GeneratedRecord) => {
    store.putRecord(record);
    if (record.status === "accepted") {
      done.rows += 1;
      events({
        type: "task-progress",
        task: "annotate",
        done: done.rows,
        total: slots.length,
        detail: `${done.rows}/${slots.length} rows`,
      });
    }
  };

  const annotateLabel = async (slot: SlotRow) => {
    const row = prepared.table.rows[slot.index]!;
    const text = shownText(row.values, prepared.shown);
    const seed = deriveSeed(recipe.generation.seed, slot.index, 0);
    const startedAt = new Date().toISOString();
    const started = performance.now();
    const results = await Promise.all(
      labellers.map((labeller, index) => labeller.annotate(text, seed + index * 104_729, signal)),
    );
    const result =
      results.length === 1
        ? results[0]!
        : {
            votes: Array.from(
              { length: votes },
              (_, vote) => results[vote % results.length]!.votes[Math.floor(vote / results.length)]!,
            ),
            probabilities: undefined,
            messages: results[0]!.messages,
            usage: {
              inputTokens: results.reduce((sum, each) => sum + each.usage.inputTokens, 0),
              outputTokens: results.reduce((sum, each) => sum + each.usage.outputTokens, 0),
            },
          };
    const { label, agreeing } = majority(result.votes);
    const confirmed = agreeing >= recipe.judge.minimumAgreement;
    const details: AnnotationVoteDetails = {
      votes: result.votes,
      agreeing,
      required: recipe.judge.minimumAgreement,
      label,
      ...(result.probabilities ? { probabilities: result.probabilities } : {}),
      ...(annotators.length > 1
        ? { models: result.votes.map((_, vote) => annotators[vote % annotators.length]!.identity.id) }
        : {}),
      confirmed,
    };
    store1(
      annotationRecord(runId, slot, {
        data: { ...row.values, [prepared.labelField!]: label },
        messages: result.messages,
        model,
        temperature: recipe.judge.temperature,
        seed,
        rawOutput: result.votes.join(","),
        usage: result.usage,
        timing: { startedAt, durationMs: performance.now() - started },
        decision: voteDecision(details),
      }),
    );
  };

  const annotateOutput = async (slot: SlotRow) => {
    const row = prepared.table.rows[slot.index]!;
    const shownValues = Object.fromEntries(prepared.shown.map((column) => [column, row.values[column]]));
    const messages = outputPrompt(recipe, shownText(row.values, prepared.shown), prepared.fields);
    for (let attempt = slot.attempts; attempt < recipe.generation.maxAttempts; attempt += 1) {
      if (signal?.aborted) return;
      const seed = deriveSeed(recipe.generation.seed, slot.index, attempt);
      const sampling = {
        temperature: recipe.generation.temperature,
        topP: recipe.generation.topP,
        topK: recipe.generation.topK,
        maxTokens: recipe.generation.maxTokens,
        repeatPenalty: recipe.generation.repeatPenalty,
        seed,
      };
      const startedAt = new Date().toISOString();
      const started = performance.now();
      const result = await model.generate({
        messages,
        schema: recipe.output.schema,
        sampling,
        ...(signal ? { signal } : {}),
      });
      const output = result.json as Record<string, unknown> | undefined;
      const problem =
        result.finishReason === "length" ? "stopped at the token limit" : prepared.validate(output);
      if (problem !== undefined || output === undefined) {
        store1({
          ...annotationRecord(runId, slot, {
            data: output,
            messages,
            model,
            temperature: sampling.temperature,
            seed,
            rawOutput: result.text,
            usage: result.usage,
            timing: { startedAt, durationMs: performance.now() - started },
            decision: { check: "schema", decision: "reject", reason: `schema: ${problem ?? "no JSON"}` },
            attempt,
          }),
          status: "rejected",
          reason: "schema",
        });
        continue;
      }
      const verdict = await checker!.verify({
        data: { ...shownValues, ...output },
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
      store1(
        annotationRecord(runId, slot, {
          data: { ...row.values, ...output },
          messages,
          model,
          temperature: sampling.temperature,
          seed,
          rawOutput: result.text,
          usage: {
            inputTokens: result.usage.inputTokens + verdict.usage.inputTokens,
            outputTokens: result.usage.outputTokens + verdict.usage.outputTokens,
          },
          timing: { startedAt, durationMs: performance.now() - started },
          decision: voteDecision(details),
          attempt,
        }),
      );
      return;
    }
    store.setSlotStatus(runId, slot.index, "exhausted");
  };

  const worker = async () => {
    while (failure === undefined && !signal?.aborted) {
      const slot = queue.shift();
      if (slot === undefined) return;
      try {
        await (prepared.mode === "label" ? annotateLabel(slot) : annotateOutput(slot));
      } catch (error) {
        if (signal?.aborted) return;
        failure ??= { error };
        return;
      }
    }
  };
  const workers = Math.max(
    1,
    Math.min(Math.min(...annotators.map((annotator) => annotator.parallelism)), queue.length),
  );
  await Promise.all(Array.from({ length: workers }, worker));
  if (failure) throw failure.error;
  if (signal?.aborted) throw new CancelledError();
  events({ type: "task-end", task: "annotate", done: done.rows });
  return done.rows;
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
        reason: `disputed: ${details.agreeing} of ${details.votes.length} votes agree, ${details.required} needed (${details.votes.join(", ")})`,
        details,
      };
}

function annotationRecord(
  runId: string,
  slot: SlotRow,
  parts: {
    data: Record<string, unknown> | undefined;
    messages: ChatMessage[];
    model: LanguageModel;
    temperature: number;
    seed: number;
    rawOutput: string;
    usage: TokenUsage;
    timing: { startedAt: string; durationMs: number };
    decision: QualityDecision;
    attempt?: number;
  },
): GeneratedRecord {
  const attempt = parts.attempt ?? 0;
  return {
    id: recordId(runId, slot.index, attempt),
    status: "accepted",
    data: parts.data,
    provenance: {
      runId,
      round: 1,
      slotIndex: slot.index,
      attempt,
      cell: slot.cell,
      template: { id: "annotate", version: "1" },
      messages: parts.messages,
      model: { ...parts.model.identity },
      sampling: { temperature: parts.temperature, topP: 1, topK: 0, maxTokens: 0, seed: parts.seed },
      fewShot: [],
      strategy: "annotate",
      rawOutput: parts.rawOutput,
      usage: parts.usage,
      timing: parts.timing,
    },
    decisions: [parts.decision],
  };
}

/** The prompt that asks for the output fields of one row (output annotation). */
function outputPrompt(
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
