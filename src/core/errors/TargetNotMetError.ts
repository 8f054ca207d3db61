import { SynthforgeError } from "./SynthforgeError.js";

/** A run spent its rounds (or budget) before producing the requested number of accepted records. */
export class TargetNotMetError extends SynthforgeError {
  readonly accepted: number;
  readonly target: number;

  constructor(accepted: number, target: number, why: string) {
    super(
      `Produced ${accepted} of ${target} accepted records: ${why}; rerun the same command to continue, or raise generation.maxAttempts or strategies.rounds.maximum.`,
      { exitCode: 7 },
    );
    this.accepted = accepted;
    this.target = target;
  }
}
