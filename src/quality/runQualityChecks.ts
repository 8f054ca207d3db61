import type { Config } from "../core/config.js";
import { type EventSink, ignoreEvents } from "../core/events.js";
import type { FieldSpecs } from "../core/fields/fieldSpecs.js";
import { labelExamplesOf } from "../core/labels/labelGuide.js";
import { labelsOf } from "../core/recipe/labelsOf.js";
import type { Recipe } from "../core/recipe/recipeSchema.js";
import type { Store } from "../store/Store.js";
import { spotCheckArtifactName } from "../store/spotCheckArtifactName.js";
import { assessQuality, labelDimensionOf, readRecipeReference } from "./assessQuality.js";
import { filterChecks } from "./filters/applyFilters.js";
import { judgeStatistics } from "./metrics/judgeStatistics.js";
import { majorityAgreement } from "./metrics/majorityAgreement.js";
import { spotCheckStatistics } from "./metrics/spotCheckStatistics.js";
import { planCounts } from "./planCounts.js";
import type { QualityReport, RoundTrendPoint } from "./QualityReport.js";
import type { ReferenceCorpus } from "./ReferenceCorpus.js";
import { recordExamples } from "./recordExamples.js";
import { generationOrder, toDatasetRecord } from "./recordsFromRun.js";

/** Inputs of runQualityChecks. */
export interface RunQualityChecksOptions {
  store: Store;
  runId: string;
  recipe: Recipe;
  /** Folder the recipe's relative paths (quality.reference.file) resolve against [cwd]. */
  directory?: string;
  /** Reference corpus already read; otherwise read from `recipe.quality.reference` when set. */
  reference?: ReferenceCorpus;
  /** Round just finished; the report is stored as `round-<n>` as well as `latest`. */
  round?: number;
  events?: EventSink;
  /** Aborting (Ctrl-C) stops the check with CancelledError; nothing is stored then. */
  signal?: AbortSignal;
  /** Cache folders of the worker checks (BERTScore, syntax, spread, discriminator) [from the environment]. */
  config?: Config;
  /** What each output field is (the pipeline's `fieldSpecsOf`); unset: the text field alone is checked. */
  fields?: FieldSpecs;
}

/** What runQualityChecks did. */
export interface RunQualityChecksResult {
  report: QualityReport;
  /** Records this check moved from accepted to rejected (their slots re-open). */
  rejected: { recordId: string; slotIndex: number; reason: string }[];
  /** Records an earlier check rejected that pass now (e.g. after a threshold change). */
  restored: string[];
}

/**
 * The quality stage of a run, called by the pipeline after each round: applies the filters to
 * the run's records (accepted ones, and ones an earlier check rejected, so a rerun converges
 * to the same verdicts), stores one decision per record and filter, moves record statuses,
 * measures every metric, evaluates the gates and stores the report as an artifact. It does not
 * throw on a failed gate: see `report.gates` and `assertGates`.
 */
export async function runQualityChecks(options: RunQualityChecksOptions): Promise<RunQualityChecksResult> {
  const { store, runId, recipe } = options;
  const events = options.events ?? ignoreEvents;
  // The worker's syntax check rejects like a filter: a later check decides those records again.
  const checks = new Set<string>([...filterChecks, "syntax"]);
  const qualityRejected = new Set(
    store
      .listDecisions(runId)
      .filter((decision) => checks.has(decision.check) && decision.decision === "reject")
      .map((decision) => decision.recordId),
  );
  const all = store.listRecords(runId);
  const candidates = all
    .filter(
      (record) =>
        record.status === "accepted" ||
        qualityRejected.has(record.id) ||
        record.data === undefined ||
        (record.reason ?? "").startsWith("schema"),
    )
    .sort(generationOrder);
  const reference = options.reference ?? (await readRecipeReference(recipe.quality, options.directory));
  const labelField = recipe.output.labelField;
  const sample = store
    .listArtifacts(runId, "spot-check-sample")
    .find((artifact) => artifact.name === spotCheckArtifactName)?.value as { ids?: string[] } | undefined;
  const reviews = store.listReviews(runId);
  const previous = store
    .listArtifacts(runId, "quality-report")
    .filter((artifact) => artifact.name.startsWith("round-"))
    .map((artifact) => artifact.value as QualityReport)
    .filter((report) => report.source.kind === "run" && report.source.round !== options.round);

  events({ type: "task-start", task: "quality", total: undefined, unit: "records" });
  const { report, outcome } = await assessQuality({
    records: candidates.map((record) => toDatasetRecord(record, recipe)),
    source: { kind: "run", runId, round: options.round },
    language: recipe.language,
    quality: recipe.quality,
    reference,
    plan: planCounts(store.listSlots(runId)),
    labelDimension: labelDimensionOf(recipe),
    labels: labelsOf(recipe),
    examples: labelExamplesOf(recipe),
    description: recipe.description,
    ...(maxLengthOf(recipe) === undefined ? {} : { maxLength: maxLengthOf(recipe) }),
    ...(options.fields === undefined ? {} : { fields: options.fields }),
    majorityAgreement: majorityAgreement(all, labelField),
    judge: judgeStatistics(all),
    spotCheck:
      reviews.length > 0 || sample
        ? spotCheckStatistics(reviews, sample?.ids, recipe.quality.gates.spotCheckErrorRate ?? undefined)
        : undefined,
    directory: options.directory,
    ...(options.config ? { config: options.config } : {}),
    events,
    signal: options.signal,
  });
  report.trend = [
    ...previous.map(trendPoint),
    ...(options.round === undefined ? [] : [trendPoint(report)]),
  ].sort((a, b) => a.round - b.round);

  const rejected: RunQualityChecksResult["rejected"] = [];
  const restored: string[] = [];
  store.transaction(() => {
    store.putDecisions(
      runId,
      candidates.flatMap((record, index) =>
        outcome.verdicts[index]!.decisions.map((decision) => ({ ...decision, recordId: record.id })),
      ),
    );
    candidates.forEach((record, index) => {
      const verdict = outcome.verdicts[index]!;
      if (!record.data || (record.reason ?? "").startsWith("schema")) return;
      if (verdict.status === "rejected" && record.status === "accepted") {
        store.setRecordStatus(record.id, "rejected", verdict.reason);
        rejected.push({
          recordId: record.id,
          slotIndex: record.provenance.slotIndex,
          reason: verdict.reason ?? "quality",
        });
      } else if (verdict.status === "accepted" && record.status === "rejected") {
        store.setRecordStatus(record.id, "accepted");
        restored.push(record.id);
      }
    });
    report.records = recordExamples(store.listRecords(runId), recipe);
    store.putArtifact(runId, "quality-report", "latest", report);
    if (options.round !== undefined)
      store.putArtifact(runId, "quality-report", `round-${options.round}`, report);
  });
  for (const gate of report.gates)
    if (gate.value !== undefined) events({ type: "metric", name: gate.gate, value: gate.value });
  events({ type: "task-end", task: "quality", done: candidates.length });
  return { report, rejected, restored };
}

/** The text field's `maxLength` in the output schema, for the truncation check. */
function maxLengthOf(recipe: Recipe): number | undefined {
  const properties = (recipe.output.schema.properties ?? {}) as Record<string, { maxLength?: unknown }>;
  const limit = properties[recipe.output.textField]?.maxLength;
  return typeof limit === "number" ? limit : undefined;
}

/** The numbers of one round that the trend chart shows. */
export function trendPoint(report: QualityReport): RoundTrendPoint {
  return {
    round: report.source.kind === "run" ? (report.source.round ?? 0) : 0,
    accepted: report.counts.accepted,
    entropy: report.metrics.diversity.entropy,
    distinct2: report.metrics.diversity.distinct2,
    duplicateRate: report.duplicateRate,
    adversarialAuc: report.adversarial?.auc,
    domainTermRatio: report.domainTermRatio?.value,
  };
}
