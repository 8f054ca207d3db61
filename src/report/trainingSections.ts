import path from "node:path";
import type { EvaluationMetrics } from "../train/evaluationResultSchema.js";
import { confusionChart } from "./charts/confusionChart.js";
import { lossChart } from "./charts/lossChart.js";
import { escapeHtml, formatNumber } from "./escapeHtml.js";
import { renderFigure } from "./renderFigure.js";
import type {
  EvaluatedDataset,
  EvaluationSummary,
  TrainingJobSummary,
  TrainingReport,
} from "./TrainingReport.js";

/** A headline metric of an evaluation: shown as a percentage or to 3 decimals. */
interface MetricRow {
  name: string;
  pick: (metrics: EvaluationMetrics) => number | undefined;
  percent: boolean;
}

const classificationRows: MetricRow[] = [
  { name: "accuracy", pick: (metrics) => metrics.accuracy, percent: true },
  { name: "macro-F1", pick: (metrics) => metrics.macroF1, percent: false },
  { name: "micro-F1", pick: (metrics) => metrics.microF1, percent: false },
];
const generationRows: MetricRow[] = [
  { name: "exact match", pick: (metrics) => metrics.exactMatch, percent: true },
  { name: "ROUGE-L", pick: (metrics) => metrics.rougeL, percent: false },
  // Translation (sacrebleu, 0–100) and entity lists or tags (exact span and type); shown where present.
  { name: "chrF", pick: (metrics) => metrics.chrF, percent: false },
  { name: "BLEU", pick: (metrics) => metrics.bleu, percent: false },
  { name: "entity precision", pick: (metrics) => metrics.entityPrecision, percent: false },
  { name: "entity recall", pick: (metrics) => metrics.entityRecall, percent: false },
  { name: "entity F1", pick: (metrics) => metrics.entityF1, percent: false },
];

function loss(value: number | null | undefined): string {
  return formatNumber(value ?? undefined, { digits: 4 });
}

function signed(value: number, percent: boolean): string {
  const sign = value > 0 ? "+" : value < 0 ? "−" : "±";
  const size = Math.abs(value);
  return percent ? `${sign}${(size * 100).toFixed(1)} pp` : `${sign}${size.toFixed(3)}`;
}

function jobsTable(jobs: readonly TrainingJobSummary[]): string {
  const rows = jobs
    .map((job) => {
      const notes = [
        job.cancelled ? "cancelled (checkpoint saved)" : "",
        job.stoppedEarly ? "stopped early" : "",
      ].filter(Boolean);
      return `<tr><td title="${escapeHtml(job.output)}">${escapeHtml(path.basename(job.output))}</td><td>${escapeHtml(job.method ?? "–")}</td><td title="${escapeHtml(job.baseModel ?? "")}">${escapeHtml(job.baseModel ? path.basename(job.baseModel) : "–")}</td><td>${escapeHtml(job.stages.join(" → ") || "–")}</td><td class="number">${formatNumber(job.steps)} / ${formatNumber(job.totalSteps)}</td><td class="number">${loss(job.finalTrainLoss)}</td><td class="number">${loss(job.bestValidationLoss)}</td><td class="number">${job.tokensPerSecond === null ? "–" : formatNumber(Math.round(job.tokensPerSecond))}</td><td class="number">${formatNumber(job.seconds, { digits: 1 })} s</td><td class="muted">${escapeHtml(notes.join(", "))}</td></tr>`;
    })
    .join("");
  return `<table><thead><tr><th>Output</th><th>Method</th><th>Base model</th><th>Stages</th><th>Steps</th><th>Final train loss</th><th>Best validation loss</th><th>Tokens/s</th><th>Time</th><th></th></tr></thead><tbody>${rows}</tbody></table>`;
}

async function lossFigure(job: TrainingJobSummary): Promise<string> {
  const curve = job.lossCurve;
  const first = curve[0];
  const last = curve.at(-1);
  const parts = [
    first && last ? `training loss ${loss(first.loss)} → ${loss(last.loss)}` : "",
    job.bestValidationLoss === null ? "" : `best validation loss ${loss(job.bestValidationLoss)}`,
    curve.some((point) => point.learningRate !== undefined) ? "below: the learning rate" : "",
  ].filter(Boolean);
  return renderFigure(
    lossChart(`Loss: ${path.basename(job.output)}`, curve),
    `${parts.join("; ")}.`.replace(/^\.$/, ""),
  );
}

/** The Training section's body: one row per job, then each job's loss curve. */
export async function trainingSection(jobs: readonly TrainingJobSummary[]): Promise<string> {
  if (jobs.length === 0) return "";
  const figures = (await Promise.all(jobs.map(lossFigure))).join("");
  return `${jobsTable(jobs)}${figures ? `<br><div class="grid">${figures}</div>` : ""}`;
}

function metricsTable(dataset: EvaluatedDataset, rows: readonly MetricRow[]): string {
  const models = dataset.models;
  const base = models.find((entry) => entry.model === "base");
  const tuned = models.find((entry) => entry.model === "tuned");
  const compare = base !== undefined && tuned !== undefined;
  const body = rows
    .filter((row) => models.some((entry) => row.pick(entry.metrics) !== undefined))
    .map((row) => {
      const cells = models
        .map(
          (entry) =>
            `<td class="number">${formatNumber(row.pick(entry.metrics), { percent: row.percent })}</td>`,
        )
        .join("");
      const before = base ? row.pick(base.metrics) : undefined;
      const after = tuned ? row.pick(tuned.metrics) : undefined;
      const delta =
        compare && before !== undefined && after !== undefined
          ? `<td class="number delta ${after > before ? "up" : after < before ? "down" : ""}">${signed(after - before, row.percent)}</td>`
          : compare
            ? "<td></td>"
            : "";
      return `<tr><td>${escapeHtml(row.name)}</td>${cells}${delta}</tr>`;
    })
    .join("");
  const head = models.map((entry) => `<th>${escapeHtml(entry.model)}</th>`).join("");
  return `<table class="metrics"><thead><tr><th>Metric</th>${head}${compare ? "<th>Tuned − base</th>" : ""}</tr></thead><tbody>${body}</tbody></table>`;
}

function perClassTable(dataset: EvaluatedDataset, labels: readonly string[]): string {
  const models = dataset.models.filter((entry) => entry.metrics.perClass);
  if (models.length === 0) return "";
  const names = labels.length > 0 ? labels : Object.keys(models[0]!.metrics.perClass ?? {});
  const groups = models.map((entry) => `<th colspan="3">${escapeHtml(entry.model)}</th>`).join("");
  const head = models.map(() => "<th>P</th><th>R</th><th>F1</th>").join("");
  const body = names
    .map((label) => {
      const support = models
        .map((entry) => entry.metrics.perClass?.[label]?.support)
        .find((value) => value !== undefined);
      const cells = models
        .map((entry) => {
          const value = entry.metrics.perClass?.[label];
          return [value?.precision, value?.recall, value?.f1]
            .map((number) => `<td class="number">${formatNumber(number, { digits: 3 })}</td>`)
            .join("");
        })
        .join("");
      return `<tr><td>${escapeHtml(label)}</td><td class="number">${formatNumber(support)}</td>${cells}</tr>`;
    })
    .join("");
  return `<table class="metrics"><thead><tr><th rowspan="2">Label</th><th rowspan="2">Support</th>${groups}</tr><tr>${head}</tr></thead><tbody>${body}</tbody></table>`;
}

async function datasetBlock(evaluation: EvaluationSummary, dataset: EvaluatedDataset): Promise<string> {
  const heading = `<h3>${escapeHtml(dataset.name)} <span class="muted">· ${formatNumber(dataset.examples)} examples · ${escapeHtml(path.basename(evaluation.trainDir))}</span></h3>`;
  if (evaluation.task !== "classification") return `${heading}${metricsTable(dataset, generationRows)}`;
  const confusions = dataset.models.flatMap((entry) =>
    entry.metrics.confusion ? [{ model: entry.model, ...entry.metrics.confusion }] : [],
  );
  const confusion = await renderFigure(
    confusionChart(`Confusion matrices: ${dataset.name}`, confusions),
    "Rows: true label; columns: predicted label (every label scored by its likelihood). Colour: share of the true label's examples; numbers: counts.",
  );
  return `${heading}<div class="grid"><div>${metricsTable(dataset, classificationRows)}<br>${perClassTable(dataset, evaluation.labels)}</div>${confusion}</div>`;
}

/** The Evaluation section's body: for each evaluated data set, base and tuned side by side. */
export async function evaluationSection(evaluations: readonly EvaluationSummary[]): Promise<string> {
  const blocks = await Promise.all(
    evaluations.flatMap((evaluation) =>
      evaluation.datasets.map((dataset) => datasetBlock(evaluation, dataset)),
    ),
  );
  return blocks.join("\n");
}

/** Both sections' bodies (empty when the run has no training or no evaluation). */
export async function trainingSections(
  training: TrainingReport | undefined,
): Promise<{ training: string; evaluation: string }> {
  if (!training) return { training: "", evaluation: "" };
  return {
    training: await trainingSection(training.jobs),
    evaluation: await evaluationSection(training.evaluations),
  };
}
