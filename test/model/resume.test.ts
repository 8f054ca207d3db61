// Crash safety: `synthforge run` is killed with SIGKILL in the middle of a run (no handler
// can run), and the same command run again continues from the store and ends with exactly
// the requested number of accepted records, none of them duplicated and none rewritten.
import { type ChildProcess, spawn } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { setTimeout as sleep } from "node:timers/promises";
import { fileURLToPath } from "node:url";
import Database from "better-sqlite3";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { SynthforgeEvent } from "../../src/core/events.js";
import { openStore } from "../../src/store/openStore.js";

const cli = fileURLToPath(new URL("../../bin/synthforge.js", import.meta.url));
const count = 16;
const killAfter = 5;
const recipe = `name: resume-test
description: Short reviews with a sentiment label.
model: { parallel: 2, contextSize: 1024 }
output:
  schema:
    type: object
    properties:
      text: { type: string, minLength: 10, maxLength: 120 }
      label: { type: string, enum: [positive, negative] }
    required: [text, label]
    additionalProperties: false
  labelField: label
dimensions:
  label: [positive, negative]
  domain: [hotel, bicycle, bakery, laptop]
plan: { count: ${count}, strategy: balanced }
template:
  id: classification-sentiment-en
  variables: { length: one sentence }
# Room for 120 characters at up to 4 tokens each: no answer is cut off mid-JSON.
generation: { maxTokens: 520 }
export: { formats: [jsonl] }
`;

let directory: string;
let storeFile: string;
let child: ChildProcess | undefined;
const args = () => [cli, "--json", "run", "resume-test.yaml", "--store", storeFile, "--out", "out"];

interface StoredRow {
  id: string;
  slot_index: number;
  status: string;
  data: string | null;
}

/** The records table as another process sees it right now (read-only, beside the writer). */
function readRecords(): StoredRow[] {
  let database: Database.Database;
  try {
    database = new Database(storeFile, { readonly: true, fileMustExist: true });
  } catch {
    return [];
  }
  try {
    return database.prepare("SELECT id, slot_index, status, data FROM records").all() as StoredRow[];
  } catch {
    return []; // the schema is not created yet
  } finally {
    database.close();
  }
}

beforeAll(() => {
  directory = mkdtempSync(path.join(os.tmpdir(), "synthforge-resume-"));
  writeFileSync(path.join(directory, "resume-test.yaml"), recipe);
  storeFile = path.join(directory, "store.sqlite");
});

afterAll(() => {
  if (child && child.exitCode === null) child.kill("SIGKILL");
  if (directory) rmSync(directory, { recursive: true, force: true });
});

describe("kill -9 in the middle of a run, then the same command again", () => {
  it("ends with exactly the requested records, no duplicates, and the first run's records kept", async () => {
    child = spawn(process.execPath, args(), { cwd: directory, stdio: ["ignore", "ignore", "pipe"] });
    let stderr = "";
    child.stderr?.on("data", (chunk: Buffer) => {
      stderr += chunk.toString();
    });
    const exited = new Promise<NodeJS.Signals | number | null>((resolve) =>
      child!.on("exit", (code, signal) => resolve(signal ?? code)),
    );
    let before: StoredRow[] = [];
    const deadline = Date.now() + 300_000;
    while (Date.now() < deadline && child.exitCode === null) {
      before = readRecords().filter((row) => row.status === "accepted");
      if (before.length >= killAfter) break;
      await sleep(50);
    }
    expect(child.exitCode, `the run ended before it could be killed: ${stderr}`).toBeNull();
    child.kill("SIGKILL");
    expect(await exited).toBe("SIGKILL");
    const atKill = readRecords();
    const acceptedAtKill = atKill.filter((row) => row.status === "accepted");
    expect(acceptedAtKill.length).toBeGreaterThanOrEqual(killAfter);
    expect(acceptedAtKill.length).toBeLessThan(count);

    const rerun = spawn(process.execPath, args(), { cwd: directory, stdio: ["ignore", "pipe", "pipe"] });
    let stdout = "";
    let rerunErrors = "";
    rerun.stdout.on("data", (chunk: Buffer) => {
      stdout += chunk.toString();
    });
    rerun.stderr.on("data", (chunk: Buffer) => {
      rerunErrors += chunk.toString();
    });
    const code = await new Promise<number | null>((resolve) => rerun.on("exit", resolve));
    expect(code, rerunErrors).toBe(0);

    const events = stdout
      .trim()
      .split("\n")
      .map((line) => JSON.parse(line) as SynthforgeEvent);
    const start = events.find((event) => event.type === "run-start");
    expect(start).toMatchObject({ target: count, alreadyAccepted: acceptedAtKill.length });
    const end = events.find((event) => event.type === "run-end");
    expect(end?.type === "run-end" && end.summary.accepted).toBe(count);

    const after = readRecords();
    const accepted = after.filter((row) => row.status === "accepted");
    expect(accepted).toHaveLength(count);
    expect(new Set(after.map((row) => row.id)).size).toBe(after.length);
    expect(new Set(accepted.map((row) => row.slot_index)).size).toBe(count);
    // Everything stored before the kill is still there with the same output (its status may
    // change only through a later quality decision, which the store keeps beside it).
    const afterById = new Map(after.map((row) => [row.id, row]));
    for (const row of atKill) {
      expect(afterById.get(row.id)).toMatchObject({ slot_index: row.slot_index, data: row.data });
    }

    const store = openStore(storeFile);
    try {
      const [run] = store.listRuns();
      expect(store.listRuns()).toHaveLength(1);
      expect(run?.status).toBe("completed");
      expect(store.countRecords(run!.id).accepted).toBe(count);
    } finally {
      store.close();
    }
  });
});
