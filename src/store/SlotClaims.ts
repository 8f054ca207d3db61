import type { SlotRow, Store } from "./Store.js";

/** What one generator process has done on a run, as it reports with each heartbeat. */
export interface WorkerCounts {
  records: number;
  accepted: number;
  inputTokens: number;
  outputTokens: number;
  costUsd: number;
}

/** One generator process of a run, as `runs show` lists it. */
export interface WorkerRow extends WorkerCounts {
  workerId: string;
  host: string;
  pid: number;
  /** `generating`, `waiting` (for slots others hold), `finishing`, `done`, `failed`, `stopped` (Ctrl-C). */
  state: string;
  startedAt: string;
  heartbeatAt: string;
  /** True while its heartbeat is younger than its lease. */
  live: boolean;
  /** Stored records per second since it started. */
  recordsPerSecond: number;
}

/**
 * Several generator processes on one run (`synthforge run --worker`): each claims open plan
 * slots for a lease (`SELECT … FOR UPDATE SKIP LOCKED`), renews the lease while it works and
 * releases what it did not fill. A slot whose worker died is claimable again once its lease
 * has expired. Only the Postgres store has this: SQLite takes one writing process.
 */
export interface SlotClaims {
  /** Records (or refreshes) a worker of the run. */
  /** Lists the worker as live for one lease from now, until its heartbeats take over. */
  registerWorker(
    runId: string,
    worker: { id: string; host: string; pid: number; leaseSeconds: number },
  ): void;
  /** Claims up to `count` open slots that nobody holds (or whose lease expired), lowest index first. */
  claimSlots(runId: string, workerId: string, count: number, leaseSeconds: number): SlotRow[];
  /**
   * Extends the leases the worker holds (claimed under its id, or under `id/lane` by one of its
   * claim loops) and stores its state and counts (for `runs show`).
   */
  heartbeat(runId: string, workerId: string, leaseSeconds: number, state: string, counts: WorkerCounts): void;
  /** Gives back the worker's leases (slots it filled or exhausted are no longer open anyway). */
  releaseSlots(runId: string, workerId: string): void;
  /** Open slots nobody holds, and open slots held under a lease that has not expired. */
  slotProgress(runId: string): { claimable: number; leased: number };
  /**
   * Takes the run's finishing lock (rounds, gates and the export happen once), held until
   * `releaseFinishing` or until this process's connection ends; false when another holds it.
   */
  tryFinishing(runId: string): boolean;
  releaseFinishing(runId: string): void;
  listWorkers(runId: string): WorkerRow[];
}

/** True for a store that can share a run between several generator processes. */
export function hasSlotClaims(store: Store): store is Store & SlotClaims {
  return typeof (store as Partial<SlotClaims>).claimSlots === "function";
}
