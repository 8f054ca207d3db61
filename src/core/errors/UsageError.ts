import { SynthforgeError } from "./SynthforgeError.js";

/** The command line itself is wrong (unknown flag value, missing argument). */
export class UsageError extends SynthforgeError {
  constructor(message: string) {
    super(message, { exitCode: 2 });
  }
}
