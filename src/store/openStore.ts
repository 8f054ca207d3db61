import path from "node:path";
import Database from "better-sqlite3";
import { StoreError } from "../core/errors/StoreError.js";
import { SynthforgeError } from "../core/errors/SynthforgeError.js";
import { makeDirectorySync } from "../core/fs/makeDirectory.js";
import { inspectStoreFile } from "./inspectStoreFile.js";
import { migrate, migrations } from "./migrations.js";
import { isPostgresUrl, openPostgresStore } from "./openPostgresStore.js";
import { SqliteStore } from "./SqliteStore.js";

/** Where the CLI keeps its store when `--store` is not given: `<cwd>/.synthforge/store.sqlite`. */
export function defaultStorePath(cwd: string = process.cwd()): string {
  return path.join(cwd, ".synthforge", "store.sqlite");
}

export interface OpenStoreOptions {
  /**
   * `create` [default]: create the store, and its folder, when there is none (a run);
   * `existing`: the store must exist already (commands that add to a run it holds);
   * `read`: the store must exist, and is opened read-only, never upgraded (commands that only look).
   */
  mode?: "create" | "existing" | "read";
}

/**
 * Opens the SQLite store at `file` (or, for a `postgres://` URL, the Postgres store: openPostgresStore), in WAL mode with `synchronous=NORMAL`: a committed
 * transaction survives a killed process, and a crash can only lose the transaction that was
 * being written. A file that is not a Synthforge store (another application's database, any
 * other file) is refused with one StoreError before anything is written to it.
 */
export function openStore(file: string = defaultStorePath(), options: OpenStoreOptions = {}): SqliteStore {
  const mode = options.mode ?? "create";
  // `postgres://user@host/db`: the same store in PostgreSQL (password from PGPASSWORD).
  if (isPostgresUrl(file)) return openPostgresStore({ kind: "pg", url: file }, { mode });
  const found = inspectStoreFile(file);
  if (found.kind === "absent" && mode !== "create") {
    throw new StoreError(
      `No store at ${file}; \`synthforge run <recipe>\` creates one, or pass --store with the path of an existing store.`,
      { file },
    );
  }
  if (found.kind === "empty" && mode !== "create") {
    throw new StoreError(
      `${file} is an empty file, not a Synthforge store; pass --store with the store's path.`,
      {
        file,
      },
    );
  }
  if (found.kind === "store" && mode === "read" && found.schemaVersion < migrations.length) {
    throw new StoreError(
      `${file} uses store schema ${found.schemaVersion}, and this version reads schema ${migrations.length}; a command that writes to it (such as \`synthforge run\`) upgrades it first.`,
      { file },
    );
  }
  let database: Database.Database | undefined;
  try {
    if (mode === "read") {
      database = openForReading(file);
      database.pragma("busy_timeout = 10000");
      return new SqliteStore(database, file);
    }
    if (found.kind === "absent") makeDirectorySync(path.dirname(path.resolve(file)), { shownAs: file });
    database = new Database(file);
    database.pragma("journal_mode = WAL");
    database.pragma("synchronous = NORMAL");
    database.pragma("busy_timeout = 10000");
    database.pragma("foreign_keys = ON");
    migrate(database, file);
    return new SqliteStore(database, file);
  } catch (error) {
    database?.close();
    if (error instanceof SynthforgeError) throw error;
    const reason = (error as { code?: string }).code ?? (error as Error).message;
    throw new StoreError(`Cannot open the store ${file} (${reason}); expected a Synthforge SQLite store.`, {
      file,
      cause: error,
    });
  }
}

/**
 * A connection that cannot write (`query_only`). It is opened read-write when the file allows,
 * because SQLite removes the `-wal` and `-shm` files it made only when such a connection
 * closes; a read-only file is opened read-only.
 */
function openForReading(file: string): Database.Database {
  let database: Database.Database;
  try {
    database = new Database(file, { fileMustExist: true });
  } catch {
    return new Database(file, { readonly: true, fileMustExist: true });
  }
  database.pragma("query_only = ON");
  return database;
}
