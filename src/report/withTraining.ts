import type { QualityReport } from "../quality/QualityReport.js";
import type { Store } from "../store/Store.js";
import type { RunReport } from "./RunReport.js";
import { summarizeTraining } from "./summarizeTraining.js";

/**
 * The report of a run with the run's training jobs and evaluations from the store attached
 * (`training`), so report.html shows loss curves and base-vs-tuned results; a report of a
 * file, or of a run that has neither, comes back without `training`.
 */
export function withTraining(report: QualityReport | RunReport, store: Store): RunReport {
  const { training: _previous, ...rest } = report as RunReport;
  if (report.source.kind !== "run") return rest;
  const { training, warnings } = summarizeTraining(
    store.listArtifacts(report.source.runId, "training-job"),
    store.listArtifacts(report.source.runId, "evaluation"),
  );
  return {
    ...rest,
    ...(training === undefined ? {} : { training }),
    warnings: [...new Set([...rest.warnings, ...warnings])],
  };
}
