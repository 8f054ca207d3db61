import { runPool } from "../core/concurrency/runPool.js";
import { type EventSink, ignoreEvents } from "../core/events.js";
import type { GateSettings } from "../core/recipe/qualitySchema.js";
import type { QualityDecision } from "../core/record.js";
import type { DatasetRecord } from "./DatasetRecord.js";
import type { FilterOutcome } from "./filters/FilterOutcome.js";
import { evaluateGates } from "./gates/evaluateGates.js";
import type { Judge } from "./judge/createJudge.js";
import { judgeStatistics } from "./metrics/judgeStatistics.js";
import type { QualityReport } from "./QualityReport.js";

/**
 * `check --judge`: the judge's 2-of-3 vote (and rubric) on every record of a user's dataset
 * that passed the filters. Records it refutes move from accepted to rejected in the report, its
 * statistics and the `labelConfirmed` and `rubricMean` gates are filled in. Nothing is stored.
 */
export async function judgeDataset(
  records: readonly DatasetRecord[],
  outcome: FilterOutcome,
  report: QualityReport,
  options: {
    judge: Judge;
    gates: GateSettings;
    labelField: string;
    events?: EventSink;
    signal?: AbortSignal;
  },
): Promise<void> {
  const events = options.events ?? ignoreEvents;
  const kept = [...outcome.kept];
  const decided: { decisions: QualityDecision[] }[] = [];
  events({ type: "task-start", task: "judge", total: kept.length, unit: "records" });
  let done = 0;
  let rejected = 0;
  await runPool(kept, { concurrency: 4, stopped: () => options.signal?.aborted === true }, async (index) => {
    const record = records[index]!;
    const verdict = await options.judge.verify({
      data: { text: record.text ?? "", [options.labelField]: record.label ?? "" },
      cell: record.cell,
      seed: 1_000_003 + index,
      ...(options.signal ? { signal: options.signal } : {}),
    });
    decided.push({ decisions: verdict.decisions });
    const target = outcome.verdicts[index]!;
    target.decisions.push(...verdict.decisions);
    if (verdict.rejectReason !== undefined) {
      rejected += 1;
      target.status = "rejected";
      target.reason = verdict.rejectReason;
      report.counts.rejectedByReason[verdict.rejectReason] =
        (report.counts.rejectedByReason[verdict.rejectReason] ?? 0) + 1;
    }
    done += 1;
    events({
      type: "task-progress",
      task: "judge",
      done,
      total: kept.length,
      detail: `${rejected} refuted`,
    });
  });
  events({ type: "task-end", task: "judge", done });
  outcome.kept = kept.filter((index) => outcome.verdicts[index]!.status === "accepted");
  report.counts.accepted -= rejected;
  report.counts.rejected += rejected;
  report.judge = judgeStatistics(decided);
  report.gates = evaluateGates(report, options.gates);
}
