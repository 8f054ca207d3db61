/** Admits at most `limit` holders at once; `acquire` waits in FIFO order for a free place. */
export interface Limiter {
  /** Takes a place if one is free now and nobody is waiting; no promise, no tick. */
  tryAcquire(): boolean;
  acquire(signal?: AbortSignal): Promise<void>;
  release(): void;
  /** Holders now. */
  readonly active: number;
  /** Callers waiting for a place. */
  readonly waiting: number;
}

/** A limiter whose limit can move: `wake` hands free places to waiting callers after it grew. */
export interface MovableLimiter extends Limiter {
  wake(): void;
}

/**
 * A counting semaphore with a FIFO wait list: the back-pressure behind `parallel`. Cheaper
 * than a general task queue (one closure per waiting caller, none when a place is free).
 * `limit` may be a function (the adaptive limiter's moving limit): when it drops below the
 * holders, released places are not handed on until the holders are under it again.
 */
export function createLimiter(limit: number | (() => number)): MovableLimiter {
  const limitNow = typeof limit === "number" ? () => limit : limit;
  let active = 0;
  const queue: Array<() => void> = [];
  let head = 0;
  const wake = () => {
    while (active < limitNow() && head < queue.length) {
      const next = queue[head]!;
      head += 1;
      active += 1;
      next();
    }
    if (head > 1024 && head * 2 > queue.length) {
      queue.splice(0, head);
      head = 0;
    }
  };
  return {
    get active() {
      return active;
    },
    get waiting() {
      return queue.length - head;
    },
    tryAcquire() {
      if (active < limitNow() && head === queue.length) {
        active += 1;
        return true;
      }
      return false;
    },
    acquire(signal) {
      if (active < limitNow() && head === queue.length) {
        active += 1;
        return Promise.resolve();
      }
      return new Promise<void>((resolve, reject) => {
        let admitted = false;
        const admit = () => {
          admitted = true;
          signal?.removeEventListener("abort", onAbort);
          resolve();
        };
        const onAbort = () => {
          if (admitted) return;
          const index = queue.indexOf(admit, head);
          if (index >= 0) queue.splice(index, 1);
          reject(signal?.reason);
        };
        signal?.addEventListener("abort", onAbort, { once: true });
        queue.push(admit);
      });
    },
    release() {
      active = Math.max(0, active - 1);
      wake();
    },
    wake,
  };
}
