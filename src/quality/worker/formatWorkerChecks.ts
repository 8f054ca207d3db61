import type { QualityReport } from "../QualityReport.js";

function fixed(value: number | undefined): string {
  return value === undefined ? "-" : value.toFixed(4);
}

/**
 * The worker checks in plain lines (for `check` and the report): BERTScore always with the
 * shuffled pairs' score and the margin beside it, syntax rejections, spread, discriminator.
 * Empty when the recipe asked for none.
 */
export function formatWorkerChecks(report: QualityReport): string[] {
  const lines: string[] = [];
  const b = report.bertScore;
  if (b) {
    lines.push(
      `BERTScore F1 ${fixed(b.meanF1)} over ${b.pairs} pairs (shuffled pairs ${fixed(b.shuffledMeanF1)}, margin ${fixed(b.margin)}, needs >= ${b.minMargin}); encoder ${b.encoder}, layer ${b.layer}, ${b.idf ? "idf" : "no idf"}, ${b.rescaled ? "rescaled" : "no baseline rescaling"}${b.encoderThreshold === undefined ? "" : `; calibrated F1 threshold ${b.encoderThreshold} for this encoder`}`,
    );
    for (const field of b.fields)
      lines.push(
        `  ${field.candidate} ↔ ${field.reference}: F1 ${fixed(field.meanF1)} over ${field.pairs} pairs`,
      );
  }
  const s = report.syntax;
  if (s) lines.push(`Syntax: ${s.rejected} of ${s.checked} texts rejected without a predicate (${s.parser})`);
  const spread = report.semanticSpread;
  if (spread)
    lines.push(
      `Semantic spread: ${spread.entropy.toFixed(3)} of ${spread.maxEntropy.toFixed(3)} bits (k-means, k = ${spread.k}, ${spread.texts} texts; ${spread.encoder})`,
    );
  const d = report.discriminator;
  if (d)
    lines.push(
      `Transformer discriminator ROC AUC ${d.auc.toFixed(4)} (${d.folds}-fold, ${d.sampled.real} real vs ${d.sampled.generated} generated; ${d.method}, ${d.encoder})${report.adversarial ? `; n-gram AUC ${report.adversarial.auc.toFixed(4)}` : ""}`,
    );
  for (const error of report.workerErrors ?? []) lines.push(`Worker checks not run: ${error}`);
  return lines;
}
