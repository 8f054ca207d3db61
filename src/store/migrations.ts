import type Database from "better-sqlite3";
import { StoreError } from "../core/errors/StoreError.js";

/** `PRAGMA application_id` of every Synthforge store ("SYNF"): how a store tells itself from other databases. */
export const storeApplicationId = 0x53594e46;

/**
 * Schema changes in order; `PRAGMA user_version` records how many have been applied, so an
 * older store is upgraded in place on open and a newer one is refused.
 */
export const migrations: string[] = [
  `
  CREATE TABLE runs (
    id TEXT PRIMARY KEY,
    recipe_name TEXT NOT NULL,
    recipe_hash TEXT NOT NULL,
    recipe TEXT NOT NULL,
    target INTEGER NOT NULL,
    status TEXT NOT NULL,
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL
  );
  CREATE TABLE rounds (
    run_id TEXT NOT NULL REFERENCES runs(id),
    round INTEGER NOT NULL,
    started_at TEXT NOT NULL,
    ended_at TEXT,
    summary TEXT,
    PRIMARY KEY (run_id, round)
  );
  CREATE TABLE slots (
    run_id TEXT NOT NULL REFERENCES runs(id),
    slot_index INTEGER NOT NULL,
    cell TEXT NOT NULL,
    status TEXT NOT NULL,
    attempts INTEGER NOT NULL DEFAULT 0,
    PRIMARY KEY (run_id, slot_index)
  );
  CREATE TABLE records (
    sequence INTEGER PRIMARY KEY AUTOINCREMENT,
    id TEXT NOT NULL UNIQUE,
    run_id TEXT NOT NULL REFERENCES runs(id),
    slot_index INTEGER NOT NULL,
    attempt INTEGER NOT NULL,
    round INTEGER NOT NULL,
    status TEXT NOT NULL,
    reason TEXT,
    data TEXT,
    provenance TEXT NOT NULL,
    created_at TEXT NOT NULL
  );
  CREATE INDEX records_by_run ON records (run_id, status);
  CREATE INDEX records_by_slot ON records (run_id, slot_index);
  CREATE TABLE decisions (
    run_id TEXT NOT NULL,
    record_id TEXT NOT NULL,
    check_name TEXT NOT NULL,
    decision TEXT NOT NULL,
    reason TEXT,
    details TEXT,
    PRIMARY KEY (record_id, check_name)
  );
  CREATE INDEX decisions_by_run ON decisions (run_id, check_name);
  CREATE TABLE reviews (
    run_id TEXT NOT NULL,
    record_id TEXT NOT NULL,
    verdict TEXT NOT NULL,
    reason TEXT,
    reviewer TEXT,
    reviewed_at TEXT NOT NULL,
    PRIMARY KEY (run_id, record_id)
  );
  CREATE TABLE artifacts (
    run_id TEXT NOT NULL,
    kind TEXT NOT NULL,
    name TEXT NOT NULL,
    value TEXT NOT NULL,
    updated_at TEXT NOT NULL,
    PRIMARY KEY (run_id, kind, name)
  );
  CREATE TABLE response_cache (
    key TEXT PRIMARY KEY,
    value TEXT NOT NULL,
    created_at TEXT NOT NULL
  );
  `,
  // 2: a reviewer's fixed version of a record, and the append-only history of verdicts (undo).
  `
  ALTER TABLE reviews ADD COLUMN corrected TEXT;
  CREATE TABLE review_events (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    run_id TEXT NOT NULL,
    record_id TEXT NOT NULL,
    verdict TEXT NOT NULL,
    reason TEXT,
    reviewer TEXT,
    reviewed_at TEXT NOT NULL,
    corrected TEXT,
    undone_at TEXT
  );
  CREATE INDEX review_events_by_record ON review_events (run_id, record_id);
  `,
  // 3: how long the reviewer looked at a record before the verdict (the review app times it).
  `
  ALTER TABLE reviews ADD COLUMN seconds DOUBLE PRECISION;
  ALTER TABLE review_events ADD COLUMN seconds DOUBLE PRECISION;
  `,
];

/** Applies the migrations a store has not seen yet, each in its own transaction. */
export function migrate(database: Database.Database, file: string): void {
  const current = database.pragma("user_version", { simple: true }) as number;
  if (current > migrations.length) {
    throw new StoreError(
      `${file} was written by a newer Synthforge (store schema ${current}; this version knows up to ${migrations.length}).`,
      { file },
    );
  }
  for (let version = current; version < migrations.length; version += 1) {
    database.transaction(() => {
      database.exec(migrations[version]!);
      database.pragma(`user_version = ${version + 1}`);
    })();
  }
  if (database.pragma("application_id", { simple: true }) !== storeApplicationId) {
    database.pragma(`application_id = ${storeApplicationId}`);
  }
}
