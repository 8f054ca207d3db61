import { describe, expect, it } from "vitest";
import { createAdaptiveLimiter } from "./createAdaptiveLimiter.js";

const answered = (latencyMs: number) => ({ kind: "answered", latencyMs }) as const;

describe("createAdaptiveLimiter", () => {
  it("doubles per window in slow start, then halves on overload and grows by one per window", () => {
    const limiter = createAdaptiveLimiter({ maximum: 100, initial: 4 });
    for (let i = 0; i < 4; i += 1) limiter.record(answered(10));
    expect(limiter.limit).toBe(8);
    for (let i = 0; i < 8; i += 1) limiter.record(answered(10));
    expect(limiter.limit).toBe(16);
    limiter.record({ kind: "overloaded" });
    expect(limiter.limit).toBe(8);
    expect(limiter.decreases).toBe(1);
    for (let i = 0; i < 8; i += 1) limiter.record(answered(10));
    expect(limiter.limit).toBe(9);
  });

  it("never leaves [minimum, maximum]", () => {
    const limiter = createAdaptiveLimiter({ maximum: 6, minimum: 2, initial: 6 });
    for (let i = 0; i < 10; i += 1) limiter.record({ kind: "overloaded" });
    expect(limiter.limit).toBe(2);
    for (let i = 0; i < 200; i += 1) limiter.record(answered(10));
    expect(limiter.limit).toBe(6);
  });

  it("cuts once for the attempts that were in flight at the cut", async () => {
    const limiter = createAdaptiveLimiter({ maximum: 16, initial: 16 });
    for (let i = 0; i < 10; i += 1) await limiter.acquire();
    limiter.record({ kind: "overloaded" });
    expect(limiter.limit).toBe(8);
    // The other nine attempts in flight saw the same congestion.
    for (let i = 0; i < 9; i += 1) limiter.record({ kind: "overloaded" });
    expect(limiter.limit).toBe(8);
    limiter.record({ kind: "overloaded" });
    expect(limiter.limit).toBe(4);
  });

  it("cuts when a window's mean latency grows past the tolerance over the best window", () => {
    const limiter = createAdaptiveLimiter({ maximum: 64, initial: 4, latencyTolerance: 2 });
    for (let i = 0; i < 4; i += 1) limiter.record(answered(100));
    expect(limiter.limit).toBe(8);
    for (let i = 0; i < 8; i += 1) limiter.record(answered(150));
    expect(limiter.limit).toBe(16);
    for (let i = 0; i < 16; i += 1) limiter.record(answered(450));
    expect(limiter.limit).toBe(8);
    // The slower server is the new baseline: the same latency does not cut again.
    for (let i = 0; i < 8; i += 1) limiter.record(answered(450));
    expect(limiter.limit).toBe(9);
  });

  it("admits no waiter while the holders exceed a lowered limit", async () => {
    const limiter = createAdaptiveLimiter({ maximum: 4, initial: 4 });
    for (let i = 0; i < 4; i += 1) await limiter.acquire();
    let admitted = 0;
    const waiters = [limiter.acquire(), limiter.acquire()].map((promise) =>
      promise.then(() => (admitted += 1)),
    );
    limiter.record({ kind: "overloaded" });
    expect(limiter.limit).toBe(2);
    limiter.release();
    limiter.release();
    await Promise.resolve();
    expect(admitted).toBe(0);
    limiter.release();
    await waiters[0];
    expect(admitted).toBe(1);
    expect(limiter.active).toBe(2);
    expect(limiter.waiting).toBe(1);
  });
});
