import { mkdirSync } from "node:fs";
import path from "node:path";
import Database from "better-sqlite3";
import { StoreError } from "../core/errors/StoreError.js";
import { migrate } from "./migrations.js";
import { SqliteStore } from "./SqliteStore.js";

/** Where the CLI keeps its store when `--store` is not given: `<cwd>/.synthforge/store.sqlite`. */
export function defaultStorePath(cwd: string = process.cwd()): string {
  return path.join(cwd, ".synthforge", "store.sqlite");
}

/**
 * Opens (creating when absent) the SQLite store at `file`, in WAL mode with
 * `synchronous=NORMAL`: a committed transaction survives a killed process, and a crash
 * can only lose the transaction that was being written.
 */
export function openStore(file: string = defaultStorePath()): SqliteStore {
  let database: Database.Database | undefined;
  try {
    mkdirSync(path.dirname(path.resolve(file)), { recursive: true });
    database = new Database(file);
    database.pragma("journal_mode = WAL");
    database.pragma("synchronous = NORMAL");
    database.pragma("busy_timeout = 10000");
    database.pragma("foreign_keys = ON");
    migrate(database, file);
    return new SqliteStore(database, file);
  } catch (error) {
    database?.close();
    if (error instanceof StoreError) throw error;
    const reason = (error as { code?: string }).code ?? (error as Error).message;
    throw new StoreError(`Cannot open the store ${file} (${reason}); expected a Synthforge SQLite store.`, {
      file,
      cause: error,
    });
  }
}
