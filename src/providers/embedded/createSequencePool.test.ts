import { describe, expect, it } from "vitest";
import { CancelledError } from "../../core/errors/CancelledError.js";
import { createSequencePool } from "./createSequencePool.js";

describe("createSequencePool", () => {
  it("serves waiting callers first come, first served, so no request is starved by later ones", async () => {
    const pool = createSequencePool(["a", "b"]);
    const held = [await pool.acquire(), await pool.acquire()];
    expect(pool.busy).toBe(2);
    const order: number[] = [];
    const waiting = [0, 1, 2, 3].map((index) =>
      pool.acquire().then((item) => {
        order.push(index);
        return item;
      }),
    );
    expect(pool.waiting).toBe(4);
    for (const item of held) pool.release(item);
    const [first, second] = await Promise.all(waiting.slice(0, 2));
    pool.release(first!);
    pool.release(second!);
    await Promise.all(waiting);
    expect(order).toEqual([0, 1, 2, 3]);
    expect(pool.waiting).toBe(0);
  });

  it("drops a waiter whose request is cancelled, and hands the item to the next one", async () => {
    const pool = createSequencePool(["only"]);
    const item = await pool.acquire();
    const controller = new AbortController();
    const gone = pool.acquire(controller.signal);
    const next = pool.acquire();
    controller.abort();
    await expect(gone).rejects.toBeInstanceOf(CancelledError);
    pool.release(item);
    expect(await next).toBe("only");
    expect(pool.busy).toBe(1);
    pool.release("only");
    expect(pool.busy).toBe(0);
  });

  it("hands out the first idle item in order, so the sequences in use keep the lowest ids", async () => {
    const pool = createSequencePool([0, 1, 2, 3]);
    const held = [await pool.acquire(), await pool.acquire(), await pool.acquire()];
    expect(held).toEqual([0, 1, 2]);
    pool.release(1);
    pool.release(0);
    // 1 and 0 are idle again: the next caller gets 0, then 1, then 3, never 3 before them.
    expect([await pool.acquire(), await pool.acquire(), await pool.acquire()]).toEqual([0, 1, 3]);
  });
});
