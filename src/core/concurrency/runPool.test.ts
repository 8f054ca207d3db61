import { describe, expect, it } from "vitest";
import { runPool } from "./runPool.js";

const tick = () => new Promise((resolve) => setTimeout(resolve, 1));

describe("runPool", () => {
  it("works every item once, in order of taking, with at most `concurrency` in hand", async () => {
    let inHand = 0;
    let most = 0;
    const taken: number[] = [];
    await runPool([1, 2, 3, 4, 5, 6, 7], { concurrency: 3 }, async (item) => {
      taken.push(item);
      inHand += 1;
      most = Math.max(most, inHand);
      await tick();
      inHand -= 1;
    });
    expect(taken).toEqual([1, 2, 3, 4, 5, 6, 7]);
    expect(most).toBe(3);
  });

  it("stops taking items once `stopped` says so", async () => {
    const done: number[] = [];
    await runPool([1, 2, 3, 4, 5], { concurrency: 1, stopped: () => done.length >= 2 }, async (item) => {
      done.push(item);
    });
    expect(done).toEqual([1, 2]);
  });

  it("throws the first error after the items in hand finish, and takes no more", async () => {
    const finished: number[] = [];
    const run = runPool([1, 2, 3, 4, 5, 6], { concurrency: 2 }, async (item) => {
      await tick();
      if (item === 1) throw new Error("item 1 failed");
      finished.push(item);
    });
    await expect(run).rejects.toThrow("item 1 failed");
    expect(finished).toEqual([2]);
  });

  it("runs nothing and resolves for no items", async () => {
    let calls = 0;
    await runPool([], { concurrency: 4 }, async () => {
      calls += 1;
    });
    expect(calls).toBe(0);
  });
});
