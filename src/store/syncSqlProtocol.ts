/** Where the SQL thread connects: a PostgreSQL server, or PGlite (in memory or in a folder) for tests. */
export type SqlConnection = { kind: "pg"; url: string } | { kind: "pglite"; dataDir?: string };

/** What the Postgres store's SQL thread is started with. */
export interface SyncSqlWorkerData {
  task: "sync-sql";
  connection: SqlConnection;
  /** One Int32: 0 while a request is pending, 1 once its answer has been posted. */
  signal: SharedArrayBuffer;
}

/** A record as the SQL thread stores it (putRecord written behind: see PostgresStore.putRecord). */
export interface RecordWrite {
  id: string;
  runId: string;
  slotIndex: number;
  attempt: number;
  round: number;
  status: string;
  reason: string | null;
  data: string | null;
  provenance: string;
  createdAt: string;
  /** The decisions as JSON: [{check_name, decision, reason, details}]. */
  decisions: string;
  /** The reason given to an accepted record for a slot that already holds one. */
  filledReason: string;
}

/**
 * One request to the SQL thread. `query`, `exec` and `close` are answered (the caller waits);
 * `write` and `put-record` are not: the thread runs them in order, consecutive ones in one
 * transaction, and a failure is reported by the next answered request.
 */
export type SyncSqlRequest =
  | { type: "query"; text: string; params: unknown[] }
  | { type: "exec"; text: string }
  | { type: "close" }
  | { type: "write"; text: string; params: unknown[] }
  | { type: "put-record"; record: RecordWrite };

/** The answer to one request. */
export type SyncSqlAnswer =
  | { ok: true; rows: Record<string, unknown>[]; rowCount: number }
  | { ok: false; message: string; code: string | undefined };
