import { sleep } from "../../core/concurrency/sleep.js";
import { CancelledError } from "../../core/errors/CancelledError.js";
import type { EventSink } from "../../core/events.js";
import { emptyGenerationStats, type GenerationStats } from "../../generate/generateRecords.js";
import type { SlotClaims, WorkerCounts } from "../../store/SlotClaims.js";
import type { SlotRow, Store } from "../../store/Store.js";

/** One generator process among several on a run (`synthforge run --worker`). */
export interface WorkerSettings {
  /** Unique among the run's workers: host, process id and a random part by default. */
  id: string;
  host: string;
  pid: number;
  /** Seconds a claimed slot stays this worker's without a heartbeat [60]; then others may claim it. */
  leaseSeconds: number;
  /** Slots claimed at once. */
  batch: number;
  /** Milliseconds between looks for claimable slots while others hold the rest [min(1000, lease/4)]. */
  pollMs?: number;
}

/** What one worker's generation did, and whether this process holds the run's finishing lock. */
export interface WorkerOutcome {
  stats: GenerationStats;
  /** True when this process took the finishing lock: rounds' hooks, gates and the export are its job. */
  finishing: boolean;
}

/**
 * The generation of one worker: claim a batch of open slots under a lease, prepare them (the
 * round's `beforeRound` hooks: strategies, steering), generate them, give back what was not
 * filled, and again, until no slot is claimable and none is leased by another live worker
 * (a dead worker's slots come back once its lease expires). A heartbeat extends the leases
 * while the batch is generated and stores this worker's counts for `runs show`. At the end
 * the worker tries the run's finishing lock; only the one that gets it goes on to finish.
 */
export async function generateAsWorker(
  store: Store & SlotClaims,
  runId: string,
  worker: WorkerSettings,
  work: {
    prepare(slots: SlotRow[]): Promise<SlotRow[]>;
    generate(slots: SlotRow[]): Promise<GenerationStats>;
    /** Dollars for tokens (the model's price), for the worker's counts. */
    costOf?(usage: { inputTokens: number; outputTokens: number }): number;
    events: EventSink;
    signal: AbortSignal | undefined;
  },
): Promise<WorkerOutcome> {
  const session = emptyGenerationStats();
  const counts: WorkerCounts = { records: 0, accepted: 0, inputTokens: 0, outputTokens: 0, costUsd: 0 };
  const lease = worker.leaseSeconds;
  const pollMs = worker.pollMs ?? Math.min(1000, (lease * 1000) / 4);
  let state = "generating";
  const beat = () => store.heartbeat(runId, worker.id, lease, state, counts);
  store.registerWorker(runId, worker);
  const timer = setInterval(beat, Math.max(50, (lease * 1000) / 3));
  timer.unref();
  // Two claim loops share the model: while one waits for the last answers of its batch, the
  // other's requests keep the model's places busy (its limiter caps what is in flight).
  const lanes = [0, 1].map((lane) => `${worker.id}/${lane}`);
  let failure: { error: unknown } | undefined;
  const runLane = async (owner: string) => {
    for (;;) {
      if (failure !== undefined) return;
      if (work.signal?.aborted) throw new CancelledError();
      const claimed = store.claimSlots(
        runId,
        owner,
        Math.max(1, Math.ceil(worker.batch / lanes.length)),
        lease,
      );
      if (claimed.length === 0) {
        const progress = store.slotProgress(runId);
        if (progress.claimable === 0 && progress.leased === 0) return;
        if (progress.claimable === 0) {
          if (state !== "waiting") {
            state = "waiting";
            beat();
            work.events({
              type: "log",
              level: "info",
              message: `worker ${worker.id}: ${progress.leased} slot(s) held by workers still generating; waiting for them or for their leases to expire`,
            });
          }
          await sleep(pollMs, work.signal);
        }
        continue;
      }
      state = "generating";
      const stats = await work.generate(await work.prepare(claimed));
      for (const key of Object.keys(session) as (keyof GenerationStats)[]) session[key] += stats[key];
      counts.records = session.accepted + session.rejected;
      counts.accepted = session.accepted;
      counts.inputTokens = session.inputTokens + session.judgeInputTokens;
      counts.outputTokens = session.outputTokens + session.judgeOutputTokens;
      counts.costUsd =
        work.costOf?.({ inputTokens: session.inputTokens, outputTokens: session.outputTokens }) ?? 0;
      store.releaseSlots(runId, owner);
      beat();
    }
  };
  await Promise.all(
    lanes.map((owner) =>
      runLane(owner).catch((error: unknown) => {
        failure ??= { error };
      }),
    ),
  );
  clearInterval(timer);
  if (failure !== undefined) {
    // Cancelled or failed: the slots go back at once rather than after the lease.
    state = work.signal?.aborted ? "stopped" : "failed";
    try {
      for (const owner of lanes) store.releaseSlots(runId, owner);
      beat();
    } catch {
      // The store itself failed; the leases expire on their own.
    }
    throw failure.error;
  }
  const finishing = store.tryFinishing(runId);
  state = finishing ? "finishing" : "done";
  beat();
  return { stats: session, finishing };
}

/** Marks a worker's end in the store (after finishing, or when another process finishes). */
export function endWorker(
  store: Store & SlotClaims,
  runId: string,
  worker: WorkerSettings,
  state: "done" | "failed" | "stopped",
): void {
  const row = store.listWorkers(runId).find((each) => each.workerId === worker.id);
  if (row === undefined) return;
  store.heartbeat(runId, worker.id, worker.leaseSeconds, state, row);
}
