/**
 * Groups the items of concurrent calls into as few calls of `run` as can be: calls made in the
 * same turn of the event loop, and every call made while a batch is running, go together in
 * the next batch; one batch runs at a time. Each caller gets the results of its own items, in
 * order. A failed batch rejects each of its callers with the error; later batches still run.
 * (The majority vote's BERTScore: the pairs of all votes waiting at once in one worker request.)
 */
export function coalesceCalls<I, O>(
  run: (items: I[]) => Promise<O[]>,
): (items: readonly I[]) => Promise<O[]> {
  interface Waiting {
    items: readonly I[];
    resolve(results: O[]): void;
    reject(error: unknown): void;
  }
  let waiting: Waiting[] = [];
  let running = false;
  let scheduled = false;

  const flush = async (): Promise<void> => {
    scheduled = false;
    if (running || waiting.length === 0) return;
    running = true;
    const batch = waiting;
    waiting = [];
    try {
      const results = await run(batch.flatMap((call) => [...call.items]));
      const expected = batch.reduce((sum, call) => sum + call.items.length, 0);
      if (results.length !== expected) throw new Error(`${results.length} results for ${expected} items`);
      let offset = 0;
      for (const call of batch) {
        call.resolve(results.slice(offset, offset + call.items.length));
        offset += call.items.length;
      }
    } catch (error) {
      for (const call of batch) call.reject(error);
    } finally {
      running = false;
      schedule();
    }
  };
  const schedule = () => {
    if (scheduled || running || waiting.length === 0) return;
    scheduled = true;
    setImmediate(() => void flush());
  };

  return (items) => {
    if (items.length === 0) return Promise.resolve([]);
    return new Promise<O[]>((resolve, reject) => {
      waiting.push({ items, resolve, reject });
      schedule();
    });
  };
}
