import { SynthforgeError } from "./SynthforgeError.js";

export interface FailedGate {
  gate: string;
  value: number;
  threshold: number;
  /** `>=` when the value must be at least the threshold, `<=` when at most. */
  comparison: ">=" | "<=";
  /** A further condition the gate has (BERTScore's margin over shuffled pairs), in words. */
  note?: string;
}

/** One or more quality gates failed; the sentence names each with its value and threshold. */
export class GateFailedError extends SynthforgeError {
  readonly failures: FailedGate[];

  constructor(failures: FailedGate[]) {
    const parts = failures.map(
      (failure) =>
        `${failure.gate} is ${formatNumber(failure.value)}, needs ${failure.comparison} ${formatNumber(failure.threshold)}${failure.note ? ` (${failure.note})` : ""}`,
    );
    super(`Quality gate failed: ${parts.join("; ")}.`, { exitCode: 5 });
    this.failures = failures;
  }
}

function formatNumber(value: number): string {
  return Number.isInteger(value) ? String(value) : value.toFixed(4).replace(/0+$/, "");
}
