import { closeSync, existsSync, openSync, readFileSync, readSync, statSync } from "node:fs";
import Database from "better-sqlite3";
import { StoreError } from "../core/errors/StoreError.js";
import { describeFileSystemError } from "../core/fs/describeFileSystemError.js";
import { migrations, storeApplicationId } from "./migrations.js";

/** What a store path holds: nothing yet, an empty file, or a Synthforge store of some schema. */
export type InspectedStoreFile =
  | { kind: "absent" }
  | { kind: "empty" }
  | { kind: "store"; schemaVersion: number };

/** Tables every Synthforge store has had since its first schema. */
const storeTables = ["runs", "rounds", "slots", "records", "decisions", "reviews", "artifacts"];

/**
 * Tells, without writing anything (not even SQLite's `-wal`/`-shm` companions), whether `file`
 * is a Synthforge store: an SQLite database marked with Synthforge's application id, or one
 * written before that mark existed (schema 1 or later with the store's tables). Anything else
 * (a text file, another application's database, a folder) is a StoreError naming what it is.
 */
export function inspectStoreFile(file: string): InspectedStoreFile {
  let size: number;
  try {
    const stats = statSync(file);
    if (stats.isDirectory()) {
      throw new StoreError(`${file} is a folder; expected a store file, such as ${file}/store.sqlite.`, {
        file,
      });
    }
    size = stats.size;
  } catch (error) {
    if (error instanceof StoreError) throw error;
    const code = (error as NodeJS.ErrnoException).code;
    if (code === "ENOENT") return { kind: "absent" };
    throw new StoreError(`Cannot read the store ${file}: ${describeFileSystemError(error)}.`, {
      file,
      cause: error,
    });
  }
  if (size === 0) return { kind: "empty" };
  const header = readHeader(file);
  if (header.toString("latin1", 0, 16) !== "SQLite format 3\0") {
    throw new StoreError(
      `${file} is not a Synthforge store (it is not an SQLite database); refusing to change it, so pass --store with the store's path.`,
      { file },
    );
  }
  const hasLog = existsSync(`${file}-wal`);
  // Without a write-ahead log the header is current: a marked store needs no further look.
  if (!hasLog && header.length >= 72 && header.readUInt32BE(68) === storeApplicationId) {
    return { kind: "store", schemaVersion: checkedVersion(file, header.readUInt32BE(60)) };
  }
  const { applicationId, userVersion, tables } = readSchema(file, header, hasLog);
  if (applicationId === storeApplicationId)
    return { kind: "store", schemaVersion: checkedVersion(file, userVersion) };
  if (applicationId === 0 && userVersion === 0 && tables.length === 0) return { kind: "empty" };
  if (applicationId === 0 && userVersion >= 1 && storeTables.every((table) => tables.includes(table))) {
    return { kind: "store", schemaVersion: checkedVersion(file, userVersion) };
  }
  const shown = tables.slice(0, 4).join(", ") + (tables.length > 4 ? ", ..." : "");
  throw new StoreError(
    `${file} is an SQLite database of another application (${tables.length === 0 ? "no tables" : `tables ${shown}`}), not a Synthforge store; refusing to change it, so pass --store with the store's path.`,
    { file },
  );
}

function readHeader(file: string): Buffer {
  const header = Buffer.alloc(100);
  const descriptor = openSync(file, "r");
  try {
    const read = readSync(descriptor, header, 0, header.length, 0);
    return header.subarray(0, read);
  } finally {
    closeSync(descriptor);
  }
}

function checkedVersion(file: string, version: number): number {
  if (version > migrations.length) {
    throw new StoreError(
      `${file} was written by a newer Synthforge (store schema ${version}; this version knows up to ${migrations.length}).`,
      { file },
    );
  }
  return version;
}

/**
 * Application id, schema version and table names. A database in WAL mode whose log is absent is
 * read from a copy in memory, since opening it, even read-only, would create the log files.
 */
function readSchema(
  file: string,
  header: Buffer,
  hasLog: boolean,
): { applicationId: number; userVersion: number; tables: string[] } {
  const walMode = header.length >= 20 && header[18] === 2;
  let database: Database.Database | undefined;
  try {
    database =
      walMode && !hasLog
        ? new Database(inMemoryCopy(file))
        : new Database(file, { readonly: true, fileMustExist: true });
    const tables = database
      .prepare("SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name")
      .pluck()
      .all() as string[];
    return {
      applicationId: database.pragma("application_id", { simple: true }) as number,
      userVersion: database.pragma("user_version", { simple: true }) as number,
      tables,
    };
  } catch (error) {
    throw new StoreError(
      `${file} is not a Synthforge store (${(error as { code?: string }).code ?? (error as Error).message}); refusing to change it, so pass --store with the store's path.`,
      { file, cause: error },
    );
  } finally {
    database?.close();
  }
}

/** The file's bytes, marked as a rollback-journal database, which SQLite can open from memory. */
function inMemoryCopy(file: string): Buffer {
  const bytes = readFileSync(file);
  bytes[18] = 1;
  bytes[19] = 1;
  return bytes;
}
