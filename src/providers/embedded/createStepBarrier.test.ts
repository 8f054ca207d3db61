import { describe, expect, it } from "vitest";
import { createStepBarrier } from "./createStepBarrier.js";

/** Whether a promise has settled once pending callbacks have run. */
async function settled(promise: Promise<unknown>): Promise<boolean> {
  let done = false;
  void promise.then(() => {
    done = true;
  });
  await new Promise((resolve) => setImmediate(resolve));
  return done;
}

describe("createStepBarrier", () => {
  it("releases the members together once the last has taken its token", async () => {
    const barrier = createStepBarrier();
    const [a, b, c] = [barrier.join(), barrier.join(), barrier.join()];
    const first = a.arrive();
    const second = b.arrive();
    expect(await settled(first)).toBe(false);
    expect(barrier.waiting).toBe(2);
    const third = c.arrive();
    expect(await settled(Promise.all([first, second, third]))).toBe(true);
    expect(barrier.waiting).toBe(0);
    // The next step waits again.
    const again = a.arrive();
    expect(await settled(again)).toBe(false);
    b.leave();
    c.leave();
    expect(await settled(again)).toBe(true);
    expect(barrier.members).toBe(1);
  });

  it("never waits for a member that left, nor keeps one whose request was aborted", async () => {
    const barrier = createStepBarrier();
    const alone = barrier.join();
    expect(await settled(alone.arrive())).toBe(true);
    const other = barrier.join();
    const controller = new AbortController();
    const waiting = alone.arrive(controller.signal);
    expect(await settled(waiting)).toBe(false);
    controller.abort();
    expect(await settled(waiting)).toBe(true);
    expect(barrier.waiting).toBe(0);
    alone.leave();
    expect(await settled(other.arrive())).toBe(true);
    other.leave();
    expect(barrier.members).toBe(0);
  });

  it("releases the members in order of sequence id, whatever order they arrived in", async () => {
    const barrier = createStepBarrier();
    const members = [2, 0, 3, 1].map((order) => ({ order, member: barrier.join(order) }));
    const released: number[] = [];
    const steps = members.map(({ order, member }) => member.arrive().then(() => released.push(order)));
    await Promise.all(steps);
    expect(released).toEqual([0, 1, 2, 3]);
  });
});
