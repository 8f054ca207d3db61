// `synthforge annotate` on the real embedded teacher: 30 rows of a user's CSV, the process
// killed with SIGKILL in the middle (no handler can run), the same command again; every row
// ends annotated exactly once, the rows stored before the kill are kept as they were, the
// output keeps the input's order and its extra columns, and rows whose votes split are in
// the disputed queue with every vote.
import { type ChildProcess, spawn } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { setTimeout as sleep } from "node:timers/promises";
import { fileURLToPath } from "node:url";
import Database from "better-sqlite3";
import { parse } from "csv-parse/sync";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

const cli = fileURLToPath(new URL("../../bin/synthforge.js", import.meta.url));
const killAfter = 8;
// Clear ones, and ones a reader could take either way, where the votes may split.
const texts = [
  "The soup was cold and the waiter was rude.",
  "Best pizza I have had in years!",
  "It was fine, I guess.",
  "The room was clean but the bed was hard.",
  "Delivery took two hours and the fries were soggy.",
  "Lovely staff, will come back.",
  "Not bad, not great.",
  "The battery lasts all day.",
  "Screen cracked after a week.",
  "Prices are high but the view is worth it.",
  "I waited forty minutes for a table.",
  "Fresh bread every morning, wonderful.",
  "The music was loud.",
  "They forgot half of my order.",
  "Perfectly cooked steak.",
  "The lobby smelled of smoke.",
  "Average coffee, friendly barista.",
  "Refund took a month.",
  "Great value for the money.",
  "The seats were uncomfortable.",
  "Our guide was excellent.",
  "The app crashes every time I open it.",
  "Decent food, slow service.",
  "I loved the dessert.",
  "The parking was hard to find.",
  "Terrible customer support.",
  "Nice packaging.",
  "The portions were small for the price.",
  "Everything arrived on time and intact.",
  "Meh.",
];
const recipe = `name: annotate-resume
description: Customer reviews, labelled by sentiment.
model: { parallel: 2, contextSize: 1024 }
input: { file: reviews.csv }
output:
  schema:
    type: object
    properties:
      label: { type: string, enum: [positive, negative] }
    required: [label]
  labelField: label
# Unanimity (3 of 3) is the rule that can dispute a two-label row; a warm temperature lets
# the ambiguous rows split.
judge: { votes: 3, minimumAgreement: 3, temperature: 1.2 }
quality: { gates: { labelConfirmed: null } }
export: { formats: [jsonl] }
`;

let directory: string;
let storeFile: string;
let child: ChildProcess | undefined;
const args = () => [cli, "--json", "annotate", "annotate.yaml", "--store", storeFile, "--out", "out"];

interface StoredRow {
  id: string;
  slot_index: number;
  status: string;
  data: string | null;
}

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
    return [];
  } finally {
    database.close();
  }
}

beforeAll(() => {
  directory = mkdtempSync(path.join(os.tmpdir(), "synthforge-annotate-"));
  writeFileSync(path.join(directory, "annotate.yaml"), recipe);
  writeFileSync(
    path.join(directory, "reviews.csv"),
    `id,text,note\n${texts.map((text, index) => `row-${index + 1},"${text}",n${(index * 7) % 30}`).join("\n")}\n`,
  );
  storeFile = path.join(directory, "store.sqlite");
});

afterAll(() => {
  if (child && child.exitCode === null) child.kill("SIGKILL");
  if (directory) rmSync(directory, { recursive: true, force: true });
});

describe("synthforge annotate, killed with SIGKILL mid-run, then run again", () => {
  it("annotates each of the 30 rows exactly once, keeps order and columns, and queues split votes as disputed", async () => {
    child = spawn(process.execPath, args(), { cwd: directory, stdio: ["ignore", "ignore", "pipe"] });
    let stderr = "";
    child.stderr?.on("data", (chunk: Buffer) => {
      stderr += chunk.toString();
    });
    const exited = new Promise<NodeJS.Signals | number | null>((resolve) =>
      child!.on("exit", (code, signal) => resolve(signal ?? code)),
    );
    const deadline = Date.now() + 400_000;
    while (Date.now() < deadline && child.exitCode === null) {
      if (readRecords().length >= killAfter) break;
      await sleep(50);
    }
    expect(child.exitCode, `the annotation ended before it could be killed: ${stderr}`).toBeNull();
    child.kill("SIGKILL");
    expect(await exited).toBe("SIGKILL");
    const atKill = readRecords();
    expect(atKill.length).toBeGreaterThanOrEqual(killAfter);
    expect(atKill.length).toBeLessThan(texts.length);

    const rerun = spawn(process.execPath, args(), { cwd: directory, stdio: ["ignore", "pipe", "pipe"] });
    let rerunErrors = "";
    rerun.stderr.on("data", (chunk: Buffer) => {
      rerunErrors += chunk.toString();
    });
    const code = await new Promise<number | null>((resolve) => rerun.on("exit", resolve));
    expect(code, rerunErrors).toBe(0);

    const after = readRecords();
    expect(after).toHaveLength(texts.length);
    expect(after.every((row) => row.status === "accepted")).toBe(true);
    expect(new Set(after.map((row) => row.id)).size).toBe(texts.length);
    expect(new Set(after.map((row) => row.slot_index))).toEqual(new Set(texts.map((_, index) => index)));
    const afterById = new Map(after.map((row) => [row.id, row]));
    for (const row of atKill) expect(afterById.get(row.id)).toEqual(row);

    const lines = readFileSync(path.join(directory, "out", "annotated.csv"), "utf8");
    const table = parse(lines, { columns: true }) as Record<string, string>[];
    expect(Object.keys(table[0]!)).toEqual([
      "id",
      "text",
      "note",
      "label",
      "annotation_status",
      "annotation_votes",
    ]);
    expect(table.map((row) => row.id)).toEqual(texts.map((_, index) => `row-${index + 1}`));
    expect(table.map((row) => row.text)).toEqual(texts);
    expect(table.map((row) => row.note)).toEqual(texts.map((_, index) => `n${(index * 7) % 30}`));
    for (const row of table) {
      const votes = row.annotation_votes!.split("|");
      expect(votes).toHaveLength(3);
      expect(["positive", "negative"]).toContain(row.label);
      expect(row.annotation_status).toBe(new Set(votes).size === 1 ? "confirmed" : "disputed");
    }
    const disputed = table.filter((row) => row.annotation_status === "disputed");
    expect(disputed.length, "no row's votes split").toBeGreaterThan(0);
    // The clear rows are labelled as a reader would.
    const label = (text: string) => table.find((row) => row.text === text)?.label;
    expect(label("Best pizza I have had in years!")).toBe("positive");
    expect(label("Terrible customer support.")).toBe("negative");
    const report = JSON.parse(readFileSync(path.join(directory, "out", "annotation-report.json"), "utf8"));
    expect(report.statistics.disputed).toBe(disputed.length);
    expect(report.disputed.map((row: { text: string }) => row.text)).toEqual(disputed.map((row) => row.text));
  });
});
