import { MessageChannel, receiveMessageOnPort, type Worker } from "node:worker_threads";
import { startModuleWorker } from "../core/concurrency/startModuleWorker.js";
import type { SqlConnection, SyncSqlAnswer, SyncSqlRequest, SyncSqlWorkerData } from "./syncSqlProtocol.js";

/** An error PostgreSQL (or the connection to it) reported, with its SQLSTATE code. */
export class SqlError extends Error {
  readonly code: string | undefined;
  constructor(message: string, code: string | undefined) {
    super(message);
    this.code = code;
  }
}

/** A PostgreSQL session used synchronously: each call blocks until the database answered. */
export interface SyncSql {
  query(text: string, params?: unknown[]): { rows: Record<string, unknown>[]; rowCount: number };
  /** Runs several statements without parameters (DDL). */
  exec(text: string): void;
  /**
   * Sends a write without waiting for it: the SQL thread runs it after everything sent before
   * and before everything sent after (so reads see it), consecutive ones in one transaction.
   * A failure is thrown by the next call that waits.
   */
  writeBehind(request: Extract<SyncSqlRequest, { type: "write" | "put-record" }>): void;
  close(): void;
  readonly open: boolean;
}

/**
 * Starts the SQL thread (syncSqlWorker) and connects it; throws SqlError when the connection
 * fails. Every call posts one request and waits on a shared Int32 for the answer, the way
 * better-sqlite3 is synchronous: the store interface stays the same for both engines. A
 * request that gets no answer within `timeoutMs` fails (the thread is then ended).
 */
export function createSyncSql(connection: SqlConnection, options: { timeoutMs?: number } = {}): SyncSql {
  const timeoutMs = options.timeoutMs ?? 600_000;
  const signal = new SharedArrayBuffer(4);
  const flag = new Int32Array(signal);
  const { port1, port2 } = new MessageChannel();
  const workerData: SyncSqlWorkerData & { port: typeof port2 } = {
    task: "sync-sql",
    connection,
    signal,
    port: port2,
  };
  const worker: Worker = startModuleWorker(new URL("./syncSqlWorker.js", import.meta.url), {
    workerData,
    transferList: [port2],
  });
  // The thread must not keep the process alive on its own; the store closes it.
  worker.unref();
  let open = true;

  const wait = (): SyncSqlAnswer => {
    const result = Atomics.wait(flag, 0, 0, timeoutMs);
    const message = receiveMessageOnPort(port1);
    if (result === "timed-out" || message === undefined) {
      open = false;
      void worker.terminate();
      throw new SqlError(`the database gave no answer within ${Math.round(timeoutMs / 1000)} s`, undefined);
    }
    return message.message as SyncSqlAnswer;
  };

  const call = (request: SyncSqlRequest): { rows: Record<string, unknown>[]; rowCount: number } => {
    if (!open) throw new SqlError("the store is closed", undefined);
    Atomics.store(flag, 0, 0);
    port1.postMessage(request);
    const answer = wait();
    if (!answer.ok) throw new SqlError(answer.message, answer.code);
    return answer;
  };

  const connected = wait();
  if (!connected.ok) {
    open = false;
    void worker.terminate();
    throw new SqlError(connected.message, connected.code);
  }

  return {
    get open() {
      return open;
    },
    query: (text, params = []) => call({ type: "query", text, params }),
    exec: (text) => {
      call({ type: "exec", text });
    },
    writeBehind: (request) => {
      if (!open) throw new SqlError("the store is closed", undefined);
      port1.postMessage(request);
    },
    close: () => {
      if (!open) return;
      try {
        call({ type: "close" });
      } finally {
        open = false;
        port1.close();
        void worker.terminate();
      }
    },
  };
}
