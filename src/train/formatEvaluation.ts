import type { EvaluationResult } from "./evaluationResultSchema.js";

const percent = (value: number | undefined) => (value === undefined ? "-" : `${(value * 100).toFixed(1)}%`);
const fixed = (value: number | undefined) => (value === undefined ? "-" : value.toFixed(3));

/**
 * The side-by-side table of an evaluation: one block per dataset, one column per model
 * (accuracy, macro/micro-F1 and per-class P/R/F1 for classification; exact match and
 * ROUGE-L for generation, and entity-level P/R/F1 when the answers are entity lists), then each model's confusion matrix (rows: truth).
 */
export function formatEvaluation(evaluation: EvaluationResult): string {
  const lines: string[] = [];
  const datasets = [...new Set(evaluation.results.map((row) => row.dataset))];
  const models = [...new Set(evaluation.results.map((row) => row.model))];
  for (const dataset of datasets) {
    const rows = models.map((model) =>
      evaluation.results.find((row) => row.model === model && row.dataset === dataset),
    );
    const examples = rows.find((row) => row !== undefined)?.metrics.examples ?? 0;
    lines.push(`${dataset} (${examples} examples)`);
    const table: string[][] = [["", ...models]];
    const add = (name: string, pick: (index: number) => string) =>
      table.push([name, ...models.map((_, index) => pick(index))]);
    if (evaluation.task !== "classification") {
      if (rows.some((row) => row?.metrics.exactMatch !== undefined)) {
        add("exact match", (i) => percent(rows[i]?.metrics.exactMatch));
        add("ROUGE-L", (i) => fixed(rows[i]?.metrics.rougeL));
      }
      if (rows.some((row) => row?.metrics.chrF !== undefined)) {
        const score = (value: number | undefined) => (value === undefined ? "-" : value.toFixed(2));
        add("chrF (sacrebleu)", (i) => score(rows[i]?.metrics.chrF));
        add("BLEU (sacrebleu)", (i) => score(rows[i]?.metrics.bleu));
      }
      if (rows.some((row) => row?.metrics.entityF1 !== undefined)) {
        add("entity P/R/F1", (i) => {
          const metrics = rows[i]?.metrics;
          return metrics?.entityF1 === undefined
            ? "-"
            : `${fixed(metrics.entityPrecision)}/${fixed(metrics.entityRecall)}/${fixed(metrics.entityF1)}`;
        });
      }
    } else {
      add("accuracy", (i) => percent(rows[i]?.metrics.accuracy));
      add("macro-F1", (i) => fixed(rows[i]?.metrics.macroF1));
      add("micro-F1", (i) => fixed(rows[i]?.metrics.microF1));
      for (const label of evaluation.labels ?? []) {
        add(`${label} P/R/F1`, (i) => {
          const value = rows[i]?.metrics.perClass?.[label];
          return value ? `${fixed(value.precision)}/${fixed(value.recall)}/${fixed(value.f1)}` : "-";
        });
      }
    }
    const widths = table[0]!.map((_, column) => Math.max(...table.map((row) => row[column]!.length)));
    for (const row of table) {
      lines.push(
        `  ${row.map((cell, column) => (column === 0 ? cell.padEnd(widths[column]!) : cell.padStart(widths[column]!))).join("  ")}`,
      );
    }
    if (evaluation.task === "classification") {
      models.forEach((model, index) => {
        const confusion = rows[index]?.metrics.confusion;
        if (!confusion) return;
        const width = Math.max(...confusion.labels.map((label) => label.length), 5);
        lines.push(`  confusion of ${model} (rows: truth, columns: predicted)`);
        lines.push(
          `    ${"".padEnd(width)}  ${confusion.labels.map((label) => label.padStart(width)).join("  ")}`,
        );
        confusion.matrix.forEach((counts, row) => {
          lines.push(
            `    ${confusion.labels[row]!.padEnd(width)}  ${counts.map((count) => String(count).padStart(width)).join("  ")}`,
          );
        });
      });
    }
  }
  return lines.join("\n");
}
