import { SynthforgeError } from "./SynthforgeError.js";

/** The user interrupted the work (Ctrl-C); what was done so far is saved. */
export class CancelledError extends SynthforgeError {
  constructor(message = "Cancelled; progress so far is saved and a rerun continues from it.") {
    super(message, { exitCode: 130 });
  }
}
