import type { QualityReport } from "../quality/QualityReport.js";
import type { Store } from "../store/Store.js";
import { withTraining } from "./withTraining.js";
import { writeReport } from "./writeReport.js";

/**
 * Rewrites a run's report.html and report.json beside its export, from its latest quality
 * check plus the training jobs and evaluations the store holds now, so the report shows a
 * training or evaluation as soon as it is stored. Returns the files, or undefined when the run
 * has no quality check or no export yet (then there is no report to bring up to date).
 */
export async function refreshRunReport(
  store: Store,
  runId: string,
): Promise<{ html: string; json: string } | undefined> {
  const latest = store.listArtifacts(runId, "quality-report").find((artifact) => artifact.name === "latest");
  const exported = store.listArtifacts(runId, "export").at(-1);
  if (latest === undefined || exported === undefined) return undefined;
  return writeReport(withTraining(latest.value as QualityReport, store), exported.name);
}
