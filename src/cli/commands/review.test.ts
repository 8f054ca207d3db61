import { spawn } from "node:child_process";
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
const root = path.resolve(import.meta.dirname, "..", "..", "..");

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

describe("synthforge review serve", () => {
  it("refuses a --first file naming a record of no run, before it serves or draws anything", async () => {
    const { err } = captureOutput();
    const first = path.join(directory, "disputed.txt");
    writeFileSync(first, `# disputed while annotating\n${runId}-0003\nnot-a-record\n`);
    expect(await synthforge("review", "serve", "--first", first)).toBe(2);
    expect(err.join("")).toBe(
      `error: ${first}:3: record id "not-a-record" is not a record of run ${runId}\n`,
    );
    const store = openStore(storeFile, { mode: "read" });
    try {
      expect(store.listArtifacts(runId, "spot-check-sample")).toEqual([]);
    } finally {
      store.close();
    }
    expect(await synthforge("review", "serve", "--port", "99999")).toBe(2);
    expect(err.join("")).toContain("--port: expected a port number between 0 and 65535.");
  });

  it("draws the sample, prints the page's address, serves the queue with the given records first, and stops on Ctrl-C", async () => {
    const first = path.join(directory, "disputed.txt");
    writeFileSync(first, `${runId}-0039\n`);
    const child = spawn(
      process.execPath,
      [
        path.join(root, "bin", "synthforge.js"),
        "review",
        "serve",
        "--store",
        storeFile,
        "--port",
        "0",
        "--first",
        first,
      ],
      { cwd: root, stdio: ["ignore", "pipe", "pipe"] },
    );
    let output = "";
    const url = await new Promise<string>((resolve, reject) => {
      const onData = (chunk: Buffer) => {
        output += chunk.toString();
        const match = /Open (http:\/\/127\.0\.0\.1:\d+\/)\./.exec(output);
        if (match?.[1]) resolve(match[1]);
      };
      child.stdout.on("data", onData);
      child.stderr.on("data", onData);
      child.once("exit", (code) => reject(new Error(`review serve exited with ${code}: ${output}`)));
    });
    try {
      expect(output).toContain(
        `Reviewing run ${runId}: drew the spot-check sample (30 records, seed 7), 1 record first.`,
      );
      const state = (await (await fetch(`${url}api/state`)).json()) as {
        queue: { items: { id: string; first: boolean }[] };
        gate: { status: string };
      };
      expect(state.queue.items[0]).toMatchObject({ id: `${runId}-0039`, first: true });
      expect(state.queue.items.length).toBeGreaterThanOrEqual(30);
      expect(state.gate.status).toBe("pending");
      const page = await fetch(url);
      expect(page.headers.get("content-security-policy")).toContain("default-src 'none'");
      expect(await page.text()).not.toMatch(/<script[^>]+src=|<link[^>]+href=/);
    } finally {
      const exited = new Promise<number | null>((resolve) => child.once("exit", resolve));
      child.kill("SIGINT");
      expect(await exited).toBe(0);
    }
  }, 30_000);
});

describe("synthforge review pairs", () => {
  it("writes DPO pairs for TRL and LLaMA-Factory, and refuses a run with nothing marked wrong", async () => {
    const { out, err } = captureOutput();
    const pairsFile = path.join(directory, "pairs.jsonl");
    expect(await synthforge("review", "pairs", "--out", pairsFile)).toBe(2);
    expect(err.join("")).toContain("has no preference pairs: no record was marked wrong");
    expect(await synthforge("review", "sample", "--out", sampleFile())).toBe(0);
    const ids = sampledIds();
    const file = path.join(directory, "verdicts.jsonl");
    writeFileSync(
      file,
      ids
        .map((id, index) =>
          JSON.stringify(
            index < 2 ? { id, verdict: "wrong", reason: "off topic" } : { id, verdict: "correct" },
          ),
        )
        .join("\n"),
    );
    expect(await synthforge("review", "import", file)).toBe(0);
    const factory = path.join(directory, "llamafactory");
    expect(await synthforge("review", "pairs", "--out", pairsFile, "--llamafactory", factory)).toBe(0);
    expect(out.join("")).toContain(`Wrote 2 preference pairs of run ${runId} to ${pairsFile}`);
    const pairs = readFileSync(pairsFile, "utf8")
      .trim()
      .split("\n")
      .map((line) => JSON.parse(line));
    expect(pairs.map((pair) => pair.recordId)).toEqual(ids.slice(0, 2));
    for (const pair of pairs) {
      expect(pair.prompt.at(-1).role).toBe("user");
      expect(pair.chosen[0].content).not.toBe(pair.rejected[0].content);
    }
    expect(JSON.parse(readFileSync(path.join(factory, "dataset_info.json"), "utf8"))).toHaveProperty(
      "synthforge_preference_pairs.ranking",
      true,
    );
  });
});
