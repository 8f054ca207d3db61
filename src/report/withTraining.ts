import type { QualityReport } from "../quality/QualityReport.js";
import type { Store } from "../store/Store.js";
import { runCost } from "./cost/runCost.js";
import type { RunReport } from "./RunReport.js";
import { summarizeTraining } from "./summarizeTraining.js";

/**
 * The report of a run with the run's training jobs and evaluations from the store attached
 * (`training`), so report.html shows loss curves and base-vs-tuned results, and what the run
 * cost (`cost`); a report of a file, or of a run that has neither, comes back without
 * `training`, and a report of a file without `cost`.
 */
export function withTraining(report: QualityReport | RunReport, store: Store): RunReport {
  const { training: _previous, cost: _previousCost, ...rest } = report as RunReport;
  if (report.source.kind !== "run") return rest;
  const cost = runCost(store, report.source.runId);
  const { training, warnings } = summarizeTraining(
    store.listArtifacts(report.source.runId, "training-job"),
    store.listArtifacts(report.source.runId, "evaluation"),
  );
  return {
    ...rest,
    ...(training === undefined ? {} : { training }),
    cost,
    warnings: [...new Set([...rest.warnings, ...warnings])],
  };
}
