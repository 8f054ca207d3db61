import { type MessagePort, workerData } from "node:worker_threads";
import type { RecordWrite, SyncSqlAnswer, SyncSqlRequest, SyncSqlWorkerData } from "./syncSqlProtocol.js";

/**
 * The thread behind the Postgres store: holds one connection (node-postgres, or PGlite in
 * tests) and runs the statements the store's thread sends, one at a time, in order. Each
 * answer is posted on the port and then signalled through the shared Int32, which the store's
 * thread waits on (Atomics.wait): that is what makes the store synchronous, like SQLite's.
 */
interface Session {
  query(text: string, params: unknown[]): Promise<{ rows: Record<string, unknown>[]; rowCount: number }>;
  exec(text: string): Promise<void>;
  close(): Promise<void>;
}

const data = workerData as SyncSqlWorkerData & { port: MessagePort };
const flag = new Int32Array(data.signal);

function answer(message: SyncSqlAnswer): void {
  data.port.postMessage(message);
  Atomics.store(flag, 0, 1);
  Atomics.notify(flag, 0);
}

function failure(error: unknown): SyncSqlAnswer {
  const { message, code } = error as { message?: string; code?: unknown };
  return {
    ok: false,
    message: message ?? String(error),
    code: typeof code === "string" ? code : undefined,
  };
}

async function connect(): Promise<Session> {
  if (data.connection.kind === "pglite") {
    const { PGlite } = await import("@electric-sql/pglite");
    const database = new PGlite({
      ...(data.connection.dataDir === undefined ? {} : { dataDir: data.connection.dataDir }),
      parsers: { 20: Number, 1700: Number },
    });
    await database.waitReady;
    return {
      query: async (text, params) => {
        const result = await database.query<Record<string, unknown>>(text, params);
        return { rows: result.rows, rowCount: result.affectedRows ?? result.rows.length };
      },
      exec: async (text) => {
        await database.exec(text);
      },
      close: () => database.close(),
    };
  }
  const pg = (await import("pg")).default;
  // COUNT(*) and BIGSERIAL columns are int8: numbers here, as SQLite returns them.
  const types = {
    getTypeParser: (oid: number, format?: "text" | "binary") =>
      oid === 20 || oid === 1700 ? (value: string) => Number(value) : pg.types.getTypeParser(oid, format),
  };
  const client = new pg.Client({ connectionString: data.connection.url, types });
  client.on("error", () => {
    // A dropped connection fails the next query with its own error.
  });
  await client.connect();
  return {
    query: async (text, params) => {
      const result = await client.query({ text, values: params });
      return { rows: result.rows as Record<string, unknown>[], rowCount: result.rowCount ?? 0 };
    },
    exec: async (text) => {
      await client.query(text);
    },
    close: () => client.end(),
  };
}

const ready = connect();
ready.then(
  () => answer({ ok: true, rows: [], rowCount: 0 }),
  (error: unknown) => answer(failure(error)),
);

/** Requests in arrival order; written-behind ones wait here until the thread runs them. */
const queue: SyncSqlRequest[] = [];
let running = false;
/** The failure of a written-behind request, reported by the next answered one. */
let deferredFailure: SyncSqlAnswer | undefined;

const isDeferred = (request: SyncSqlRequest) => request.type === "write" || request.type === "put-record";

async function putRecord(session: Session, record: RecordWrite): Promise<void> {
  // The slot row first: a second writer of the same slot waits here, and the statements
  // after it (each with a fresh snapshot) see what that writer committed.
  await session.query("SELECT 1 FROM slots WHERE run_id = $1 AND slot_index = $2 FOR UPDATE", [
    record.runId,
    record.slotIndex,
  ]);
  const found = (
    await session.query(
      `SELECT EXISTS (SELECT 1 FROM records WHERE id = $1) AS present,
         EXISTS (SELECT 1 FROM records WHERE run_id = $2 AND slot_index = $3 AND status = 'accepted') AS filled`,
      [record.id, record.runId, record.slotIndex],
    )
  ).rows[0]!;
  if (found.present === true) return;
  let status = record.status;
  let reason = record.reason;
  if (status === "accepted" && found.filled === true) {
    status = "rejected";
    reason = record.filledReason;
  }
  // The record, its slot's attempt count (and fill) and its decisions: one statement.
  await session.query(
    `WITH stored AS (
       INSERT INTO records (id, run_id, slot_index, attempt, round, status, reason, data, provenance, created_at)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)
       RETURNING id
     ), counted AS (
       UPDATE slots SET attempts = GREATEST(attempts, $11)${status === "accepted" ? ", status = 'filled'" : ""}
       WHERE run_id = $2 AND slot_index = $3
       RETURNING slot_index
     )
     INSERT INTO decisions (run_id, record_id, check_name, decision, reason, details)
     SELECT $2, $1, e.value->>'check_name', e.value->>'decision', e.value->>'reason', e.value->>'details'
     FROM jsonb_array_elements($12::jsonb) WITH ORDINALITY AS e(value, n)
     ORDER BY n
     ON CONFLICT (record_id, check_name) DO UPDATE SET
       decision = EXCLUDED.decision, reason = EXCLUDED.reason, details = EXCLUDED.details`,
    [
      record.id,
      record.runId,
      record.slotIndex,
      record.attempt,
      record.round,
      status,
      reason,
      record.data,
      record.provenance,
      record.createdAt,
      record.attempt + 1,
      record.decisions,
    ],
  );
}

/** Runs the written-behind requests at the head of the queue in one transaction (one commit). */
async function runDeferred(session: Session, batch: SyncSqlRequest[]): Promise<void> {
  if (deferredFailure !== undefined) return;
  try {
    await session.exec("BEGIN");
    for (const request of batch) {
      if (request.type === "write") await session.query(request.text, request.params);
      else if (request.type === "put-record") await putRecord(session, request.record);
    }
    await session.exec("COMMIT");
  } catch (error) {
    deferredFailure = failure(error);
    await session.exec("ROLLBACK").catch(() => {});
  }
}

async function drain(): Promise<void> {
  if (running) return;
  running = true;
  try {
    while (queue.length > 0) {
      let session: Session;
      try {
        session = await ready;
      } catch (error) {
        queue.length = 0;
        answer(failure(error));
        return;
      }
      if (isDeferred(queue[0]!)) {
        let end = 0;
        while (end < queue.length && end < 256 && isDeferred(queue[end]!)) end += 1;
        await runDeferred(session, queue.splice(0, end));
        continue;
      }
      const request = queue.shift()!;
      if (deferredFailure !== undefined && request.type !== "close") {
        const reported = deferredFailure;
        deferredFailure = undefined;
        answer(reported);
        continue;
      }
      try {
        if (request.type === "close") {
          await session.close();
          // A written-behind request that failed is reported by the close, not lost.
          answer(deferredFailure ?? { ok: true, rows: [], rowCount: 0 });
          data.port.close();
          return;
        }
        if (request.type === "exec") {
          await session.exec(request.text);
          answer({ ok: true, rows: [], rowCount: 0 });
          continue;
        }
        if (request.type === "query")
          answer({ ok: true, ...(await session.query(request.text, request.params)) });
      } catch (error) {
        answer(failure(error));
      }
    }
  } finally {
    running = false;
  }
}

data.port.on("message", (request: SyncSqlRequest) => {
  queue.push(request);
  void drain();
});
