import { createLimiter, type Limiter } from "./createLimiter.js";

/** What became of one HTTP attempt, as the adaptive limiter sees it. */
export type AttemptOutcome =
  /** Answered (any status the server chose that is not a sign of overload), with its latency. */
  | { kind: "answered"; latencyMs: number }
  /** 429, 503, a timeout or a refused connection: the server is saturated. */
  | { kind: "overloaded" };

/** Settings of `createAdaptiveLimiter`. */
export interface AdaptiveLimiterSettings {
  /** The ceiling: never more holders than this (`model.parallel`). */
  maximum: number;
  /** The floor the limit never drops under [1]. */
  minimum?: number;
  /** The limit at the start [min(maximum, 8)]; it doubles per window until the first sign of overload. */
  initial?: number;
  /** Share kept on overload (multiplicative decrease) [0.5]. */
  decrease?: number;
  /**
   * Latency growth that counts as overload: a window whose mean latency exceeds this many
   * times the best window mean seen so far shrinks the limit [2].
   */
  latencyTolerance?: number;
}

/** A limiter whose limit follows the server: additive increase, multiplicative decrease. */
export interface AdaptiveLimiter extends Limiter {
  /** Reports how an attempt ended; the limit moves on these reports. */
  record(outcome: AttemptOutcome): void;
  /** The current limit. */
  readonly limit: number;
  /** Times the limit was cut, since creation. */
  readonly decreases: number;
}

/**
 * Adaptive concurrency for inference servers (AIMD, as TCP and Data Designer's throttle do).
 * The limit starts low and doubles after each window of `limit` answered attempts (slow start)
 * until the first sign of overload; from then on it grows by one per window. A 429, a 503, a
 * timeout or a refused connection cuts it to `decrease` × limit at once, as does a window
 * whose mean latency grew past `latencyTolerance` × the best window seen (the server queues
 * instead of refusing). One cut per window: the attempts already in flight when the limit was
 * cut report the same congestion and do not cut it again. Places are handed out in FIFO
 * order; when the limit drops below the holders, released places are not handed on until
 * the holders are under the new limit.
 */
export function createAdaptiveLimiter(settings: AdaptiveLimiterSettings): AdaptiveLimiter {
  const maximum = Math.max(1, Math.floor(settings.maximum));
  const minimum = Math.min(maximum, Math.max(1, Math.floor(settings.minimum ?? 1)));
  const decrease = settings.decrease ?? 0.5;
  const tolerance = settings.latencyTolerance ?? 2;
  let limit = Math.min(maximum, Math.max(minimum, Math.floor(settings.initial ?? Math.min(maximum, 8))));
  let slowStart = true;
  let decreases = 0;
  // Attempts answered in the current window, and their summed latency.
  let windowCount = 0;
  let windowLatency = 0;
  let bestWindowMean = Number.POSITIVE_INFINITY;
  // Reports still expected from attempts that were in flight at the last cut: ignored.
  let congestionEcho = 0;
  // The places themselves: the shared FIFO semaphore, reading the moving limit.
  const places = createLimiter(() => limit);

  const cut = () => {
    limit = Math.max(minimum, Math.floor(limit * decrease));
    slowStart = false;
    decreases += 1;
    // The attempt that reported holds a place too; the others in flight echo the same congestion.
    congestionEcho = Math.max(0, places.active - 1);
    windowCount = 0;
    windowLatency = 0;
  };

  return {
    get active() {
      return places.active;
    },
    get waiting() {
      return places.waiting;
    },
    get limit() {
      return limit;
    },
    get decreases() {
      return decreases;
    },
    tryAcquire: () => places.tryAcquire(),
    acquire: (signal) => places.acquire(signal),
    release: () => places.release(),
    record(outcome) {
      if (congestionEcho > 0) {
        congestionEcho -= 1;
        return;
      }
      if (outcome.kind === "overloaded") {
        cut();
        return;
      }
      windowCount += 1;
      windowLatency += outcome.latencyMs;
      if (windowCount < limit) return;
      const mean = windowLatency / windowCount;
      windowCount = 0;
      windowLatency = 0;
      if (mean > bestWindowMean * tolerance) {
        cut();
        // The new baseline: a server that stays this slow at the lower limit is not cut again.
        bestWindowMean = mean / tolerance;
        return;
      }
      bestWindowMean = Math.min(bestWindowMean, mean);
      const grown = slowStart ? limit * 2 : limit + 1;
      limit = Math.min(maximum, grown);
      places.wake();
    },
  };
}
