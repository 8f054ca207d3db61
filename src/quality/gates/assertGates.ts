import { GateFailedError } from "../../core/errors/GateFailedError.js";
import type { GateResult } from "./GateResult.js";

/** Throws GateFailedError naming every failed gate with its value and threshold; returns otherwise. */
export function assertGates(results: readonly GateResult[]): void {
  const failures = results
    .filter((result) => result.status === "fail")
    .map((result) => ({
      gate: result.gate,
      value: result.value!,
      threshold: result.threshold,
      comparison: result.comparison,
      ...(result.note ? { note: result.note } : {}),
    }));
  if (failures.length > 0) throw new GateFailedError(failures);
}
