import type Database from "better-sqlite3";
import type { SyncSql } from "./createSyncSql.js";
import { type TableInfo, translateStatement } from "./postgresDialect.js";

/**
 * The part of better-sqlite3's `Database` that SqliteStore uses, over a PostgreSQL session:
 * `prepare(sql).run/get/all`, nested `transaction(work)` (savepoints inside), `open`, `close`.
 * Statements are rewritten by postgresDialect once per text. This is how one store
 * implementation (SqliteStore's SQL) serves both engines.
 */
export function createPostgresDatabase(
  sql: SyncSql,
  tables: ReadonlyMap<string, TableInfo>,
): Database.Database {
  const statements = new Map<string, ReturnType<typeof translateStatement>>();
  let depth = 0;

  const translated = (text: string) => {
    let statement = statements.get(text);
    if (statement === undefined) {
      statement = translateStatement(text, tables);
      statements.set(text, statement);
    }
    return statement;
  };

  const prepare = (text: string) => {
    const statement = translated(text);
    return {
      run: (...params: unknown[]) => {
        const result = sql.query(statement.text, params);
        const first = result.rows[0];
        return {
          changes: result.rowCount,
          lastInsertRowid:
            statement.returning === undefined || first === undefined ? 0 : Number(first[statement.returning]),
        };
      },
      get: (...params: unknown[]) => sql.query(statement.text, params).rows[0],
      all: (...params: unknown[]) => sql.query(statement.text, params).rows,
    };
  };

  const transaction =
    <T>(work: (...args: unknown[]) => T) =>
    (...args: unknown[]): T => {
      const savepoint = `sf_${depth}`;
      sql.exec(depth === 0 ? "BEGIN" : `SAVEPOINT ${savepoint}`);
      depth += 1;
      try {
        const result = work(...args);
        depth -= 1;
        sql.exec(depth === 0 ? "COMMIT" : `RELEASE SAVEPOINT ${savepoint}`);
        return result;
      } catch (error) {
        depth -= 1;
        if (sql.open) sql.exec(depth === 0 ? "ROLLBACK" : `ROLLBACK TO SAVEPOINT ${savepoint}`);
        throw error;
      }
    };

  const database = {
    prepare,
    transaction,
    exec: (text: string) => {
      sql.exec(text);
      return database;
    },
    get open() {
      return sql.open;
    },
    get inTransaction() {
      return depth > 0;
    },
    close: () => {
      sql.close();
      return database;
    },
  };
  return database as unknown as Database.Database;
}
