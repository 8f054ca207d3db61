/** One decode's place in a {@link StepBarrier}. */
export interface StepMember {
  /**
   * Resolves once every member has taken its token of this step (at once when it is the last),
   * or when `signal` aborts.
   */
  arrive(signal?: AbortSignal): Promise<void>;
  /** Leaves the barrier (the decode ended); the others no longer wait for it. */
  leave(): void;
}

/** Decodes of one context that ask for their next token together. */
export interface StepBarrier {
  /**
   * A new member; `order` (its sequence id) decides where it is released among the others, so
   * that they queue their tokens in order of sequence id.
   */
  join(order?: number): StepMember;
  /** Members decoding, and how many of them wait for the others. */
  readonly members: number;
  readonly waiting: number;
}

/**
 * Keeps the decodes of one context in step: each member, having taken its token, waits until
 * every other member has taken its own, and then all ask for the next token in the same tick.
 * node-llama-cpp decodes together only the sequences queued when a batch starts, and starts the
 * next batch as soon as the previous one's tokens are sampled; a member whose token is handled a
 * few promise hops later than the others misses it and is decoded in a batch of its own, so
 * without this, `n` streams run in about twice as many batches as tokens.
 */
export function createStepBarrier(): StepBarrier {
  const members = new Set<{ order: number }>();
  let waiters: { member: { order: number }; resolve: () => void }[] = [];
  const releaseWhenAllArrived = () => {
    if (waiters.length === 0 || waiters.length < members.size) return;
    // In order of sequence id: each queues its next token the same number of promise hops after
    // its release, so the batch lists the sequences in ascending order, which llama.cpp decodes
    // in one micro-batch (in the order they arrived, it split into one per break in the order).
    const released = waiters.sort((a, b) => a.member.order - b.member.order);
    waiters = [];
    for (const waiter of released) waiter.resolve();
  };
  return {
    get members() {
      return members.size;
    },
    get waiting() {
      return waiters.length;
    },
    join(order = 0) {
      const member = { order };
      members.add(member);
      return {
        arrive(signal) {
          if (!members.has(member) || signal?.aborted) return Promise.resolve();
          const arrived = new Promise<void>((resolve) => {
            const waiter = {
              member,
              resolve: () => {
                signal?.removeEventListener("abort", onAbort);
                resolve();
              },
            };
            const onAbort = () => {
              waiters = waiters.filter((each) => each !== waiter);
              waiter.resolve();
              releaseWhenAllArrived();
            };
            signal?.addEventListener("abort", onAbort, { once: true });
            waiters.push(waiter);
          });
          // A microtask later, so that the last to arrive awaits its step before any is
          // released: released at once, it would queue its token after all the others.
          queueMicrotask(releaseWhenAllArrived);
          return arrived;
        },
        leave() {
          if (!members.delete(member)) return;
          const own = waiters.filter((waiter) => waiter.member === member);
          waiters = waiters.filter((waiter) => waiter.member !== member);
          for (const waiter of own) waiter.resolve();
          releaseWhenAllArrived();
        },
      };
    },
  };
}
