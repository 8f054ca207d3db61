import { SynthforgeError } from "./SynthforgeError.js";

export interface SourceAttempt {
  /** Where the file was looked for (URL or package). */
  source: string;
  /** Why it did not work. */
  reason: string;
}

/** Every source of a model was tried and none delivered a verified file. */
export class ModelSourceError extends SynthforgeError {
  readonly model: string;
  readonly attempts: SourceAttempt[];

  constructor(model: string, attempts: SourceAttempt[]) {
    const tried = attempts.map((attempt) => `${attempt.source} (${attempt.reason})`).join("; ");
    super(`Could not obtain model "${model}"; tried: ${tried}.`, { exitCode: 3 });
    this.model = model;
    this.attempts = attempts;
  }
}
