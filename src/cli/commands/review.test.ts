import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { captureOutput } from "../../../test/support/captureOutput.js";
import { fillStore } from "../../../test/support/fillStore.js";
import { openStore } from "../../store/openStore.js";
import { main } from "../main.js";

let directory: string;
let storeFile: string;
let runId: string;

beforeEach(() => {
  directory = mkdtempSync(path.join(os.tmpdir(), "synthforge-review-"));
  storeFile = path.join(directory, "store.sqlite");
  runId = fillStore(storeFile, { accepted: 40, rejected: 4 });
});
afterEach(() => {
  vi.restoreAllMocks();
  rmSync(directory, { recursive: true, force: true });
});

const synthforge = (...args: string[]) => main(["node", "synthforge", ...args, "--store", storeFile]);
const reviewsInStore = () => {
  const store = openStore(storeFile, { mode: "read" });
  try {
    return store.listReviews(runId);
  } finally {
    store.close();
  }
};
const sampleFile = () => path.join(directory, "sample.jsonl");
const sampledIds = () =>
  readFileSync(sampleFile(), "utf8")
    .trim()
    .split("\n")
    .map((line) => JSON.parse(line).id as string);
const verdicts = (ids: string[]) => {
  const file = path.join(directory, "verdicts.jsonl");
  writeFileSync(file, ids.map((id) => `${JSON.stringify({ id, verdict: "correct" })}\n`).join(""));
  return file;
};

describe("synthforge review import", () => {
  it("stores verdicts for sampled records and says which run it picked", async () => {
    const { out } = captureOutput();
    expect(await synthforge("review", "sample", "--out", sampleFile())).toBe(0);
    expect(out.join("")).toContain(`accepted records of run ${runId} (seed`);
    const ids = sampledIds().slice(0, 5);
    expect(await synthforge("review", "import", verdicts(ids))).toBe(0);
    expect(out.join("")).toContain(`Imported 5 reviews into run ${runId} (the latest in ${storeFile}).`);
    expect(reviewsInStore().map((review) => review.recordId)).toEqual(ids);
  });

  it("refuses, storing nothing, a verdict for a record never drawn for review", async () => {
    const { err } = captureOutput();
    expect(await synthforge("review", "sample", "--out", sampleFile())).toBe(0);
    const sampled = new Set(sampledIds());
    const unsampled = Array.from(
      { length: 40 },
      (_, index) => `${runId}-${String(index).padStart(4, "0")}`,
    ).find((id) => !sampled.has(id))!;
    const file = verdicts([...sampled].slice(0, 2).concat(unsampled));
    expect(await synthforge("review", "import", file, "--run", runId)).toBe(2);
    expect(err.join("")).toBe(
      `error: ${file}:3: record id "${unsampled}" was never drawn for review; expected ids of the spot-check sample of run ${runId}, as \`synthforge review sample\` wrote them\n`,
    );
    expect(reviewsInStore()).toEqual([]);
  });

  it("refuses a verdict for a rejected record, and any verdict before a sample is drawn", async () => {
    const { err } = captureOutput();
    const rejected = `${runId}-0041`;
    expect(await synthforge("review", "import", verdicts([rejected]))).toBe(2);
    expect(err.join("")).toContain(
      `:1: record id "${rejected}" was rejected (duplicate), so it takes no verdict; expected ids of the spot-check sample of run ${runId} (the latest in ${storeFile})`,
    );
    expect(await synthforge("review", "import", verdicts([`${runId}-0000`]))).toBe(2);
    expect(err.join("")).toContain(`has no spot-check sample yet; run \`synthforge review sample\` first`);
    expect(reviewsInStore()).toEqual([]);
  });
});
