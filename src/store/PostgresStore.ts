import type Database from "better-sqlite3";
import type { GeneratedRecord } from "../core/record.js";
import type { SyncSql } from "./createSyncSql.js";
import { createPostgresDatabase } from "./postgresDatabase.js";
import { postgresTables } from "./postgresMigrations.js";
import type { SlotClaims, WorkerCounts, WorkerRow } from "./SlotClaims.js";
import { SqliteStore, slotAlreadyFilled } from "./SqliteStore.js";
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
  readonly #database: Database.Database;

  /** `label` is the connection URL without its password, for messages. */
  constructor(sql: SyncSql, label: string) {
    const database = createPostgresDatabase(sql, postgresTables);
    super(database, label);
    this.#sql = sql;
    this.#database = database;
  }

  /**
   * Outside a transaction, the record is written behind: the call returns at once and the SQL
   * thread stores it (slot locked, the same rules as SqliteStore.putRecord) in order with
   * everything else, grouping consecutive writes into one commit; any later read sees it, and
   * a failure is thrown by the next call that waits. A process killed before that commit loses
   * the record as it would lose one whose transaction had not committed: the slot stays open
   * and its attempt is made again, under the same record id.
   */
  override putRecord(record: GeneratedRecord): void {
    const { runId, slotIndex, attempt, round } = record.provenance;
    if (!this.#database.inTransaction) {
      this.#sql.writeBehind({
        type: "put-record",
        record: {
          id: record.id,
          runId,
          slotIndex,
          attempt,
          round,
          status: record.status,
          reason: record.reason ?? null,
          data: record.data === undefined ? null : JSON.stringify(record.data),
          provenance: JSON.stringify(record.provenance),
          createdAt: new Date().toISOString(),
          decisions: JSON.stringify(
            record.decisions.map((decision) => ({
              check_name: decision.check,
              decision: decision.decision,
              reason: decision.reason ?? null,
              details: decision.details === undefined ? null : JSON.stringify(decision.details),
            })),
          ),
          filledReason: slotAlreadyFilled,
        },
      });
      return;
    }
    this.transaction(() => {
      this.#sql.query("SELECT 1 FROM slots WHERE run_id = $1 AND slot_index = $2 FOR UPDATE", [
        runId,
        slotIndex,
      ]);
      super.putRecord(record);
    });
  }

  /** Written behind as well, outside a transaction: a cached answer is one more row per call. */
  override putCachedResponse(key: string, value: unknown): void {
    if (this.#database.inTransaction) {
      super.putCachedResponse(key, value);
      return;
    }
    this.#sql.writeBehind({
      type: "write",
      text: `INSERT INTO response_cache (key, value, created_at) VALUES ($1, $2, $3)
             ON CONFLICT (key) DO UPDATE SET value = EXCLUDED.value, created_at = EXCLUDED.created_at`,
      params: [key, JSON.stringify(value ?? null), new Date().toISOString()],
    });
  }

  registerWorker(
    runId: string,
    worker: { id: string; host: string; pid: number; leaseSeconds: number },
  ): void {
    // The lease is stored from the start: a worker killed before its first heartbeat is gone
    // one lease later, not after the column's default.
    this.#sql.query(
      `INSERT INTO workers (run_id, worker_id, host, pid, state, lease_seconds) VALUES ($1, $2, $3, $4, 'generating', $5)
       ON CONFLICT (run_id, worker_id) DO UPDATE SET host = EXCLUDED.host, pid = EXCLUDED.pid,
         state = 'generating', heartbeat_at = now(), lease_seconds = EXCLUDED.lease_seconds`,
      [runId, worker.id, worker.host, worker.pid, worker.leaseSeconds],
    );
  }

  /**
   * One transaction committed without waiting for the disk (`synchronous_commit = off`): a
   * lease is soft state, and a server crash that lost one only makes its slots claimable
   * again, which the lease rules already allow for. Records keep the durable commit.
   */
  claimSlots(runId: string, workerId: string, count: number, leaseSeconds: number): SlotRow[] {
    if (this.#database.inTransaction) return this.#claim(runId, workerId, count, leaseSeconds);
    this.#sql.exec("BEGIN; SET LOCAL synchronous_commit = off");
    try {
      const claimed = this.#claim(runId, workerId, count, leaseSeconds);
      this.#sql.exec("COMMIT");
      return claimed;
    } catch (error) {
      if (this.#sql.open) this.#sql.exec("ROLLBACK");
      throw error;
    }
  }

  #claim(runId: string, workerId: string, count: number, leaseSeconds: number): SlotRow[] {
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

  /** Written behind (the caller does not wait): extends the worker's leases and stores its counts. */
  heartbeat(
    runId: string,
    workerId: string,
    leaseSeconds: number,
    state: string,
    counts: WorkerCounts,
  ): void {
    this.#sql.writeBehind({
      type: "write",
      text: `UPDATE slots SET lease_until = now() + make_interval(secs => $3)
             WHERE run_id = $1 AND status = 'open' AND (lease_owner = $2 OR starts_with(lease_owner, $2 || '/'))`,
      params: [runId, workerId, leaseSeconds],
    });
    this.#sql.writeBehind({
      type: "write",
      text: `UPDATE workers SET heartbeat_at = now(), state = $3, lease_seconds = $4, records = $5, accepted = $6,
               input_tokens = $7, output_tokens = $8, cost_usd = $9
             WHERE run_id = $1 AND worker_id = $2`,
      params: [
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
    });
  }

  /** Written behind: the slots are claimable by others once the SQL thread has run it. */
  releaseSlots(runId: string, workerId: string): void {
    this.#sql.writeBehind({
      type: "write",
      text: "UPDATE slots SET lease_owner = NULL, lease_until = NULL WHERE run_id = $1 AND lease_owner = $2",
      params: [runId, workerId],
    });
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
