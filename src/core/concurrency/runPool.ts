/** How {@link runPool} runs its items. */
export interface PoolOptions {
  /** Items worked on at once (the model's parallel places); at least 1, at most the item count. */
  concurrency: number;
  /** Checked before each item is taken: true stops the pool taking more (a target reached, a cancel). */
  stopped?: () => boolean;
}

/**
 * The one worker pool of the pipeline: `concurrency` lanes each take the next item, in order,
 * and work on it until the items run out or `stopped` says so. The first error stops every
 * lane from taking another item; once the items in hand are done it is thrown. (Generation and
 * annotation slots, `check --judge`'s records and the bench audit's judge calls all run here.)
 */
export async function runPool<T>(
  items: readonly T[],
  options: PoolOptions,
  work: (item: T) => Promise<void>,
): Promise<void> {
  let next = 0;
  let failure: { error: unknown } | undefined;
  const lane = async () => {
    while (failure === undefined && next < items.length && options.stopped?.() !== true) {
      const item = items[next]!;
      next += 1;
      try {
        await work(item);
      } catch (error) {
        failure ??= { error };
      }
    }
  };
  const lanes = Math.max(1, Math.min(Math.floor(options.concurrency), items.length));
  await Promise.all(Array.from({ length: lanes }, lane));
  if (failure) throw failure.error;
}
