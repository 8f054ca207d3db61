/** Where the SQL thread connects: a PostgreSQL server, or PGlite (in memory or in a folder) for tests. */
export type SqlConnection = { kind: "pg"; url: string } | { kind: "pglite"; dataDir?: string };

/** What the Postgres store's SQL thread is started with. */
export interface SyncSqlWorkerData {
  task: "sync-sql";
  connection: SqlConnection;
  /** One Int32: 0 while a request is pending, 1 once its answer has been posted. */
  signal: SharedArrayBuffer;
}

/** One request to the SQL thread. */
export type SyncSqlRequest =
  | { type: "query"; text: string; params: unknown[] }
  | { type: "exec"; text: string }
  | { type: "close" };

/** The answer to one request. */
export type SyncSqlAnswer =
  | { ok: true; rows: Record<string, unknown>[]; rowCount: number }
  | { ok: false; message: string; code: string | undefined };
