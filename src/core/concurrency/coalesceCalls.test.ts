import { describe, expect, it } from "vitest";
import { coalesceCalls } from "./coalesceCalls.js";

describe("coalesceCalls", () => {
  it("sends the items of calls made together in one batch and gives each caller its own results", async () => {
    const batches: number[][] = [];
    const double = coalesceCalls(async (items: number[]) => {
      batches.push(items);
      return items.map((item) => item * 2);
    });
    const [a, b, c] = await Promise.all([double([1, 2]), double([3]), double([4, 5, 6])]);
    expect(batches).toEqual([[1, 2, 3, 4, 5, 6]]);
    expect([a, b, c]).toEqual([[2, 4], [6], [8, 10, 12]]);
  });

  it("runs one batch at a time and groups the calls made while one runs into the next", async () => {
    const batches: string[][] = [];
    let release: () => void = () => {};
    let concurrent = 0;
    let most = 0;
    const upper = coalesceCalls(async (items: string[]) => {
      batches.push(items);
      concurrent += 1;
      most = Math.max(most, concurrent);
      if (batches.length === 1) await new Promise<void>((resolve) => (release = resolve));
      concurrent -= 1;
      return items.map((item) => item.toUpperCase());
    });
    const first = upper(["a"]);
    await new Promise((resolve) => setImmediate(resolve));
    const later = [upper(["b"]), upper(["c", "d"])];
    await new Promise((resolve) => setImmediate(resolve));
    expect(batches).toEqual([["a"]]);
    release();
    expect(await first).toEqual(["A"]);
    expect(await Promise.all(later)).toEqual([["B"], ["C", "D"]]);
    expect(batches).toEqual([["a"], ["b", "c", "d"]]);
    expect(most).toBe(1);
  });

  it("rejects every caller of a failed batch and still runs the next", async () => {
    let calls = 0;
    const flaky = coalesceCalls(async (items: number[]) => {
      calls += 1;
      if (calls === 1) throw new Error("worker gone");
      return items;
    });
    const failed = await Promise.allSettled([flaky([1]), flaky([2])]);
    expect(failed.map((result) => result.status)).toEqual(["rejected", "rejected"]);
    expect(await flaky([3])).toEqual([3]);
    expect(await flaky([])).toEqual([]);
    expect(calls).toBe(2);
  });
});
