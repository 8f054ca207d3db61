import { describe, expect, it } from "vitest";
import { createLimiter } from "./createLimiter.js";

describe("createLimiter", () => {
  it("admits up to the limit and queues the rest in order", async () => {
    const limiter = createLimiter(2);
    const order: number[] = [];
    await limiter.acquire();
    await limiter.acquire();
    const third = limiter.acquire().then(() => order.push(3));
    const fourth = limiter.acquire().then(() => order.push(4));
    expect(limiter.waiting).toBe(2);
    limiter.release();
    await third;
    limiter.release();
    await fourth;
    expect(order).toEqual([3, 4]);
    expect(limiter.active).toBe(2);
  });

  it("drops a waiter whose signal aborts", async () => {
    const limiter = createLimiter(1);
    await limiter.acquire();
    const controller = new AbortController();
    const waiting = limiter.acquire(controller.signal);
    controller.abort(new Error("stop"));
    await expect(waiting).rejects.toThrow("stop");
    expect(limiter.waiting).toBe(0);
    limiter.release();
    expect(limiter.active).toBe(0);
  });
});
