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

/**
 * A first-come first-served pool over `items` (the sequences of one context) that always hands
 * out the first idle item in `items`' order, so the sequences in use stay the lowest ids.
 * llama.cpp (its KV cache is one stream per sequence under node-llama-cpp) splits a batch into
 * a micro-batch, each a whole pass over the weights, wherever the next sequence id in the batch
 * is not one more than the last: ids in use with gaps cost passes.
 */
export function createSequencePool<Item>(items: readonly Item[]): Pool<Item> {
  const rank = new Map(items.map((item, index) => [item, index]));
  // Idle items, the first in `items`' order last (popped first).
  const idle = [...items].reverse();
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
      if (next) {
        next.resolve(item);
        return;
      }
      const at = idle.findIndex((other) => rank.get(other)! < rank.get(item)!);
      idle.splice(at < 0 ? idle.length : at, 0, item);
    },
  };
}
