import type { GateResult } from "../quality/gates/GateResult.js";
import type { AnnotationStatistics, AnnotationStatus } from "../quality/metrics/annotationStatistics.js";
import { costSection } from "./cost/costSection.js";
import type { RunCost } from "./cost/runCost.js";
import { escapeHtml, formatNumber } from "./escapeHtml.js";
import { reportStyles } from "./reportStyles.js";

/** What `annotation-report.json` holds: the vote's numbers, the gate, and the rows a person should look at first. */
export interface AnnotationReport {
  version: 1;
  kind: "annotation";
  createdAt: string;
  runId: string;
  recipe: string;
  /** The annotated file, as the recipe names it. */
  input: string;
  /** The model(s) that voted. */
  models: string[];
  statistics: AnnotationStatistics;
  gates: GateResult[];
  /** Up to 50 disputed rows (in file order), with every vote. */
  disputed: { line: number; text: string; label: string | undefined; votes: string[] }[];
  /** Wall-clock seconds this invocation annotated for, and its rows per second (absent when nothing was left to do). */
  speed?: { rows: number; seconds: number; rowsPerSecond: number };
  /** What the run cost (report/cost). */
  cost?: RunCost;
}

const statusWords: Record<AnnotationStatus, string> = {
  confirmed: "confirmed by the vote",
  disputed: "disputed (waiting for review)",
  reviewed: "settled by a reviewer",
  failed: "not annotated (no valid answer)",
};

/** The report as one self-contained HTML page. */
export function renderAnnotationReportHtml(report: AnnotationReport): string {
  const s = report.statistics;
  const card = (label: string, value: string, hint = "") =>
    `<div class="card"><div class="label">${escapeHtml(label)}</div><div class="value">${escapeHtml(value)}</div><div class="hint">${escapeHtml(hint)}</div></div>`;
  const kappa = s.kappa.kappa;
  const statusRows = (Object.keys(statusWords) as AnnotationStatus[])
    .map(
      (status) => `<tr><td>${escapeHtml(statusWords[status])}</td><td>${formatNumber(s[status])}</td></tr>`,
    )
    .join("");
  const labelRows = Object.entries(s.kappa.categories)
    .map(
      ([label, entry]) =>
        `<tr><td>${escapeHtml(label)}</td><td>${formatNumber(s.labelCounts[label] ?? 0)}</td><td>${formatNumber(entry.share, { percent: true })}</td><td>${formatNumber(entry.kappa)}</td></tr>`,
    )
    .join("");
  const gateRows = report.gates
    .map(
      (gate) =>
        `<tr><td>${escapeHtml(gate.gate)}</td><td>${escapeHtml(gate.metric)}</td><td>${formatNumber(gate.value, { percent: true })}</td><td>${gate.comparison} ${formatNumber(gate.threshold, { percent: true })}</td><td class="${gate.status === "pass" ? "pass" : "fail"}">${escapeHtml(gate.status)}</td></tr>`,
    )
    .join("");
  const disputedRows = report.disputed
    .map(
      (row) =>
        `<tr><td>${row.line}</td><td>${escapeHtml(row.text)}</td><td>${escapeHtml(row.votes.join(", "))}</td><td>${escapeHtml(row.label ?? "")}</td></tr>`,
    )
    .join("");
  const vacuous = s.vacuous
    ? `<p class="note">With ${Object.keys(s.kappa.categories).length} labels and ${s.votes} votes, some label always gets ${s.minimumAgreement} votes: this rule confirms every row. Use <code>judge.minimumAgreement: ${s.votes}</code> (unanimous) for a vote that can dispute.</p>`
    : "";
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>Annotation report: ${escapeHtml(report.recipe)}</title>
<style>${reportStyles}
table { border-collapse: collapse; background: white; } td, th { border: 1px solid #e2e8f0; padding: 4px 8px; text-align: left; vertical-align: top; }
.pass { color: #059669; } .fail { color: #dc2626; } .note { color: #64748b; }</style></head>
<body><header><h1>Annotation report: ${escapeHtml(report.recipe)}</h1><p>${escapeHtml(report.input)} · run ${escapeHtml(report.runId)} · ${escapeHtml(report.models.join(", "))} · ${escapeHtml(report.createdAt)}</p></header>
<main>
<div class="cards">${card("Rows", formatNumber(s.rows))}${card("Confirmed", formatNumber(s.confirmedShare.value, { percent: true }), `95% CI ${formatNumber(s.confirmedShare.lower, { percent: true })}–${formatNumber(s.confirmedShare.upper, { percent: true })}`)}${card("Agreement rate", formatNumber(s.agreementRate, { percent: true }), "mean share of votes with the majority")}${card("Fleiss' kappa", formatNumber(kappa), `${s.votes} votes per row`)}${report.speed ? card("Rows per second", formatNumber(report.speed.rowsPerSecond, { digits: 2 }), `${report.speed.rows} rows in ${formatNumber(report.speed.seconds, { digits: 1 })} s`) : ""}</div>
<section><h2>Rows</h2><p>A row is confirmed when at least ${s.minimumAgreement} of its ${s.votes} votes agree; the others are disputed and go to review first (<code>synthforge review sample</code>).</p>${vacuous}<table><tbody>${statusRows}</tbody></table></section>
${labelRows === "" ? "" : `<section><h2>Labels</h2><table><thead><tr><th>Label</th><th>Rows</th><th>Share of votes</th><th>Fleiss' kappa</th></tr></thead><tbody>${labelRows}</tbody></table></section>`}
<section><h2>Gates</h2>${gateRows === "" ? "<p>No gate is on.</p>" : `<table><thead><tr><th>Gate</th><th>Metric</th><th>Value</th><th>Needs</th><th></th></tr></thead><tbody>${gateRows}</tbody></table>`}</section>
<section><h2>Disputed rows</h2>${disputedRows === "" ? "<p>None.</p>" : `<table><thead><tr><th>Line</th><th>Text</th><th>Votes</th><th>Majority</th></tr></thead><tbody>${disputedRows}</tbody></table>`}</section>
${costSection(report.cost)}
</main></body></html>
`;
}
