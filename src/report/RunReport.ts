import type { QualityReport } from "../quality/QualityReport.js";
import type { RunCost } from "./cost/runCost.js";
import type { TrainingReport } from "./TrainingReport.js";

/** Everything `report.json` holds: a quality report, with the run's fine-tuning attached when it has any. */
export interface RunReport extends QualityReport {
  /**
   * The run's training jobs (loss curves) and evaluations (base vs tuned), attached from the
   * store when the report is written (`withTraining`); absent when the run has none.
   */
  training?: TrainingReport;
  /** What the run cost (report/cost), attached with `training`; absent for a report of a file. */
  cost?: RunCost;
}
