import { mkdtempSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import type { SynthforgeEvent } from "../core/events.js";
import { openStore } from "../store/openStore.js";
import type { SqliteStore } from "../store/SqliteStore.js";
import { recordId } from "./recordId.js";
import { type AttemptOutcome, type RunSlotsOptions, runSlots } from "./runSlots.js";

let directory: string;
let store: SqliteStore;
const runId = "run-slots";

beforeEach(() => {
  directory = mkdtempSync(path.join(os.tmpdir(), "synthforge-slots-"));
  store = openStore(path.join(directory, "store.sqlite"));
  store.ensureRun({ id: runId, recipeName: "slots", recipeHash: "h", recipe: {}, target: 3 });
  store.putPlan(
    runId,
    [0, 1, 2].map((index) => ({ index, cell: { n: String(index) } })),
  );
});

afterEach(() => {
  store.close();
  rmSync(directory, { recursive: true, force: true });
});

/** An outcome with the fields provenance needs; `accepted` decides the status. */
function outcome(accepted: boolean, seed: number): AttemptOutcome {
  return {
    status: accepted ? "accepted" : "rejected",
    ...(accepted ? {} : { reason: "schema" }),
    data: { text: `seed ${seed}` },
    decisions: [],
    prompt: { messages: [{ role: "user", content: "go" }], template: { id: "t", version: "1" }, fewShot: [] },
    strategy: "plain",
    model: { provider: "fake", id: "m" },
    sampling: { temperature: 0.5, topP: 0.9, topK: 10, maxTokens: 20, seed },
    rawOutput: "{}",
    usage: { inputTokens: 1, outputTokens: 2 },
    timing: { startedAt: new Date(0).toISOString(), durationMs: 1 },
  };
}

function options(attempt: RunSlotsOptions["attempt"], events: SynthforgeEvent[] = []): RunSlotsOptions {
  return {
    runId,
    round: 1,
    store,
    attemptLimit: () => 2,
    target: 3,
    accepted: 0,
    concurrency: 2,
    attempt,
    events: (event) => events.push(event),
  };
}

describe("runSlots", () => {
  it("tries each slot until one attempt is accepted or its attempts run out, storing every outcome", async () => {
    const events: SynthforgeEvent[] = [];
    // Slot 0 is accepted at once, slot 1 on its second attempt, slot 2 never.
    const stats = await runSlots(
      store.listSlots(runId, "open"),
      options(
        async (slot, attempt) => outcome(slot.index === 0 || (slot.index === 1 && attempt === 1), attempt),
        events,
      ),
    );
    expect(stats).toMatchObject({ accepted: 2, rejected: 3, exhausted: 1 });
    expect(store.listSlots(runId).map((slot) => slot.status)).toEqual(["filled", "filled", "exhausted"]);
    const stored = store.listRecords(runId);
    expect(stored.map((record) => record.id).sort()).toEqual(
      [
        recordId(runId, 0, 0),
        recordId(runId, 1, 0),
        recordId(runId, 1, 1),
        recordId(runId, 2, 0),
        recordId(runId, 2, 1),
      ].sort(),
    );
    expect(stored.find((record) => record.id === recordId(runId, 1, 1))!.provenance).toMatchObject({
      slotIndex: 1,
      attempt: 1,
      cell: { n: "1" },
      sampling: { topP: 0.9, topK: 10, maxTokens: 20, seed: 1 },
    });
    expect(events.filter((event) => event.type === "record")).toHaveLength(5);
  });

  it("continues a slot's attempts from its stored counter, so a rerun repeats none", async () => {
    await runSlots(
      store.listSlots(runId, "open"),
      options(async () => outcome(false, 0)),
    );
    for (const slot of store.listSlots(runId)) store.setSlotStatus(runId, slot.index, "open");
    const attempts: number[] = [];
    await runSlots(store.listSlots(runId, "open"), {
      ...options(async (_slot, attempt) => {
        attempts.push(attempt);
        return outcome(true, attempt);
      }),
      attemptLimit: () => 4,
    });
    expect(attempts).toEqual([2, 2, 2]);
  });

  it("starts no attempt once the target is reached, and says so to the attempt that is surplus", async () => {
    const surplus: boolean[] = [];
    const stats = await runSlots(store.listSlots(runId, "open"), {
      ...options(async (_slot, attempt, context) => {
        surplus.push(context.targetReached());
        return outcome(true, attempt);
      }),
      concurrency: 1,
      target: 2,
      accepted: 1,
    });
    expect(stats.accepted).toBe(1);
    expect(surplus).toEqual([false]);
  });

  it("throws a failure, and an error after the run is cancelled ends quietly with what was stored", async () => {
    await expect(
      runSlots(
        store.listSlots(runId, "open"),
        options(async () => Promise.reject(new Error("model broke"))),
      ),
    ).rejects.toThrow("model broke");
    const controller = new AbortController();
    const stats = await runSlots(store.listSlots(runId, "open"), {
      ...options(async (slot, attempt) => {
        if (slot.index === 0) return outcome(true, attempt);
        controller.abort();
        throw new Error("aborted mid-call");
      }),
      concurrency: 1,
      signal: controller.signal,
    });
    expect(stats.accepted).toBe(1);
  });
});
