import { CancelledError } from "../errors/CancelledError.js";

/**
 * A point that a long computation awaits between items. At most every `intervalMs` of work it
 * lets the event loop run, so Ctrl-C and SIGTERM handlers, timers and I/O get their turn while
 * it computes, and once `signal` is aborted it throws CancelledError.
 */
export function createYieldPoint(signal?: AbortSignal, intervalMs = 50): () => Promise<void> {
  let last = performance.now();
  return async () => {
    if (performance.now() - last >= intervalMs) {
      await new Promise<void>((resolve) => setImmediate(resolve));
      last = performance.now();
    }
    if (signal?.aborted) throw new CancelledError();
  };
}
