/** One gate's verdict: the measured value against its threshold. */
export interface GateResult {
  /** Gate name as in `quality.gates` (entropy, duplicateRate, ...). */
  gate: string;
  /** What is measured, in words. */
  metric: string;
  /** Measured value; undefined when the metric could not be measured (see `note`). */
  value: number | undefined;
  threshold: number;
  comparison: ">=" | "<=";
  status: "pass" | "fail" | "not measured";
  note: string | undefined;
}
