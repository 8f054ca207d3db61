// Records per second with 1, 2, 4 and 8 `synthforge run --worker` processes on one run in a
// Postgres store, against a local OpenAI-compatible server that answers every request after a
// fixed latency (so the server is never the bottleneck), next to the named baseline: one
// `synthforge run` process on the SQLite store, same recipe, same server, in the same run.
// Also the store's own cost per record: putRecord (slot lock, record, attempt count,
// decisions; one transaction) timed alone on each store.
//
//   npm run bench:scale   (BENCH_COUNT=records per run [1200], BENCH_LATENCY_MS [100],
//                          BENCH_PARALLEL=requests in flight per process [8], BENCH_WORKERS=1,2,4,8)
import { spawn } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import type { GeneratedRecord } from "../../src/core/record.js";
import { openStore } from "../../src/store/openStore.js";
import type { PostgresStore } from "../../src/store/PostgresStore.js";
import type { SqliteStore } from "../../src/store/SqliteStore.js";
import { labelledRecipeHead } from "../../test/support/labelledRecipe.js";
import { startPostgres } from "../../test/support/startPostgres.js";
import { startSyntheticServer, syntheticSentence } from "../../test/support/startSyntheticServer.js";

const count = Number(process.env.BENCH_COUNT ?? 1200);
const latencyMs = Number(process.env.BENCH_LATENCY_MS ?? 100);
const parallel = Number(process.env.BENCH_PARALLEL ?? 8);
const workerCounts = (process.env.BENCH_WORKERS ?? "1,2,4,8").split(",").map(Number);
const root = path.resolve(import.meta.dirname, "../..");
const directory = mkdtempSync(path.join(os.tmpdir(), "synthforge-bench-scale-"));

const postgres = await startPostgres({ fsync: true });
const server = await startSyntheticServer({ latencyMs });
// The server and the cluster go away whatever happens, Ctrl-C included.
const cleanUp = () => {
  postgres.stop();
  rmSync(directory, { recursive: true, force: true });
};
process.once("SIGINT", () => {
  cleanUp();
  process.exit(130);
});
const rows: { setup: string; rate: number }[] = [];
let sqliteMs = 0;
let postgresMs = 0;
try {
  function recipe(name: string): string {
    const file = path.join(directory, `${name}.yaml`);
    writeFileSync(
      file,
      `${labelledRecipeHead(name, count)}model:
  provider: openai-compatible
  name: synthetic
  baseUrl: ${server.url}
  parallel: ${parallel}
template:
  system: You write short reviews.
  prompt: "Write a {{ label }} review in one sentence."
generation: { maxAttempts: 3 }
judge: { enabled: false }
export: { dir: ${path.join(directory, `out-${name}`)}, formats: [jsonl] }
`,
    );
    return file;
  }

  function runCli(args: string[]): Promise<void> {
    return new Promise((resolve, reject) => {
      const child = spawn(process.execPath, [path.join(root, "bin", "synthforge.js"), ...args], {
        cwd: directory,
        env: { ...process.env, NO_COLOR: "1" },
        stdio: ["ignore", "ignore", "pipe"],
      });
      let errors = "";
      child.stderr.on("data", (chunk: Buffer) => {
        errors += chunk.toString("utf8");
      });
      child.on("exit", (code) =>
        code === 0
          ? resolve()
          : reject(new Error(`synthforge ${args.join(" ")} exited ${code}: ${errors.slice(-2000)}`)),
      );
    });
  }

  /**
   * Steady-state rate: records stored from the moment every process had started generating
   * (the last worker's registration; the first record for a single process) until 90% of the
   * records were stored, so process start-up and the last slots' tail are left out alike.
   */
  function steadyRate(store: SqliteStore, startedAt: number | undefined): number {
    const runId = store.listRuns()[0]!.id;
    const times = store
      .listRecords(runId)
      .map((record) => Date.parse(record.provenance.timing.startedAt) + record.provenance.timing.durationMs)
      .sort((a, b) => a - b);
    const from = startedAt ?? times[0]!;
    const until = times[Math.floor(times.length * 0.9)]!;
    const inside = times.filter((time) => time > from && time <= until).length;
    return inside / ((until - from) / 1000);
  }

  // Baseline: one process on SQLite.
  {
    const file = path.join(directory, "baseline.sqlite");
    await runCli(["run", recipe("baseline"), "--store", file]);
    const store = openStore(file, { mode: "read" });
    rows.push({ setup: "1 process, SQLite (baseline)", rate: steadyRate(store, undefined) });
    store.close();
  }

  for (const workers of workerCounts) {
    const url = await postgres.createDatabase(`scale_${workers}`);
    const file = recipe(`scale${workers}`);
    await Promise.all(
      Array.from({ length: workers }, () => runCli(["run", file, "--store", url, "--worker"])),
    );
    const store = openStore(url, { mode: "read" }) as PostgresStore;
    const runId = store.listRuns()[0]!.id;
    const accepted = store.countRecords(runId).accepted;
    if (accepted !== count)
      throw new Error(`${workers} workers stored ${accepted} accepted records, not ${count}`);
    const registered = store.listWorkers(runId).map((worker) => Date.parse(worker.startedAt));
    rows.push({
      setup: `${workers} worker process${workers === 1 ? "" : "es"}, Postgres`,
      rate: steadyRate(store, Math.max(...registered)),
    });
    store.close();
  }

  // The store's own cost per record, one process, no model: putRecord as generateRecords calls
  // it, timed until every record is committed (durable commits on both stores).
  function putRecordMs(store: SqliteStore, records: number): number {
    store.ensureRun({ id: "overhead", recipeName: "overhead", recipeHash: "h", recipe: {}, target: records });
    store.putPlan(
      "overhead",
      Array.from({ length: records }, (_, index) => ({
        index,
        cell: { label: index % 2 ? "positive" : "negative" },
      })),
    );
    const started = performance.now();
    for (let index = 0; index < records; index += 1) {
      const record: GeneratedRecord = {
        id: `overhead-${index}`,
        status: "accepted",
        data: { text: syntheticSentence(index), label: index % 2 ? "positive" : "negative" },
        provenance: {
          runId: "overhead",
          round: 1,
          slotIndex: index,
          attempt: 0,
          cell: { label: index % 2 ? "positive" : "negative" },
          template: { id: "inline", version: "1" },
          messages: [{ role: "user", content: "Write a review in one sentence." }],
          model: { provider: "openai-compatible", id: "synthetic" },
          sampling: { temperature: 0.7, topP: 0.9, topK: 40, maxTokens: 256, seed: index },
          fewShot: [],
          strategy: "plain",
          rawOutput: syntheticSentence(index),
          usage: { inputTokens: 20, outputTokens: 30 },
          timing: { startedAt: new Date().toISOString(), durationMs: 100 },
        },
        decisions: [
          { check: "schema", decision: "pass" },
          { check: "label", decision: "pass" },
          { check: "text-rules", decision: "pass" },
        ],
      };
      store.putRecord(record);
    }
    // Postgres writes records behind; a read waits until every one of them is committed.
    if (store.countRecords("overhead").accepted !== records) throw new Error("the overhead run lost records");
    return (performance.now() - started) / records;
  }
  const overheadRecords = 1000;
  const sqliteStore = openStore(path.join(directory, "overhead.sqlite"));
  sqliteMs = putRecordMs(sqliteStore, overheadRecords);
  sqliteStore.close();
  const postgresStore = openStore(await postgres.createDatabase("overhead"));
  postgresMs = putRecordMs(postgresStore, overheadRecords);
  postgresStore.close();
} finally {
  await server.close();
  cleanUp();
}

const baseline = rows[0]!.rate;
const single = rows.find((row) => row.setup.startsWith("1 worker process"))?.rate;
console.log(
  `bench:scale — ${count} records per run, server latency ${latencyMs} ms, ${parallel} requests in flight per process, ${os.cpus().length} CPU cores`,
);
console.log(
  "setup                              records/s   × SQLite baseline   × 1 worker   scaling efficiency",
);
for (const row of rows) {
  const workers = Number(/^(\d+) worker/.exec(row.setup)?.[1] ?? 0);
  const versusSingle = single === undefined || workers === 0 ? "" : (row.rate / single).toFixed(2);
  const efficiency =
    single === undefined || workers === 0 ? "" : `${((row.rate / single / workers) * 100).toFixed(0)}%`;
  console.log(
    `${row.setup.padEnd(34)} ${row.rate.toFixed(1).padStart(9)}   ${(row.rate / baseline).toFixed(2).padStart(17)}   ${versusSingle.padStart(10)}   ${efficiency.padStart(18)}`,
  );
}
console.log(
  `store overhead per record (putRecord, one process): SQLite ${sqliteMs.toFixed(3)} ms, Postgres ${postgresMs.toFixed(3)} ms (${(postgresMs / sqliteMs).toFixed(2)} × SQLite; target < 2 ms)`,
);
console.log(
  `ideal per process: ${((parallel * 1000) / latencyMs).toFixed(0)} records/s (parallel ÷ latency)`,
);
