import { mkdtempSync, rmSync, statSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import Database from "better-sqlite3";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { createSyncSql, type SyncSql } from "./createSyncSql.js";
import { migrate } from "./migrations.js";
import { openPostgresStoreOn } from "./openPostgresStore.js";
import type { PostgresStore } from "./PostgresStore.js";

/**
 * SqliteStore.test.ts a second time, against the Postgres store on PGlite (PostgreSQL
 * compiled to WebAssembly, in process): the same store code that runs against a server in
 * the model tier. One database for the file (PGlite takes seconds to start), emptied before
 * each test; the shared connection stays open across a test's close and reopen.
 */
let shared: { sql: SyncSql; store: PostgresStore } | undefined;
let lastTest: string | undefined;

vi.mock("./openStore.js", async (importOriginal) => {
  const original = await importOriginal<typeof import("./openStore.js")>();
  return {
    ...original,
    openStore: (file: string, options?: Parameters<typeof original.openStore>[1]) => {
      // A file that exists and is not a store: SQLite's own refusal test.
      let isFile = false;
      try {
        isFile = statSync(file).isFile();
      } catch {}
      if (isFile) return original.openStore(file, options);
      if (shared === undefined) throw new Error("the shared PGlite store is opened in beforeAll");
      const test = expect.getState().currentTestName;
      if (test !== lastTest) {
        lastTest = test;
        const tables = shared.sql.query(
          "SELECT tablename FROM pg_tables WHERE schemaname = 'public' AND tablename != 'synthforge_schema'",
        ).rows;
        shared.sql.exec(`TRUNCATE ${tables.map((row) => String(row.tablename)).join(", ")}`);
      }
      return new Proxy(shared.store, {
        get: (target, property) => {
          if (property === "close") return () => {};
          const value: unknown = Reflect.get(target, property, target);
          return typeof value === "function" ? value.bind(target) : value;
        },
      });
    },
  };
});

beforeAll(() => {
  const sql = createSyncSql({ kind: "pglite" });
  shared = { sql, store: openPostgresStoreOn(sql, "pglite") };
}, 120_000);

afterAll(() => {
  shared?.store.close();
});

await import("./SqliteStore.test.js");

describe("PostgresStore", () => {
  it("has every table and column of the SQLite store (one list of migrations for both)", () => {
    const directory = mkdtempSync(path.join(os.tmpdir(), "synthforge-parity-"));
    try {
      const sqlite = new Database(path.join(directory, "store.sqlite"));
      migrate(sqlite, "parity");
      const sqliteColumns = new Set<string>();
      const tables = sqlite
        .prepare("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'")
        .all() as { name: string }[];
      for (const { name } of tables) {
        for (const column of sqlite.prepare(`PRAGMA table_info(${name})`).all() as { name: string }[]) {
          sqliteColumns.add(`${name}.${column.name}`);
        }
      }
      sqlite.close();
      const postgresColumns = new Set(
        shared!.sql
          .query(
            "SELECT table_name, column_name FROM information_schema.columns WHERE table_schema = 'public'",
          )
          .rows.map((row) => `${String(row.table_name)}.${String(row.column_name)}`),
      );
      expect(sqliteColumns.size).toBeGreaterThan(30);
      expect([...sqliteColumns].filter((column) => !postgresColumns.has(column))).toEqual([]);
    } finally {
      rmSync(directory, { recursive: true, force: true });
    }
  });

  it("hands each open slot to one worker at a time, and again once its lease expired", async () => {
    const store = shared!.store;
    store.ensureRun({ id: "claims", recipeName: "claims", recipeHash: "h", recipe: {}, target: 5 });
    store.putPlan(
      "claims",
      Array.from({ length: 5 }, (_, index) => ({ index, cell: { label: index % 2 ? "a" : "b" } })),
    );
    store.registerWorker("claims", { id: "w1", host: "test", pid: 1, leaseSeconds: 60 });
    store.registerWorker("claims", { id: "w2", host: "test", pid: 2, leaseSeconds: 60 });
    const first = store.claimSlots("claims", "w1", 2, 60);
    const second = store.claimSlots("claims", "w2", 10, 60);
    expect(first.map((slot) => slot.index)).toEqual([0, 1]);
    expect(second.map((slot) => slot.index)).toEqual([2, 3, 4]);
    expect(store.claimSlots("claims", "w2", 10, 60)).toEqual([]);
    expect(store.slotProgress("claims")).toEqual({ claimable: 0, leased: 5 });
    // w2 fills slot 2 and gives the rest back; w1 goes silent with a short lease.
    store.setSlotStatus("claims", 2, "filled");
    store.releaseSlots("claims", "w2");
    store.heartbeat("claims", "w1", 0.05, "generating", {
      records: 3,
      accepted: 1,
      inputTokens: 30,
      outputTokens: 9,
      costUsd: 0.5,
    });
    expect(store.slotProgress("claims")).toEqual({ claimable: 2, leased: 2 });
    await new Promise((resolve) => setTimeout(resolve, 120));
    expect(store.claimSlots("claims", "w2", 10, 60).map((slot) => slot.index)).toEqual([0, 1, 3, 4]);
    const workers = store.listWorkers("claims");
    expect(workers.map((worker) => [worker.workerId, worker.live])).toEqual([
      ["w1", false],
      ["w2", true],
    ]);
    expect(workers[0]).toMatchObject({ records: 3, accepted: 1, inputTokens: 30, costUsd: 0.5 });
  });

  it("throws a written-behind record's failure from the next call that waits, and goes on", () => {
    const store = shared!.store;
    const orphan = {
      id: "orphan-0",
      status: "accepted" as const,
      data: { text: "no run holds me" },
      provenance: {
        runId: "no-such-run",
        round: 1,
        slotIndex: 0,
        attempt: 0,
        cell: {},
        template: { id: "inline", version: "1" },
        messages: [],
        model: { provider: "fake", id: "fake" },
        sampling: { temperature: 0.7, topP: 0.9, topK: 40, maxTokens: 64, seed: 1 },
        fewShot: [],
        strategy: "plain",
        rawOutput: "{}",
        usage: { inputTokens: 1, outputTokens: 1 },
        timing: { startedAt: "2026-01-01T00:00:00.000Z", durationMs: 1 },
      },
      decisions: [],
    };
    store.putRecord(orphan);
    expect(() => store.listRuns()).toThrow(/foreign key/);
    expect(store.getRecord("orphan-0")).toBeUndefined();
  });

  it("gives the finishing lock to one holder until it is released", () => {
    const store = shared!.store;
    expect(store.tryFinishing("finish-run")).toBe(true);
    store.releaseFinishing("finish-run");
    expect(store.tryFinishing("finish-run")).toBe(true);
    store.releaseFinishing("finish-run");
  });
});
