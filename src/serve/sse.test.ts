import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { paceEvents } from "./sse.js";

describe("paceEvents", () => {
  beforeEach(() => {
    vi.useFakeTimers({ toFake: ["performance", "setTimeout", "clearTimeout"], now: 0 });
  });
  afterEach(() => {
    vi.useRealTimers();
  });

  it("flushes the first piece at once and the next ones with the first piece of a later window", () => {
    const flushed: number[] = [];
    const pacer = paceEvents(40, () => flushed.push(performance.now()));
    vi.advanceTimersByTime(15);
    pacer.poke();
    expect(flushed).toEqual([15]);
    vi.advanceTimersByTime(20); // 35: the same 40 ms window as the first
    pacer.poke();
    vi.advanceTimersByTime(10); // 45: the next window
    pacer.poke();
    expect(flushed).toEqual([15, 45]);
  });

  it("lines the streams' flushes up on the same windows, so their events go out in the same step", () => {
    const flushed: string[] = [];
    const a = paceEvents(40, () => flushed.push(`a@${performance.now()}`));
    const b = paceEvents(40, () => flushed.push(`b@${performance.now()}`));
    vi.advanceTimersByTime(5);
    a.poke();
    vi.advanceTimersByTime(25);
    b.poke();
    vi.advanceTimersByTime(20); // 50: a's and b's pieces held since 5 and 30 go out together
    a.poke();
    b.poke();
    expect(flushed).toEqual(["a@5", "b@30", "a@50", "b@50"]);
  });

  it("flushes a held piece after two intervals when no further piece comes, and not after settle", () => {
    const flushed: number[] = [];
    const pacer = paceEvents(40, () => flushed.push(performance.now()));
    pacer.poke();
    vi.advanceTimersByTime(10);
    pacer.poke();
    vi.advanceTimersByTime(79);
    expect(flushed).toEqual([0]);
    vi.advanceTimersByTime(1);
    expect(flushed).toEqual([0, 90]);
    vi.advanceTimersByTime(5);
    pacer.poke();
    pacer.settle();
    vi.advanceTimersByTime(1000);
    expect(flushed).toEqual([0, 90]);
  });

  it("flushes every piece with an interval of 0", () => {
    let flushes = 0;
    const pacer = paceEvents(0, () => flushes++);
    pacer.poke();
    pacer.poke();
    pacer.poke();
    expect(flushes).toBe(3);
  });
});
