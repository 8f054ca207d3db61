import { StoreError } from "../core/errors/StoreError.js";
import { stripUrlCredentials } from "../core/net/urlCredentials.js";
import { createSyncSql, SqlError, type SyncSql } from "./createSyncSql.js";
import { storeApplicationId } from "./migrations.js";
import { PostgresStore } from "./PostgresStore.js";
import { postgresOnlyMigrations, postgresStoreMigrations } from "./postgresMigrations.js";
import type { SqlConnection } from "./syncSqlProtocol.js";

/** True for a `--store` value that names a PostgreSQL database rather than a SQLite file. */
export function isPostgresUrl(value: string): boolean {
  return /^postgres(?:ql)?:\/\//i.test(value);
}

/**
 * Opens (and in `create` mode creates or upgrades) the Synthforge store in a PostgreSQL
 * database: the same tables as the SQLite store (its migrations, rewritten), plus slot leases
 * and workers. The password comes from the URL or, better, from PGPASSWORD (node-postgres
 * reads the standard PG* variables); it never appears in a message: the store is shown as
 * the URL without it. Migrations run under an advisory lock, so several processes opening a
 * new database at once create it once. A database that has tables but no Synthforge schema
 * is refused untouched.
 */
export function openPostgresStore(
  connection: SqlConnection,
  options: { mode?: "create" | "existing" | "read" } = {},
): PostgresStore {
  const mode = options.mode ?? "create";
  const label = connection.kind === "pg" ? stripUrlCredentials(connection.url) : "pglite";
  let sql: SyncSql;
  try {
    sql = createSyncSql(connection);
  } catch (error) {
    throw new StoreError(
      `Cannot connect to the Postgres store ${label} (${(error as Error).message}); check the URL, that the server is running, and PGPASSWORD.`,
      { file: label, cause: error },
    );
  }
  return openPostgresStoreOn(sql, label, mode);
}

/** The store over a session already connected (tests keep the session to inspect the database). */
export function openPostgresStoreOn(
  sql: SyncSql,
  label: string,
  mode: "create" | "existing" | "read" = "create",
): PostgresStore {
  try {
    prepareSchema(sql, label, mode);
    return new PostgresStore(sql, label);
  } catch (error) {
    sql.close();
    if (error instanceof SqlError) {
      throw new StoreError(`The Postgres store ${label} failed: ${error.message}.`, {
        file: label,
        cause: error,
      });
    }
    throw error;
  }
}

function prepareSchema(sql: SyncSql, label: string, mode: "create" | "existing" | "read"): void {
  if (mode === "read") {
    checkAndMigrate(sql, label, mode);
    return;
  }
  // Processes opening the same database at once look at it and migrate it one at a time: one
  // creates the schema, the others then find it current.
  sql.query("SELECT pg_advisory_lock($1)", [storeApplicationId]);
  try {
    checkAndMigrate(sql, label, mode);
  } finally {
    if (sql.open) sql.query("SELECT pg_advisory_unlock($1)", [storeApplicationId]);
  }
}

function checkAndMigrate(sql: SyncSql, label: string, mode: "create" | "existing" | "read"): void {
  const present = (table: string) =>
    sql.query("SELECT to_regclass($1) IS NOT NULL AS present", [table]).rows[0]!.present === true;
  if (!present("synthforge_schema")) {
    if (present("runs")) {
      throw new StoreError(
        `${label} has a table "runs" but no Synthforge schema; it is another application's database, left untouched. Pass --store with a database of its own.`,
        { file: label },
      );
    }
    if (mode !== "create") {
      throw new StoreError(
        `No Synthforge store in ${label}; \`synthforge run <recipe> --store ${label}\` creates one.`,
        { file: label },
      );
    }
  }
  const versions = () => {
    if (!present("synthforge_schema")) return { store: 0, postgres: 0, application: storeApplicationId };
    const rows = sql.query("SELECT part, version FROM synthforge_schema").rows;
    const of = (part: string) => Number(rows.find((row) => row.part === part)?.version ?? 0);
    return { store: of("store"), postgres: of("postgres"), application: of("application") };
  };
  const found = versions();
  if (found.application !== storeApplicationId) {
    throw new StoreError(`${label} is not a Synthforge store (its schema table names another application).`, {
      file: label,
    });
  }
  if (found.store > postgresStoreMigrations.length || found.postgres > postgresOnlyMigrations.length) {
    throw new StoreError(
      `${label} was written by a newer Synthforge (store schema ${found.store}; this version knows up to ${postgresStoreMigrations.length}).`,
      { file: label },
    );
  }
  const current =
    found.store === postgresStoreMigrations.length && found.postgres === postgresOnlyMigrations.length;
  if (current) return;
  if (mode === "read") {
    throw new StoreError(
      `${label} uses store schema ${found.store}, and this version reads schema ${postgresStoreMigrations.length}; a command that writes to it (such as \`synthforge run\`) upgrades it first.`,
      { file: label },
    );
  }
  sql.exec("BEGIN");
  try {
    sql.exec(
      "CREATE TABLE IF NOT EXISTS synthforge_schema (part TEXT PRIMARY KEY, version INTEGER NOT NULL)",
    );
    sql.query(
      "INSERT INTO synthforge_schema (part, version) VALUES ('application', $1) ON CONFLICT (part) DO NOTHING",
      [storeApplicationId],
    );
    const now = versions();
    const apply = (part: string, list: string[], from: number) => {
      for (let version = from; version < list.length; version += 1) sql.exec(list[version]!);
      sql.query(
        "INSERT INTO synthforge_schema (part, version) VALUES ($1, $2) ON CONFLICT (part) DO UPDATE SET version = EXCLUDED.version",
        [part, list.length],
      );
    };
    apply("store", postgresStoreMigrations, now.store);
    apply("postgres", postgresOnlyMigrations, now.postgres);
    sql.exec("COMMIT");
  } catch (error) {
    if (sql.open) sql.exec("ROLLBACK");
    throw error;
  }
}
