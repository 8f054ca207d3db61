/**
 * The store's SQL is written once, in the subset SQLite and PostgreSQL share, with a few
 * SQLite spellings that have one PostgreSQL equivalent each. This module rewrites those:
 * the migrations' DDL (an implicit `rowid` becomes a real column, AUTOINCREMENT a BIGSERIAL)
 * and the statements of SqliteStore (`?` placeholders, INSERT OR IGNORE / OR REPLACE,
 * two-argument MAX/MIN). Anything else passes unchanged, so a statement PostgreSQL cannot run
 * fails loudly in the Postgres store's tests (PGlite) rather than silently differing.
 */

/** What the rewriting of statements needs to know about each table, learnt from the DDL. */
export interface TableInfo {
  /** Primary key columns (the conflict target of INSERT OR REPLACE). */
  primaryKey: string[];
  /** The column that `lastInsertRowid` reports: the AUTOINCREMENT column, else `rowid`. */
  rowidColumn: string;
}

/** Rewrites one SQLite migration into PostgreSQL DDL and records the tables it creates. */
export function translateMigration(sql: string, tables: Map<string, TableInfo>): string {
  return sql.replace(/CREATE TABLE (\w+) \(([\s\S]*?)\n\s*\);/g, (_whole, name: string, body: string) => {
    let rowidColumn = "rowid";
    let primaryKey: string[] = [];
    const columns = body.replace(/(\w+) INTEGER PRIMARY KEY AUTOINCREMENT/g, (_match, column: string) => {
      rowidColumn = column;
      primaryKey = [column];
      return `${column} BIGSERIAL PRIMARY KEY`;
    });
    const inline = /(\w+) \w+ (?:NOT NULL )?PRIMARY KEY/.exec(columns);
    if (primaryKey.length === 0 && inline) primaryKey = [inline[1]!];
    const composite = /PRIMARY KEY \(([^)]+)\)/.exec(columns);
    if (composite) primaryKey = composite[1]!.split(",").map((column) => column.trim());
    tables.set(name, { primaryKey, rowidColumn });
    // Every table gets the insertion order SQLite keeps implicitly (ORDER BY rowid).
    return `CREATE TABLE ${name} (\n    rowid BIGSERIAL,${columns}\n  );`;
  });
}

/** A statement rewritten for PostgreSQL, with what `run` reports for it. */
export interface TranslatedStatement {
  text: string;
  /** For INSERTs: the column returned as `lastInsertRowid`. */
  returning: string | undefined;
}

/** Rewrites one statement of the store for PostgreSQL. */
export function translateStatement(sql: string, tables: ReadonlyMap<string, TableInfo>): TranslatedStatement {
  let text = numberPlaceholders(sql.trim());
  let returning: string | undefined;
  const insert = /^INSERT(?: OR (IGNORE|REPLACE))? INTO (\w+)\s*\(([^)]*)\)/i.exec(text);
  if (insert) {
    const [, mode, table, columnList] = insert;
    const info = tables.get(table!);
    text = text.replace(/^INSERT OR (?:IGNORE|REPLACE) INTO/i, "INSERT INTO");
    if (mode?.toUpperCase() === "IGNORE") text += " ON CONFLICT DO NOTHING";
    if (mode?.toUpperCase() === "REPLACE") {
      const key = info?.primaryKey ?? [];
      const columns = columnList!.split(",").map((column) => column.trim());
      const updates = columns.filter((column) => !key.includes(column));
      text += ` ON CONFLICT (${key.join(", ")}) DO UPDATE SET ${updates
        .map((column) => `${column} = EXCLUDED.${column}`)
        .join(", ")}`;
    }
    returning = info?.rowidColumn;
    if (returning !== undefined && !/\bRETURNING\b/i.test(text)) text += ` RETURNING ${returning}`;
  }
  text = text.replace(/\bMAX\(([^(),]+),([^(),]+)\)/g, "GREATEST($1,$2)");
  text = text.replace(/\bMIN\(([^(),]+),([^(),]+)\)/g, "LEAST($1,$2)");
  return { text, returning };
}

/** `?` → `$1`, `$2`, … outside quoted strings and identifiers. */
function numberPlaceholders(sql: string): string {
  let out = "";
  let count = 0;
  let quote: string | undefined;
  for (const character of sql) {
    if (quote !== undefined) {
      if (character === quote) quote = undefined;
      out += character;
    } else if (character === "'" || character === '"') {
      quote = character;
      out += character;
    } else if (character === "?") {
      count += 1;
      out += `$${count}`;
    } else {
      out += character;
    }
  }
  return out;
}
