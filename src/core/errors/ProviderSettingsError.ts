import { SynthforgeError } from "./SynthforgeError.js";

/** A provider cannot start with the settings given (no base URL, an API key variable that is not set). */
export class ProviderSettingsError extends SynthforgeError {
  /** Dotted recipe field at fault, e.g. `model.apiKeyEnv`. */
  readonly field: string;

  constructor(field: string, message: string) {
    super(message, { exitCode: 2 });
    this.field = field;
  }
}
