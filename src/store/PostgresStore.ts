import type { GeneratedRecord } from "../core/record.js";
import type { SyncSql } from "./createSyncSql.js";
import { createPostgresDatabase } from "./postgresDatabase.js";
import { postgresTables } from "./postgresMigrations.js";
import type { SlotClaims, WorkerCounts, WorkerRow } from "./SlotClaims.js";
import { SqliteStore } from "./SqliteStore.js";
import type { SlotRow, SlotStatus } from "./Store.js";

/** The advisory-lock space of a run's finishing lock: hashtext(run id) under this class id. */
const finishingLockClass = 0x53594e46;

/**
 * The Store on PostgreSQL: the same statements as SqliteStore (rewritten by postgresDialect),
 * run synchronously over one connection held by a worker thread, plus slot claims for
 * several generator processes. A record is written with its slot row locked (`FOR UPDATE`),
 * so two processes can never both store an accepted record for one slot, even when a lease
 * expired under a worker that was slow rather than dead.
 */
export class PostgresStore extends SqliteStore implements SlotClaims {
  readonly #sql: SyncSql;

  /** `label` is the connection URL without its password, for messages. */
  constructor(sql: SyncSql, label: string) {
    super(createPostgresDatabase(sql, postgresTables), label);
    this.#sql = sql;
  }

  override putRecord(record: GeneratedRecord): void {
    const { runId, slotIndex } = record.provenance;
    this.transaction(() => {
      this.#sql.query("SELECT 1 FROM slots WHERE run_id = $1 AND slot_index = $2 FOR UPDATE", [
        runId,
        slotIndex,
      ]);
      super.putRecord(record);
    });
  }

  registerWorker(runId: string, worker: { id: string; host: string; pid: number }): void {
    this.#sql.query(
      `INSERT INTO workers (run_id, worker_id, host, pid, state) VALUES ($1, $2, $3, $4, 'generating')
       ON CONFLICT (run_id, worker_id) DO UPDATE SET host = EXCLUDED.host, pid = EXCLUDED.pid,
         state = 'generating', heartbeat_at = now()`,
      [runId, worker.id, worker.host, worker.pid],
    );
  }

  claimSlots(runId: string, workerId: string, count: number, leaseSeconds: number): SlotRow[] {
    const { rows } = this.#sql.query(
      `UPDATE slots SET lease_owner = $3, lease_until = now() + make_interval(secs => $4)
       WHERE (run_id, slot_index) IN (
         SELECT run_id, slot_index FROM slots
         WHERE run_id = $1 AND status = 'open' AND (lease_until IS NULL OR lease_until < now())
         ORDER BY slot_index LIMIT $2
         FOR UPDATE SKIP LOCKED)
       RETURNING slot_index, cell, status, attempts`,
      [runId, count, workerId, leaseSeconds],
    );
    return rows
      .map((row) => ({
        index: Number(row.slot_index),
        cell: JSON.parse(String(row.cell)) as Record<string, string>,
        status: row.status as SlotStatus,
        attempts: Number(row.attempts),
      }))
      .sort((a, b) => a.index - b.index);
  }

  heartbeat(
    runId: string,
    workerId: string,
    leaseSeconds: number,
    state: string,
    counts: WorkerCounts,
  ): number {
    return this.transaction(() => {
      const { rowCount } = this.#sql.query(
        `UPDATE slots SET lease_until = now() + make_interval(secs => $3)
         WHERE run_id = $1 AND lease_owner = $2 AND status = 'open'`,
        [runId, workerId, leaseSeconds],
      );
      this.#sql.query(
        `UPDATE workers SET heartbeat_at = now(), state = $3, lease_seconds = $4, records = $5, accepted = $6,
           input_tokens = $7, output_tokens = $8, cost_usd = $9
         WHERE run_id = $1 AND worker_id = $2`,
        [
          runId,
          workerId,
          state,
          leaseSeconds,
          counts.records,
          counts.accepted,
          counts.inputTokens,
          counts.outputTokens,
          counts.costUsd,
        ],
      );
      return rowCount;
    });
  }

  releaseSlots(runId: string, workerId: string): void {
    this.#sql.query(
      "UPDATE slots SET lease_owner = NULL, lease_until = NULL WHERE run_id = $1 AND lease_owner = $2",
      [runId, workerId],
    );
  }

  slotProgress(runId: string): { claimable: number; leased: number } {
    const row = this.#sql.query(
      `SELECT
         COUNT(*) FILTER (WHERE lease_until IS NULL OR lease_until < now()) AS claimable,
         COUNT(*) FILTER (WHERE lease_until >= now()) AS leased
       FROM slots WHERE run_id = $1 AND status = 'open'`,
      [runId],
    ).rows[0]!;
    return { claimable: Number(row.claimable), leased: Number(row.leased) };
  }

  tryFinishing(runId: string): boolean {
    const row = this.#sql.query("SELECT pg_try_advisory_lock($1, hashtext($2)) AS taken", [
      finishingLockClass,
      runId,
    ]).rows[0]!;
    return row.taken === true;
  }

  releaseFinishing(runId: string): void {
    this.#sql.query("SELECT pg_advisory_unlock($1, hashtext($2))", [finishingLockClass, runId]);
  }

  listWorkers(runId: string): WorkerRow[] {
    const { rows } = this.#sql.query(
      `SELECT worker_id, host, pid, state, records, accepted, input_tokens, output_tokens, cost_usd,
         to_char(started_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"') AS started_at,
         to_char(heartbeat_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"') AS heartbeat_at,
         heartbeat_at + make_interval(secs => lease_seconds) >= now() AS live,
         EXTRACT(EPOCH FROM (heartbeat_at - started_at)) AS seconds
       FROM workers WHERE run_id = $1 ORDER BY started_at, worker_id`,
      [runId],
    );
    return rows.map((row) => {
      const seconds = Number(row.seconds);
      const records = Number(row.records);
      return {
        workerId: String(row.worker_id),
        host: String(row.host),
        pid: Number(row.pid),
        state: String(row.state),
        startedAt: String(row.started_at),
        heartbeatAt: String(row.heartbeat_at),
        live: row.live === true && row.state !== "done" && row.state !== "failed",
        records,
        accepted: Number(row.accepted),
        inputTokens: Number(row.input_tokens),
        outputTokens: Number(row.output_tokens),
        costUsd: Number(row.cost_usd),
        recordsPerSecond: seconds > 0 ? records / seconds : 0,
      };
    });
  }
}
