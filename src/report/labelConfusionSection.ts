import type { QualityReport } from "../quality/QualityReport.js";
import { escapeHtml, formatNumber } from "./escapeHtml.js";

/**
 * The judge's confusion between labels (label A's records voted B) and the labels whose
 * records it disputed most; empty when the run has no label votes that left their label.
 */
export function labelConfusionSection(report: QualityReport): string {
  const confusion = report.judge?.labels;
  if (confusion === undefined) return "";
  const pairs =
    confusion.confusions.length === 0
      ? ""
      : `<p class="muted">Votes the judge cast for another label than the record's, most first: the pairs to tell apart in the label descriptions, and to generate near-misses for.</p>
<table><thead><tr><th>record's label</th><th>voted for</th><th class="number">votes</th><th class="number">records</th></tr></thead><tbody>
${confusion.confusions.map((pair) => `<tr><td>${escapeHtml(pair.label)}</td><td>${escapeHtml(pair.votedFor)}</td><td class="number">${pair.votes}</td><td class="number">${pair.records}</td></tr>`).join("\n")}
</tbody></table>`;
  const disputed =
    confusion.disputed.length === 0
      ? ""
      : `<h3>Most disputed labels</h3><table><thead><tr><th>label</th><th class="number">judged</th><th class="number">disputed</th><th class="number">share</th></tr></thead><tbody>
${confusion.disputed.map((row) => `<tr><td>${escapeHtml(row.label)}</td><td class="number">${row.judged}</td><td class="number">${row.disputed}</td><td class="number">${formatNumber(row.share, { percent: true })}</td></tr>`).join("\n")}
</tbody></table>`;
  return `${pairs}${disputed}`;
}
