import { migrations } from "./migrations.js";
import { type TableInfo, translateMigration } from "./postgresDialect.js";

/** What each table looks like to the statement rewriter, learnt from the migrations. */
export const postgresTables = new Map<string, TableInfo>();

/** The store's migrations (migrations.ts, one list for both engines), rewritten for PostgreSQL. */
export const postgresStoreMigrations: string[] = migrations.map((sql) =>
  translateMigration(sql, postgresTables),
);

/**
 * What only the Postgres store has, applied after the shared migrations and counted apart:
 * slot leases and the generator processes of a run (`synthforge run --worker`).
 */
export const postgresOnlyMigrations: string[] = [
  `
  ALTER TABLE slots ADD COLUMN lease_owner TEXT;
  ALTER TABLE slots ADD COLUMN lease_until TIMESTAMPTZ;
  CREATE INDEX slots_claimable ON slots (run_id, status, slot_index);
  CREATE TABLE workers (
    run_id TEXT NOT NULL,
    worker_id TEXT NOT NULL,
    host TEXT NOT NULL,
    pid INTEGER NOT NULL,
    state TEXT NOT NULL,
    started_at TIMESTAMPTZ NOT NULL DEFAULT now(),
    heartbeat_at TIMESTAMPTZ NOT NULL DEFAULT now(),
    lease_seconds DOUBLE PRECISION NOT NULL DEFAULT 60,
    records INTEGER NOT NULL DEFAULT 0,
    accepted INTEGER NOT NULL DEFAULT 0,
    input_tokens BIGINT NOT NULL DEFAULT 0,
    output_tokens BIGINT NOT NULL DEFAULT 0,
    cost_usd DOUBLE PRECISION NOT NULL DEFAULT 0,
    PRIMARY KEY (run_id, worker_id)
  );
  `,
];
