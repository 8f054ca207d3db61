import { SynthforgeError } from "../core/errors/SynthforgeError.js";

/**
 * A verdict or undo that cannot be applied, in one sentence; `status` is the HTTP status the
 * review app answers with (400 malformed, 404 unknown record or verdict, 409 no longer
 * applicable). Nothing was stored.
 */
export class ReviewRequestError extends SynthforgeError {
  readonly status: 400 | 404 | 409;

  constructor(message: string, status: 400 | 404 | 409 = 400) {
    super(message, { exitCode: 2 });
    this.status = status;
  }
}
