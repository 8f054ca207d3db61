import { CancelledError } from "../../core/errors/CancelledError.js";

/** A fixed set of reusable items handed out one caller at a time; extra callers wait in order. */
export interface Pool<Item> {
  acquire(signal?: AbortSignal): Promise<Item>;
  release(item: Item): void;
  /** Callers waiting for an item. */
  readonly waiting: number;
  /** Items handed out and not yet released. */
  readonly busy: number;
}

/** A first-come first-served pool over `items` (the sequences of one context). */
export function createSequencePool<Item>(items: readonly Item[]): Pool<Item> {
  const idle = [...items];
  const waiters: { resolve: (item: Item) => void; reject: (error: Error) => void; signal?: AbortSignal }[] =
    [];
  return {
    get waiting() {
      return waiters.length;
    },
    get busy() {
      return items.length - idle.length;
    },
    acquire(signal) {
      if (signal?.aborted) return Promise.reject(new CancelledError());
      const item = idle.pop();
      if (item !== undefined) return Promise.resolve(item);
      return new Promise<Item>((resolve, reject) => {
        const waiter = { resolve, reject, signal };
        const onAbort = () => {
          const index = waiters.indexOf(waiter);
          if (index >= 0) waiters.splice(index, 1);
          reject(new CancelledError());
        };
        waiter.resolve = (value) => {
          signal?.removeEventListener("abort", onAbort);
          resolve(value);
        };
        signal?.addEventListener("abort", onAbort, { once: true });
        waiters.push(waiter);
      });
    },
    release(item) {
      const next = waiters.shift();
      if (next) next.resolve(item);
      else idle.push(item);
    },
  };
}
