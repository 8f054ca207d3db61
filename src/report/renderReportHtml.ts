import { adversarialChart } from "./charts/adversarialChart.js";
import { balanceChart } from "./charts/balanceChart.js";
import { countsChart } from "./charts/countsChart.js";
import { diversityChart, entropyChart } from "./charts/diversityChart.js";
import { domainTermsChart } from "./charts/domainTermsChart.js";
import { lengthChart } from "./charts/lengthChart.js";
import { trendChart } from "./charts/trendChart.js";
import { costSection } from "./cost/costSection.js";
import { escapeHtml, formatNumber } from "./escapeHtml.js";
import type { RunReport } from "./RunReport.js";
import { renderFigure as figure } from "./renderFigure.js";
import { reportSections } from "./reportSections.js";
import { reportStyles } from "./reportStyles.js";
import { trainingSections } from "./trainingSections.js";

/**
 * The quality report as one self-contained HTML page: inline CSS, charts as inline SVG rendered
 * on the server with Vega-Lite, no scripts, fonts or requests, so it opens offline anywhere.
 */
export async function renderReportHtml(report: RunReport): Promise<string> {
  const gate = (name: string) => report.gates.find((entry) => entry.gate === name)?.threshold;
  const reference = report.reference;
  const referenceLabels = reference?.labels
    ? {
        name: "reference",
        shares: new Map(reference.labels.values.map((entry) => [entry.value, entry.actualShare])),
      }
    : undefined;
  const balanceFigures = await Promise.all([
    ...(report.metrics.labels
      ? [
          figure(
            balanceChart(report.metrics.labels, referenceLabels),
            report.metrics.labels.maxShareGap === undefined
              ? "Share of accepted records per label."
              : `Largest gap to the plan: ${formatNumber(report.metrics.labels.maxShareGap, { percent: true })}.`,
          ),
        ]
      : []),
    ...report.metrics.dimensions.map((dimension) =>
      figure(
        balanceChart(dimension),
        dimension.maxShareGap === undefined
          ? ""
          : `Largest gap to the plan: ${formatNumber(dimension.maxShareGap, { percent: true })}.`,
      ),
    ),
  ]);
  const diversity = report.metrics.diversity;
  const charts = {
    balance: balanceFigures.join(""),
    length: [
      await figure(
        lengthChart("characters", report.metrics.length.characters, reference?.length.characters),
        `Median ${formatNumber(report.metrics.length.characters.median)} characters${reference ? ` (reference ${formatNumber(reference.length.characters.median)})` : ""}.`,
      ),
      await figure(
        lengthChart("words", report.metrics.length.words, reference?.length.words),
        `Median ${formatNumber(report.metrics.length.words.median)} words${reference ? ` (reference ${formatNumber(reference.length.words.median)})` : ""}.`,
      ),
    ].join(""),
    diversity: [
      await figure(
        entropyChart(diversity, reference?.diversity, gate("entropy")),
        `Entropy ${formatNumber(diversity.entropy)} bits over ${formatNumber(diversity.vocabularySize)} distinct words; dashed line: the gate.`,
      ),
      await figure(
        diversityChart(diversity, reference?.diversity),
        `Self-BLEU on a seeded sample of ${diversity.selfBleu.sampleSize} records.${varietyLine(report)}`,
      ),
      report.domainTermRatio
        ? await figure(
            domainTermsChart(report.domainTermRatio),
            `Domain-term ratio ${formatNumber(report.domainTermRatio.value)} (${report.domainTermRatio.mode}).`,
          )
        : "",
    ].join(""),
    filters: [
      await figure(
        countsChart("Rejected records by reason", report.counts.rejectedByReason, "#ef4444"),
        `${formatNumber(report.counts.rejected)} of ${formatNumber(report.counts.records)} records rejected.`,
      ),
      await figure(
        countsChart(
          "Sensitive content found, by type",
          report.filters.sensitive.hitsByType as Record<string, number>,
          "#f59e0b",
        ),
        `${formatNumber(report.filters.sensitive.recordsWithHits)} records with hits; action: ${report.filters.sensitive.action}.`,
      ),
    ].join(""),
    adversarial: report.adversarial
      ? await figure(
          adversarialChart(report.adversarial.auc, report.adversarial.foldAucs, gate("adversarialAuc")),
          `Trained on ${formatNumber(report.adversarial.sampled.real)} real and ${formatNumber(report.adversarial.sampled.generated)} generated records.`,
        )
      : "",
    trend: await figure(trendChart(report.trend), "One point per round of the run."),
    ...(await trainingSections(report.training)),
  };
  const source =
    report.source.kind === "run"
      ? `run ${report.source.runId}${report.source.round === undefined ? "" : `, round ${report.source.round}`}`
      : report.source.file;
  return `<!doctype html>
<html lang="${escapeHtml(report.language)}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>Synthforge quality report — ${escapeHtml(source)}</title>
<style>${reportStyles}</style>
</head>
<body>
<header><h1>Quality report</h1><p>${escapeHtml(source)} · language ${escapeHtml(report.language)} · ${escapeHtml(report.createdAt.replace("T", " ").slice(0, 19))} UTC</p></header>
<main>
${reportSections(report, charts)}
${costSection(report.cost)}
</main>
</body>
</html>
`;
}

/** The accepted texts' variety against the reference's at the same count, for the diversity caption. */
function varietyLine(report: RunReport): string {
  const variety = report.variety;
  if (variety === undefined) return "";
  const pair = (name: string, ours: number, theirs: number, ratio: number | undefined) =>
    `${name} ${formatNumber(ours)} vs ${formatNumber(theirs)}${ratio === undefined ? "" : ` (${formatNumber(ratio)}×)`}`;
  return ` At the same count (${formatNumber(variety.texts)} texts each, the larger side drawn ${variety.draws} times): ${[
    pair("distinct-2", variety.dataset.distinct2, variety.reference.distinct2, variety.ratio.distinct2),
    pair("distinct-3", variety.dataset.distinct3, variety.reference.distinct3, variety.ratio.distinct3),
    pair("self-BLEU", variety.dataset.selfBleu, variety.reference.selfBleu, variety.ratio.selfBleu),
  ].join(", ")}, the reference's second.`;
}
