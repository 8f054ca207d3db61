// Several generator processes on one run, against a real PostgreSQL server (Debian's, started
// here in a temporary folder on a free port) and a local OpenAI-compatible server that answers
// after a fixed latency: three `synthforge run --worker` processes end with exactly the planned
// count and no duplicate; a worker killed with SIGKILL mid-slot leaves its slots to the others
// once its lease expires; the SQLite store refuses --worker in one sentence and is not created.
import { type ChildProcess, spawn } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { openStore } from "../../src/store/openStore.js";
import type { PostgresStore } from "../../src/store/PostgresStore.js";
import { labelledRecipeHead } from "../support/labelledRecipe.js";
import { type StartedPostgres, startPostgres } from "../support/startPostgres.js";
import { startSyntheticServer } from "../support/startSyntheticServer.js";

const root = path.resolve(import.meta.dirname, "../..");
let directory: string;
let postgres: StartedPostgres;
let server: Awaited<ReturnType<typeof startSyntheticServer>>;

beforeAll(async () => {
  directory = mkdtempSync(path.join(os.tmpdir(), "synthforge-workers-"));
  postgres = await startPostgres();
  server = await startSyntheticServer({ latencyMs: 150 });
});

afterAll(async () => {
  await server?.close();
  postgres?.stop();
  if (directory) rmSync(directory, { recursive: true, force: true });
});

function writeRecipe(name: string, count: number): string {
  const file = path.join(directory, `${name}.yaml`);
  writeFileSync(
    file,
    `${labelledRecipeHead(name, count)}model:
  provider: openai-compatible
  name: synthetic
  baseUrl: ${server.url}
  parallel: 2
  maxRetries: 2
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

interface Finished {
  code: number | null;
  signal: NodeJS.Signals | null;
  output: string;
}

function startCli(args: string[]): { child: ChildProcess; done: Promise<Finished> } {
  const child = spawn(process.execPath, [path.join(root, "bin", "synthforge.js"), ...args], {
    cwd: directory,
    env: { ...process.env, CI: "true", NO_COLOR: "1" },
    stdio: ["ignore", "pipe", "pipe"],
  });
  let output = "";
  child.stdout?.on("data", (chunk: Buffer) => {
    output += chunk.toString("utf8");
  });
  child.stderr?.on("data", (chunk: Buffer) => {
    output += chunk.toString("utf8");
  });
  const done = new Promise<Finished>((resolve) =>
    child.on("exit", (code, signal) => resolve({ code, signal, output })),
  );
  return { child, done };
}

function checkRun(url: string, target: number): PostgresStore {
  const store = openStore(url, { mode: "read" }) as PostgresStore;
  const run = store.listRuns()[0]!;
  const accepted = store.listRecords(run.id, { status: "accepted" });
  expect(accepted).toHaveLength(target);
  expect(new Set(accepted.map((record) => record.provenance.slotIndex)).size).toBe(target);
  const all = store.listRecords(run.id);
  expect(
    new Set(all.map((record) => `${record.provenance.slotIndex}/${record.provenance.attempt}`)).size,
  ).toBe(all.length);
  expect(run.status).toBe("completed");
  return store;
}

describe("several generator processes on one Postgres run", () => {
  it("three workers end with exactly the planned count, no duplicate, and one export", async () => {
    const url = await postgres.createDatabase("three_workers");
    const recipe = writeRecipe("three", 48);
    const workers = [0, 1, 2].map(() =>
      startCli(["run", recipe, "--store", url, "--worker", "--batch", "4"]),
    );
    const results = await Promise.all(workers.map((worker) => worker.done));
    for (const result of results) expect(result.code, result.output).toBe(0);
    // One process finished the run (filters, report, export); the other two left it to that one.
    expect(results.filter((result) => /files {5}out-three\//.test(result.output))).toHaveLength(1);
    expect(results.filter((result) => /another process finishes the run/.test(result.output))).toHaveLength(
      2,
    );
    for (const result of results)
      expect(result.output).toMatch(/store {5}postgresql:\/\/127\.0\.0\.1:\d+\/three_workers /);
    const store = checkRun(url, 48);
    const run = store.listRuns()[0]!;
    const listed = store.listWorkers(run.id);
    expect(listed).toHaveLength(3);
    expect(listed.every((worker) => worker.state === "done")).toBe(true);
    expect(listed.filter((worker) => worker.records > 0).length).toBeGreaterThan(1);
    expect(listed.reduce((sum, worker) => sum + worker.accepted, 0)).toBeGreaterThanOrEqual(48);
    store.close();
    const shown = await startCli(["runs", "show", "--store", url]).done;
    expect(shown.code, shown.output).toBe(0);
    expect(shown.output).toMatch(/48 of 48 accepted/);
    expect(shown.output).toMatch(/workers: 0 live of 3; \d+ tokens, \$0\.0000 across workers/);
    expect(shown.output.match(/ gone {2}done {2}\d+ records \(\d+ accepted\), [\d.]+\/s/g)).toHaveLength(3);
    const exported = readFileSync(path.join(directory, "out-three", "data.jsonl"), "utf8");
    expect(exported.trim().split("\n")).toHaveLength(48);
  });

  it("finishes a SIGKILLed worker's slots after its lease expires", async () => {
    const url = await postgres.createDatabase("killed_worker");
    const recipe = writeRecipe("killed", 40);
    const lease = ["--lease", "3", "--batch", "6"];
    const victim = startCli(["run", recipe, "--store", url, "--worker", ...lease]);
    // The victim claims its first batch alone and is killed while it generates.
    await waitForRecords(url, 2);
    victim.child.kill("SIGKILL");
    const killed = await victim.done;
    expect(killed.signal).toBe("SIGKILL");
    const others = [0, 1].map(() => startCli(["run", recipe, "--store", url, "--worker", ...lease]));
    const results = await Promise.all(others.map((worker) => worker.done));
    for (const result of results) expect(result.code, result.output).toBe(0);
    const store = checkRun(url, 40);
    const run = store.listRuns()[0]!;
    // The killed worker counts as live until its last heartbeat is a lease old; on a busy
    // machine the other two can finish inside that window, so wait it out (3 s lease).
    let listed = store.listWorkers(run.id);
    for (let waited = 0; listed.some((worker) => worker.live) && waited < 10_000; waited += 250) {
      await new Promise((resolve) => setTimeout(resolve, 250));
      listed = store.listWorkers(run.id);
    }
    expect(listed).toHaveLength(3);
    expect(listed.filter((worker) => worker.live)).toEqual([]);
    expect(listed.filter((worker) => worker.state === "done")).toHaveLength(2);
    store.close();
  });

  it("--finish completes a run whose only worker was killed, from another process", async () => {
    const url = await postgres.createDatabase("finished_run");
    const recipe = writeRecipe("finished", 24);
    const victim = startCli(["run", recipe, "--store", url, "--worker", "--lease", "600"]);
    await waitForRecords(url, 3);
    victim.child.kill("SIGKILL");
    await victim.done;
    const finished = await startCli(["run", recipe, "--store", url, "--finish"]).done;
    expect(finished.code, finished.output).toBe(0);
    expect(finished.output).toMatch(/files {5}out-finished\//);
    const store = checkRun(url, 24);
    store.close();
  });

  it("refuses --worker on a SQLite store in one sentence and creates no store", async () => {
    const recipe = writeRecipe("sqlite", 4);
    const file = path.join(directory, "refused.sqlite");
    const result = await startCli(["run", recipe, "--store", file, "--worker"]).done;
    expect(result.code).not.toBe(0);
    expect(result.output).toMatch(/--worker needs a Postgres store .*refused\.sqlite is a SQLite store/);
    expect(existsSync(file)).toBe(false);
  });
});

async function waitForRecords(url: string, count: number): Promise<void> {
  const started = Date.now();
  for (;;) {
    await new Promise((resolve) => setTimeout(resolve, 100));
    if (Date.now() - started > 60_000)
      throw new Error(`the worker stored fewer than ${count} records in a minute`);
    const store = existsStore(url);
    if (store === undefined) continue;
    try {
      const run = store.listRuns()[0];
      if (run !== undefined && store.listRecords(run.id).length >= count) return;
    } finally {
      store.close();
    }
  }
}

function existsStore(url: string): PostgresStore | undefined {
  try {
    return openStore(url, { mode: "read" }) as PostgresStore;
  } catch {
    return undefined;
  }
}
