import type { QualityReport } from "../quality/QualityReport.js";
import type { RecordExample } from "../quality/recordExamples.js";
import { formatWorkerChecks } from "../quality/worker/formatWorkerChecks.js";
import { escapeHtml, formatNumber } from "./escapeHtml.js";
import { labelConfusionSection } from "./labelConfusionSection.js";

/** Rendered chart figures, by section. */
export interface ReportCharts {
  balance: string;
  length: string;
  diversity: string;
  filters: string;
  adversarial: string;
  trend: string;
  /** The Training section's body: jobs table and loss curves (empty without training jobs). */
  training: string;
  /** The Evaluation section's body: base vs tuned per data set (empty without evaluations). */
  evaluation: string;
}

function card(label: string, value: string, hint = ""): string {
  return `<div class="card"><div class="label">${escapeHtml(label)}</div><div class="value">${escapeHtml(value)}</div><div class="hint">${escapeHtml(hint)}</div></div>`;
}

function section(title: string, body: string): string {
  return body.trim() === "" ? "" : `<section><h2>${escapeHtml(title)}</h2>${body}</section>`;
}

function gatesTable(report: QualityReport): string {
  const rows = report.gates
    .map((gate) => {
      const badge = gate.status === "pass" ? "pass" : gate.status === "fail" ? "fail" : "skip";
      return `<tr><td>${escapeHtml(gate.metric)} <span class="muted">(${escapeHtml(gate.gate)})</span></td><td class="number">${formatNumber(gate.value, { digits: 4 })}</td><td class="number">${gate.comparison} ${formatNumber(gate.threshold, { digits: 4 })}</td><td><span class="badge ${badge}">${escapeHtml(gate.status)}</span>${gate.note ? ` <span class="muted">${escapeHtml(gate.note)}</span>` : ""}</td></tr>`;
    })
    .join("");
  return `<table><thead><tr><th>Metric</th><th>Value</th><th>Threshold</th><th>Result</th></tr></thead><tbody>${rows}</tbody></table>`;
}

function duplicatesTable(report: QualityReport): string {
  if (report.duplicateExamples.length === 0) return `<p class="muted">No duplicates found.</p>`;
  const rows = report.duplicateExamples
    .map(
      (example) =>
        `<tr><td>${example.kind}</td><td class="text"><div>${escapeHtml(example.keep.text)}</div>${example.members
          .map(
            (member) =>
              `<div class="removed">− ${escapeHtml(member.text)} <span class="muted">(Jaccard ${member.jaccard.toFixed(2)})</span></div>`,
          )
          .join("")}</td><td class="number">${example.members.length}</td></tr>`,
    )
    .join("");
  const near = report.filters.nearDuplicates;
  return `<p class="muted">MinHash LSH: ${near.parameters.permutations} permutations, ${near.parameters.bands} bands × ${near.parameters.rows} rows, Jaccard ≥ ${near.parameters.threshold}; ${formatNumber(near.verifiedPairs)} candidate pairs verified by exact Jaccard. The first record of each cluster is kept.</p>
<table><thead><tr><th>Kind</th><th>Kept record, then removed ones</th><th>Removed</th></tr></thead><tbody>${rows}</tbody></table>`;
}

function adversarialTables(report: QualityReport): string {
  const adversarial = report.adversarial;
  if (!adversarial)
    return `<p class="muted">No reference corpus was given, so real and generated records were not compared.</p>`;
  const records = adversarial.mostDetectable
    .map(
      (entry) =>
        `<tr><td class="number">${entry.probability.toFixed(3)}</td><td class="text">${escapeHtml(entry.text)}</td></tr>`,
    )
    .join("");
  const features = (list: { feature: string; weight: number }[]) =>
    list
      .map(
        (entry) =>
          `<tr><td>${escapeHtml(entry.feature)}</td><td class="number">${entry.weight.toFixed(2)}</td></tr>`,
      )
      .join("");
  return `<div class="grid">
<table><thead><tr><th>P(generated)</th><th>Most detectable generated records</th></tr></thead><tbody>${records}</tbody></table>
<div><table><thead><tr><th>Gives away “generated”</th><th>Weight</th></tr></thead><tbody>${features(adversarial.topFeatures.generated)}</tbody></table>
<br><table><thead><tr><th>Looks real</th><th>Weight</th></tr></thead><tbody>${features(adversarial.topFeatures.real)}</tbody></table></div>
</div><p class="muted">${escapeHtml(adversarial.model)}. Features: <code>w:</code> words and word pairs, <code>c:</code> character n-grams.</p>`;
}

/** The worker's checks: BERTScore beside its shuffled pairs, syntax, spread, the discriminator. */
function workerChecksHtml(report: QualityReport): string {
  const lines = formatWorkerChecks(report);
  if (lines.length === 0) return "";
  const rows = (list: { probability: number; text: string }[]) =>
    list
      .map(
        (entry) =>
          `<tr><td class="number">${entry.probability.toFixed(3)}</td><td class="text">${escapeHtml(entry.text)}</td></tr>`,
      )
      .join("");
  const discriminator = report.discriminator
    ? `<table><thead><tr><th>P(generated)</th><th>Most detectable by the transformer discriminator</th></tr></thead><tbody>${rows(report.discriminator.mostDetectable)}</tbody></table>`
    : "";
  const lowest = report.bertScore?.lowest.length
    ? `<table><thead><tr><th>F1</th><th>Lowest BERTScore pairs</th></tr></thead><tbody>${report.bertScore.lowest
        .map(
          (pair) =>
            `<tr><td class="number">${pair.f1.toFixed(3)}</td><td class="text">${escapeHtml(pair.candidate)}<br><span class="muted">${escapeHtml(pair.reference)}</span></td></tr>`,
        )
        .join("")}</tbody></table>`
    : "";
  const syntax = report.syntax?.examples.length
    ? `<table><thead><tr><th>Rejected by the syntax check (no predicate)</th></tr></thead><tbody>${report.syntax.examples
        .map((entry) => `<tr><td class="text">${escapeHtml(entry.text)}</td></tr>`)
        .join("")}</tbody></table>`
    : "";
  return `<h3>Model-based checks (worker)</h3><ul>${lines.map((line) => `<li>${escapeHtml(line)}</li>`).join("")}</ul>${discriminator}${lowest}${syntax}`;
}

/** One record: its text, then every decision about it behind a click (votes, rubric, rule checks). */
function recordRow(record: RecordExample, extra = ""): string {
  const decisions = record.decisions
    .map((decision) => {
      const details = decision.details as { votes?: string[]; score?: number; reason?: string } | undefined;
      const votes = details?.votes ? ` — votes: ${details.votes.join(", ")}` : "";
      const score =
        typeof details?.score === "number" ? ` — score ${details.score}: ${details.reason ?? ""}` : "";
      return `<li><b>${escapeHtml(decision.check)}</b> ${escapeHtml(decision.decision)}${decision.reason ? `: ${escapeHtml(decision.reason)}` : ""}${escapeHtml(votes)}${escapeHtml(score)}</li>`;
    })
    .join("");
  const label =
    record.label === undefined ? "" : `<span class="badge skip">${escapeHtml(record.label)}</span> `;
  return `<tr><td class="text">${label}${escapeHtml(record.text)}<details><summary class="muted">${escapeHtml(record.condition || "no condition")} · ${record.decisions.length} decisions</summary><ul>${decisions}</ul><div class="muted">${escapeHtml(record.id)}</div></details></td>${extra}</tr>`;
}

function recordsSection(report: QualityReport): string {
  const records = report.records;
  if (!records) return "";
  const accepted = records.acceptedByCondition
    .map(
      (group) =>
        `<tr><th colspan="1">${escapeHtml(group.condition || "all records")} <span class="muted">(${group.accepted} accepted)</span></th></tr>${group.examples.map((record) => recordRow(record)).join("")}`,
    )
    .join("");
  const rejected = records.rejectedByReason
    .map(
      (group) =>
        `<tr><th colspan="2">${escapeHtml(group.reason)} <span class="muted">(${group.count} rejected)</span></th></tr>${group.examples
          .map((record) => recordRow(record, `<td class="muted">${escapeHtml(record.reason ?? "")}</td>`))
          .join("")}`,
    )
    .join("");
  const lowest = records.lowestScoring.map((record) => recordRow(record)).join("");
  const judge = report.judge
    ? `<p>The judge annotated ${formatNumber(report.judge.judged)} records from their text alone and confirmed ${formatNumber(report.judge.confirmed)} (${formatNumber(report.judge.confirmedShare, { percent: true })}); ${formatNumber(report.judge.agreementRate, { percent: true })} of its annotations agreed with the record.${report.judge.rubric ? ` Rubric: mean ${formatNumber(report.judge.rubric.mean, { digits: 2 })} over ${formatNumber(report.judge.rubric.scored)} records, ${formatNumber(report.judge.rubric.rejected)} under the threshold.` : ""} Click a record for every decision about it.</p>`
    : `<p class="muted">The judge was off. Click a record for every decision about it.</p>`;
  return `${judge}
<h3>Accepted records by condition</h3><table><tbody>${accepted || `<tr><td class="muted">None.</td></tr>`}</tbody></table>
<h3>Rejected records by reason</h3><table><thead><tr><th>Record</th><th>Why</th></tr></thead><tbody>${rejected || `<tr><td class="muted">None rejected.</td></tr>`}</tbody></table>
<h3>Accepted records the judge was least sure of</h3><table><tbody>${lowest || `<tr><td class="muted">None judged.</td></tr>`}</tbody></table>`;
}

function spotCheck(report: QualityReport): string {
  const spot = report.spotCheck;
  if (!spot) return "";
  return `<table><tbody>
<tr><td>Sampled</td><td class="number">${formatNumber(spot.sampled)}</td></tr>
<tr><td>Reviewed</td><td class="number">${formatNumber(spot.reviewed)}</td></tr>
<tr><td>Wrong</td><td class="number">${formatNumber(spot.wrong)}</td></tr>
<tr><td>Error rate (Wilson 95%)</td><td class="number">${formatNumber(spot.errorRate.value, { percent: true })} [${formatNumber(spot.errorRate.lower, { percent: true })}, ${formatNumber(spot.errorRate.upper, { percent: true })}]</td></tr>
${spot.reasons.map((reason) => `<tr><td class="muted">${escapeHtml(reason.reason)}</td><td class="number">${reason.count}</td></tr>`).join("")}
</tbody></table>`;
}

/** The body of the report: summary cards, gates, warnings, then one section per concern. */
export function reportSections(report: QualityReport, charts: ReportCharts): string {
  const failed = report.gates.filter((gate) => gate.status === "fail").length;
  const cards = [
    card("Records", formatNumber(report.counts.records), `${formatNumber(report.counts.accepted)} accepted`),
    card(
      "Gates",
      failed === 0 ? "all pass" : `${failed} failed`,
      `${report.gates.filter((gate) => gate.status === "pass").length} pass`,
    ),
    card(
      "Labels confirmed",
      formatNumber(report.judge?.confirmedShare, { percent: true }),
      report.judge ? `${report.judge.confirmed} of ${report.judge.judged} judged` : "judge off",
    ),
    card(
      "Entropy",
      `${formatNumber(report.metrics.diversity.entropy, { digits: 2 })} bits`,
      report.reference ? `reference ${formatNumber(report.reference.diversity.entropy, { digits: 2 })}` : "",
    ),
    card(
      "Duplicates",
      formatNumber(report.duplicateRate, { percent: true }),
      `${report.filters.exactDuplicates.rejected} exact, ${report.filters.nearDuplicates.rejected} near`,
    ),
    card(
      "Adversarial AUC",
      formatNumber(report.adversarial?.auc, { digits: 3 }),
      report.adversarial ? "0.5 = indistinguishable" : "no reference",
    ),
    card(
      "Sensitive",
      formatNumber(report.filters.sensitive.recordsWithHits),
      `records, ${report.filters.sensitive.action}`,
    ),
  ].join("");
  const warnings =
    report.warnings.length > 0
      ? `<div class="warnings"><ul>${report.warnings.map((warning) => `<li>${escapeHtml(warning)}</li>`).join("")}</ul></div>`
      : "";
  return [
    `<div class="cards">${cards}</div>`,
    warnings,
    section("Gates", gatesTable(report)),
    section("Records", recordsSection(report)),
    section("Labels the judge confused", labelConfusionSection(report)),
    section("Balance against the plan", charts.balance ? `<div class="grid">${charts.balance}</div>` : ""),
    section("Length", `<div class="grid">${charts.length}</div>`),
    section("Diversity and domain fit", `<div class="grid">${charts.diversity}</div>`),
    section("Filters", `<div class="grid">${charts.filters}</div>`),
    section("Duplicate clusters", duplicatesTable(report)),
    section(
      "Realism (adversarial validation)",
      `${charts.adversarial ? `<div class="grid">${charts.adversarial}</div><br>` : ""}${adversarialTables(report)}${workerChecksHtml(report)}`,
    ),
    section("Human spot-check", spotCheck(report)),
    section("Trend across rounds", charts.trend),
    section("Training", charts.training),
    section("Evaluation: base vs tuned", charts.evaluation),
    `<footer>Definitions: METRICS.md. Every number is in report.json. Timings (ms): ${escapeHtml(
      Object.entries(report.timings)
        .map(([name, ms]) => `${name} ${ms}`)
        .join(", "),
    )}.</footer>`,
  ].join("\n");
}
