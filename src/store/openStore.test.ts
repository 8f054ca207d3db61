import { createHash } from "node:crypto";
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import Database from "better-sqlite3";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { StoreError } from "../core/errors/StoreError.js";
import { migrations, storeApplicationId } from "./migrations.js";
import { openStore } from "./openStore.js";

let directory: string;

beforeEach(() => {
  directory = mkdtempSync(path.join(os.tmpdir(), "synthforge-open-store-"));
});
afterEach(() => {
  rmSync(directory, { recursive: true, force: true });
});

const at = (name: string) => path.join(directory, name);
const hashOf = (file: string) => createHash("sha256").update(readFileSync(file)).digest("hex");

/** Another application's database: its own tables, its own schema version. */
function foreignDatabase(name: string, journal: "delete" | "wal"): string {
  const file = at(name);
  const database = new Database(file);
  database.pragma(`journal_mode = ${journal}`);
  database.exec(
    "CREATE TABLE notes (id INTEGER PRIMARY KEY, body TEXT); INSERT INTO notes (body) VALUES ('mine');",
  );
  database.pragma("user_version = 3");
  database.close();
  return file;
}

describe("openStore", () => {
  it("creates nothing for a path that holds no store unless asked to create", () => {
    for (const mode of ["read", "existing"] as const) {
      expect(() => openStore(at("typo/store.sqlite"), { mode })).toThrow(
        `No store at ${at("typo/store.sqlite")}; \`synthforge run <recipe>\` creates one, or pass --store with the path of an existing store.`,
      );
    }
    expect(readdirSync(directory)).toEqual([]);
    openStore(at("new/store.sqlite")).close();
    expect(existsSync(at("new/store.sqlite"))).toBe(true);
  });

  it.each(["delete", "wal"] as const)(
    "refuses another application's database (%s journal) in every mode, leaving it untouched",
    (journal) => {
      const file = foreignDatabase("other.db", journal);
      const before = hashOf(file);
      for (const mode of ["read", "existing", "create"] as const) {
        const error = (() => {
          try {
            openStore(file, { mode }).close();
          } catch (caught) {
            return caught;
          }
        })();
        expect(error).toBeInstanceOf(StoreError);
        expect((error as Error).message).toBe(
          `${file} is an SQLite database of another application (tables notes), not a Synthforge store; refusing to change it, so pass --store with the store's path.`,
        );
      }
      expect(hashOf(file)).toBe(before);
      expect(readdirSync(directory)).toEqual(["other.db"]);
    },
  );

  it("refuses an empty file when reading, and takes it as a new store when creating", () => {
    writeFileSync(at("empty.sqlite"), "");
    expect(() => openStore(at("empty.sqlite"), { mode: "read" })).toThrow(
      `${at("empty.sqlite")} is an empty file, not a Synthforge store; pass --store with the store's path.`,
    );
    openStore(at("empty.sqlite")).close();
    const store = openStore(at("empty.sqlite"), { mode: "read" });
    expect(store.listRuns()).toEqual([]);
    store.close();
  });

  it("reads a store without changing a byte or leaving files beside it, and cannot write through it", () => {
    const file = at("store.sqlite");
    const writer = openStore(file);
    writer.ensureRun({ id: "run-1", recipeName: "demo", recipeHash: "h", recipe: {}, target: 1 });
    writer.close();
    const before = hashOf(file);
    const reader = openStore(file, { mode: "read" });
    expect(reader.listRuns().map((run) => run.id)).toEqual(["run-1"]);
    expect(() => reader.setRunStatus("run-1", "failed")).toThrow();
    reader.close();
    expect(hashOf(file)).toBe(before);
    expect(readdirSync(directory)).toEqual(["store.sqlite"]);
  });

  it("marks a store written before the mark existed when writing, and reads it as it is", () => {
    const file = at("old.sqlite");
    openStore(file).close();
    const database = new Database(file);
    database.pragma("application_id = 0");
    database.close();
    const before = hashOf(file);
    openStore(file, { mode: "read" }).close();
    expect(hashOf(file)).toBe(before);
    openStore(file, { mode: "existing" }).close();
    const marked = new Database(file, { readonly: true });
    expect(marked.pragma("application_id", { simple: true })).toBe(storeApplicationId);
    marked.close();
  });

  it("names a store of an older schema that a read-only command cannot upgrade", () => {
    const file = at("store.sqlite");
    openStore(file).close();
    const database = new Database(file);
    database.pragma(`user_version = ${migrations.length - 1}`);
    database.close();
    if (migrations.length > 1) {
      expect(() => openStore(file, { mode: "read" })).toThrow(
        /uses store schema \d+, and this version reads/,
      );
    } else {
      // Schema 0 with the store's mark is a store whose first migration never ran.
      expect(() => openStore(file, { mode: "read" })).toThrow(/uses store schema 0/);
    }
  });

  it("refuses a folder and a file that is not SQLite", () => {
    expect(() => openStore(directory, { mode: "read" })).toThrow(
      `${directory} is a folder; expected a store file`,
    );
    writeFileSync(at("notes.txt"), "SQLite? no, just notes.\n".repeat(10));
    expect(() => openStore(at("notes.txt"))).toThrow(
      `${at("notes.txt")} is not a Synthforge store (it is not an SQLite database); refusing to change it, so pass --store with the store's path.`,
    );
    expect(readdirSync(directory)).toEqual(["notes.txt"]);
  });
});
