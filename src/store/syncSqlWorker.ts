import { type MessagePort, workerData } from "node:worker_threads";
import type { SyncSqlAnswer, SyncSqlRequest, SyncSqlWorkerData } from "./syncSqlProtocol.js";

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

data.port.on("message", async (request: SyncSqlRequest) => {
  try {
    const session = await ready;
    if (request.type === "close") {
      await session.close();
      answer({ ok: true, rows: [], rowCount: 0 });
      data.port.close();
      return;
    }
    if (request.type === "exec") {
      await session.exec(request.text);
      answer({ ok: true, rows: [], rowCount: 0 });
      return;
    }
    answer({ ok: true, ...(await session.query(request.text, request.params)) });
  } catch (error) {
    answer(failure(error));
  }
});
