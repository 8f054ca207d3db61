// Synthforge against bespokelabs-curator, distilabel and NVIDIA DataDesigner on the same
// OpenAI-compatible server.
//
// Every tool sends the same prompts (BENCH_PROMPTS [1000], each naming `prompt #N`, with the
// same system message) to the same mock server (bench/peers/mockServer.ts, its own process:
// fixed time to the first token, fixed gap per token) at the same concurrency. Synthforge runs
// its real pipeline through the CLI (`synthforge run` on a recipe whose one plan dimension has the
// prompts as its values, judge off, the openai-compatible provider, a fresh SQLite store); each
// peer runs a small script of its own (curator_peer.py, distilabel_peer.py, data_designer_peer.py)
// in a bench-only venv with the versions pinned in bench/peers/requirements.txt (DataDesigner:
// requirements-data-designer.txt, its own venv), made on first use.
//
// Per tool and concurrency: records/s from the server's side (first request to the moment
// every prompt had been answered, so interpreter start-up and the final write are left out of
// the rate); CPU seconds per record of the tool's processes in that window (utime + stime of its
// process tree, from /proc) and over the whole process (GNU time, start-up included); peak
// memory (largest single process, GNU time %M; and the process tree's summed RSS sampled every
// 200 ms); records lost and duplicated (prompts missing from, or repeated in, the tool's output).
// Then one run with faults injected (429 with Retry-After, 500, 503): still nothing lost or
// duplicated, and no request before the Retry-After its prompt was given.
//
//   nice -n 10 npm run bench:peers   (BENCH_PROMPTS [1000], BENCH_CONCURRENCY [16,64,256],
//     BENCH_TOOLS [synthforge,curator,distilabel,data-designer], BENCH_FIRST_TOKEN_MS [150], BENCH_TOKENS [20],
//     BENCH_TOKEN_GAP_MS [5], BENCH_FAULT_CONCURRENCY [64], BENCH_FAULT_SHARES [0.1,0.05,0.05] for
//     429,500,503, BENCH_RETRY_AFTER_S [1], BENCH_TIME_LIMIT_S per tool run [480]: a run stopped
//     there is reported as timed out, its records lost)
//   BENCH_SERVER=serve npm run bench:peers   the same tools against `synthforge serve` with the
//     default student, a real model, through a proxy in this process that counts and times the
//     requests as the mock does (BENCH_PROMPTS [200], BENCH_CONCURRENCY [16], no faults; a real
//     model does not write the mock's item numbers, so records are counted, not matched to
//     prompts); writes results/run-serve.json
import { type ChildProcess, fork, spawn } from "node:child_process";
import {
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  writeFileSync,
} from "node:fs";
import os from "node:os";
import path from "node:path";
import { pythonVenv } from "../dedup/pythonVenv.js";
import { keepResults } from "../keepResults.js";
import { startServeProcess } from "../support/startServeProcess.js";
import type { MockSettings, MockStats } from "./mockServer.js";
import { startTimingProxy } from "./timingProxy.js";

/**
 * The server the tools talk to: the mock, whose answers take a fixed time so that each tool's own
 * cost shows, or (BENCH_SERVER=serve) `synthforge serve` with the default student, a real model.
 */
const serverKind = process.env.BENCH_SERVER ?? "mock";
if (serverKind !== "mock" && serverKind !== "serve") {
  throw new Error(`BENCH_SERVER is "${serverKind}"; expected mock or serve`);
}
const onServe = serverKind === "serve";
const kept = keepResults(import.meta.url, onServe ? "run-serve" : "run");
// keepResults writes nothing for a failed run; this says why and fails the command.
for (const event of ["uncaughtException", "unhandledRejection"] as const) {
  process.on(event, (error) => {
    console.error(error);
    process.exitCode = 1;
  });
}

const promptCount = Number(process.env.BENCH_PROMPTS ?? (onServe ? 200 : 1000));
const concurrencies = (process.env.BENCH_CONCURRENCY ?? (onServe ? "16" : "16,64,256"))
  .split(",")
  .map(Number);
const tools = (process.env.BENCH_TOOLS ?? "synthforge,curator,distilabel,data-designer").split(",");
const firstTokenMs = Number(process.env.BENCH_FIRST_TOKEN_MS ?? 150);
const tokens = Number(process.env.BENCH_TOKENS ?? 20);
const tokenGapMs = Number(process.env.BENCH_TOKEN_GAP_MS ?? 5);
const faultConcurrency = Number(process.env.BENCH_FAULT_CONCURRENCY ?? 64);
const [share429 = 0.1, share500 = 0.05, share503 = 0.05] = (process.env.BENCH_FAULT_SHARES ?? "0.1,0.05,0.05")
  .split(",")
  .map(Number);
const retryAfterSeconds = Number(process.env.BENCH_RETRY_AFTER_S ?? 1);
const timeLimitSeconds = Number(process.env.BENCH_TIME_LIMIT_S ?? 480);
const maxTokens = 64;

const here = import.meta.dirname;
const root = path.resolve(here, "../..");
const directory = mkdtempSync(path.join(os.tmpdir(), "synthforge-bench-peers-"));
const system = "You write one short sentence as JSON.";
const prompts = Array.from(
  { length: promptCount },
  (_, index) => `Write one short sentence about everyday life (prompt #${index}).`,
);
const promptsFile = path.join(directory, "prompts.json");
writeFileSync(promptsFile, JSON.stringify({ system, prompts, maxTokens }));

// ---- the mock server, in its own process -------------------------------------------------------

type MockMessage =
  | { type: "listening"; port: number }
  | { type: "ready" }
  | { type: "first-request" }
  | { type: "all-answered" }
  | { type: "stats"; stats: MockStats };

const mock: ChildProcess | undefined = onServe
  ? undefined
  : fork(path.join(here, "mockServer.ts"), [], {
      execArgv: ["--import", "tsx"],
      stdio: ["ignore", "inherit", "inherit", "ipc"],
    });
const listeners = new Set<(message: MockMessage) => void>();
mock?.on("message", (message: MockMessage) => {
  for (const listener of [...listeners]) listener(message);
});
function nextMessage<T extends MockMessage["type"]>(type: T): Promise<Extract<MockMessage, { type: T }>> {
  return new Promise((resolve) => {
    const listener = (message: MockMessage) => {
      if (message.type !== type) return;
      listeners.delete(listener);
      resolve(message as Extract<MockMessage, { type: T }>);
    };
    listeners.add(listener);
  });
}
// On `synthforge serve` (as many sequences as the most requests any run keeps in flight), the
// tools talk to it through a proxy in this process that counts and times their requests as the
// mock does.
const served = onServe
  ? await startServeProcess(["--parallel", String(Math.max(...concurrencies))])
  : undefined;
const hear = (message: MockMessage) => {
  for (const listener of [...listeners]) listener(message);
};
const proxy = served
  ? await startTimingProxy(new URL(served.url).origin, {
      firstRequest: () => hear({ type: "first-request" }),
      allAnswered: () => hear({ type: "all-answered" }),
    })
  : undefined;
const baseUrl = proxy ? proxy.url : `http://127.0.0.1:${(await nextMessage("listening")).port}/v1`;

async function resetMock(faults: MockSettings["faults"]): Promise<void> {
  proxy?.reset(promptCount);
  if (mock === undefined) return;
  const ready = nextMessage("ready");
  const settings: MockSettings = { firstTokenMs, tokens, tokenGapMs, expected: promptCount, faults };
  mock.send({ type: "reset", settings });
  await ready;
}
async function mockStats(): Promise<MockStats> {
  if (mock === undefined) return proxy!.stats();
  const answer = nextMessage("stats");
  mock.send({ type: "stats" });
  return (await answer).stats;
}

// ---- a tool's process tree, from /proc ---------------------------------------------------------

const ticksPerSecond = 100;
const pageBytes = 4096;

/** pid → [parent pid, CPU ticks (own + reaped children), resident pages] of every process now. */
function processTable(): Map<number, [number, number, number]> {
  const table = new Map<number, [number, number, number]>();
  for (const name of readdirSync("/proc")) {
    if (!/^\d+$/.test(name)) continue;
    try {
      const stat = readFileSync(`/proc/${name}/stat`, "utf8");
      const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
      // After the command: state(0) ppid(1) ... utime(11) stime(12) cutime(13) cstime(14) ... rss(21)
      const ticks = Number(fields[11]) + Number(fields[12]) + Number(fields[13]) + Number(fields[14]);
      table.set(Number(name), [Number(fields[1]), ticks, Number(fields[21])]);
    } catch {
      // The process ended while it was read.
    }
  }
  return table;
}

/** CPU seconds and resident bytes of `pid` and all its descendants now. */
function treeUsage(pid: number): { cpuSeconds: number; rssBytes: number } {
  const table = processTable();
  const inTree = new Set([pid]);
  let grew = true;
  while (grew) {
    grew = false;
    for (const [child, [parent]] of table) {
      if (!inTree.has(child) && inTree.has(parent)) {
        inTree.add(child);
        grew = true;
      }
    }
  }
  let ticks = 0;
  let pages = 0;
  for (const member of inTree) {
    const row = table.get(member);
    if (row === undefined) continue;
    ticks += row[1];
    pages += row[2];
  }
  return { cpuSeconds: ticks / ticksPerSecond, rssBytes: pages * pageBytes };
}

// ---- one tool at one concurrency ----------------------------------------------------------------

interface Measured {
  tool: string;
  concurrency: number;
  faults: boolean;
  recordsPerSecond: number;
  /** CPU seconds per record between the first request and the last prompt's answer. */
  cpuPerRecordWindow: number;
  /** CPU seconds per record over the whole process, start-up and output included. */
  cpuPerRecordTotal: number;
  wallSeconds: number;
  maxRssMiB: number;
  treeRssMiB: number;
  records: number;
  lost: number;
  duplicated: number;
  /** Stopped after BENCH_TIME_LIMIT_S: its records count as lost. */
  timedOut: boolean;
  /** The server's counts (the mock's, or the proxy's in front of `synthforge serve`). */
  server: MockStats;
}

function command(tool: string, concurrency: number, work: string, out: string): string[] {
  if (tool.startsWith("synthforge")) {
    const recipe = path.join(work, "recipe.yaml");
    writeFileSync(
      recipe,
      synthforgeRecipe(concurrency, path.join(work, "export"), tool === "synthforge-fixed"),
    );
    return [
      process.execPath,
      path.join(root, "bin", "synthforge.js"),
      "run",
      recipe,
      "--store",
      path.join(work, "store.sqlite"),
      "--split",
      "1,0,0",
      // A real model's sentences repeat more than the duplicate-rate gate allows; the peers gate nothing.
      ...(onServe ? ["--no-gates"] : []),
    ];
  }
  return [
    pythonOf(tool),
    path.join(here, `${tool.replace("-", "_")}_peer.py`),
    promptsFile,
    baseUrl,
    String(concurrency),
    out,
    work,
  ];
}

/** The bench venv's python for a peer (made on first use from its pinned requirements). */
function pythonOf(tool: string): string {
  if (tool === "data-designer") {
    return pythonVenv("peers-data-designer", path.join(here, "requirements-data-designer.txt"));
  }
  if (tool === "curator" || tool === "distilabel")
    return pythonVenv("peers", path.join(here, "requirements.txt"));
  throw new Error(`BENCH_TOOLS names "${tool}"; expected synthforge, curator, distilabel or data-designer`);
}

function synthforgeRecipe(concurrency: number, exportDir: string, fixedConcurrency: boolean): string {
  // The mock's answers carry the prompt's number as `item`; a real model is asked, as the peers
  // ask it, for the sentence alone.
  const properties = onServe
    ? "      text: { type: string }\n    required: [text]"
    : "      item: { type: integer }\n      text: { type: string }\n    required: [item, text]";
  return `name: peers
output:
  schema:
    type: object
    properties:
${properties}
    additionalProperties: false
dimensions:
  request:
${prompts.map((prompt) => `    - ${JSON.stringify(prompt)}`).join("\n")}
plan: { count: ${promptCount}, strategy: balanced, steer: false }
model:
  provider: openai-compatible
  name: mock
  baseUrl: ${baseUrl}
  parallel: ${concurrency}${fixedConcurrency ? "\n  adaptiveConcurrency: false" : ""}
template:
  system: ${JSON.stringify(system)}
  prompt: "{{ request }}"
generation: { maxTokens: ${maxTokens} }
judge: { enabled: false }
export: { dir: ${JSON.stringify(exportDir)}, formats: [jsonl]${onServe ? ", outputField: text" : ""} }
`;
}

/** The contents a tool wrote: one string per record. */
function outputContents(tool: string, work: string, out: string): string[] {
  if (tool.startsWith("synthforge")) {
    // The export's records (one JSON object a line); provenance.jsonl beside it repeats them.
    return readFileSync(path.join(work, "export", "train.jsonl"), "utf8")
      .split("\n")
      .filter((line) => line.trim() !== "");
  }
  if (!existsSync(out)) return [];
  return readFileSync(out, "utf8")
    .split("\n")
    .filter((line) => line.trim() !== "")
    .map((line) => String((JSON.parse(line) as { content: unknown }).content ?? ""));
}

async function measure(tool: string, concurrency: number, faulty: boolean): Promise<Measured> {
  await resetMock({
    share429: faulty ? share429 : 0,
    share500: faulty ? share500 : 0,
    share503: faulty ? share503 : 0,
    retryAfterSeconds,
    seed: 2024,
  });
  const work = path.join(directory, `${tool}-${concurrency}${faulty ? "-faults" : ""}`);
  mkdirSync(work, { recursive: true });
  const out = path.join(work, "out.jsonl");
  const timeFile = path.join(work, "time.txt");
  const argv = command(tool, concurrency, work, out);
  const started = performance.now();
  const child = spawn("/usr/bin/time", ["-f", "%e %U %S %M", "-o", timeFile, ...argv], {
    cwd: work,
    // Its own process group, so that a run past the time limit is stopped with all its children.
    detached: true,
    env: { ...process.env, NO_COLOR: "1", PYTHONUNBUFFERED: "1" },
    stdio: ["ignore", "ignore", "pipe"],
  });
  let errors = "";
  child.stderr?.on("data", (chunk: Buffer) => {
    errors = (errors + chunk.toString("utf8")).slice(-4000);
  });
  const pid = child.pid ?? 0;
  let peakTree = 0;
  const sampler = setInterval(() => {
    peakTree = Math.max(peakTree, treeUsage(pid).rssBytes);
  }, 200);
  let cpuAtFirst: number | undefined;
  let cpuAtAll: number | undefined;
  const first = nextMessage("first-request").then(() => {
    cpuAtFirst = treeUsage(pid).cpuSeconds;
  });
  const all = nextMessage("all-answered").then(() => {
    cpuAtAll = treeUsage(pid).cpuSeconds;
  });
  let timedOut = false;
  const limit = setTimeout(() => {
    timedOut = true;
    process.kill(-pid, "SIGKILL");
  }, timeLimitSeconds * 1000);
  const code = await new Promise<number | null>((resolve) => child.on("exit", resolve));
  clearTimeout(limit);
  clearInterval(sampler);
  const wallSeconds = (performance.now() - started) / 1000;
  // On a real model Synthforge's checks reject outputs the peers keep, and a run whose retries
  // run out exits 7 (fewer records than planned; the export holds what was accepted): its
  // shortfall counts as lost, as a peer's missing records do.
  const short = onServe && tool.startsWith("synthforge") && code === 7;
  if (code !== 0 && !timedOut && !short)
    throw new Error(`${tool} at concurrency ${concurrency} exited ${code}: ${errors}`);
  await Promise.race([Promise.all([first, all]), new Promise((resolve) => setTimeout(resolve, 100))]);
  const server = await mockStats();
  const [, user = "0", systemTime = "0", maxRss = "0"] = readFileSync(timeFile, "utf8")
    .trim()
    .split(/\s+/)
    .slice(-4);
  const seen = new Map<number, number>();
  const contents = timedOut ? [] : outputContents(tool, work, out);
  // A real model does not write the mock's `"item": N`: records are counted, not matched to prompts.
  if (onServe)
    for (let index = 0; index < Math.min(contents.length, promptCount); index += 1) seen.set(index, 1);
  else
    for (const content of contents) {
      const found = /"item":\s*(\d+)/.exec(content);
      if (found) seen.set(Number(found[1]), (seen.get(Number(found[1])) ?? 0) + 1);
    }
  let lost = 0;
  let duplicated = 0;
  for (let prompt = 0; prompt < promptCount; prompt += 1) {
    const times = seen.get(prompt) ?? 0;
    if (times === 0) lost += 1;
    if (times > 1) duplicated += times - 1;
  }
  const windowCpu = cpuAtFirst !== undefined && cpuAtAll !== undefined ? cpuAtAll - cpuAtFirst : Number.NaN;
  return {
    tool,
    concurrency,
    faults: faulty,
    recordsPerSecond: server.spanMs > 0 ? promptCount / (server.spanMs / 1000) : 0,
    cpuPerRecordWindow: windowCpu / promptCount,
    cpuPerRecordTotal: (Number(user) + Number(systemTime)) / promptCount,
    wallSeconds,
    maxRssMiB: Number(maxRss) / 1024,
    treeRssMiB: peakTree / 2 ** 20,
    records: contents.length,
    lost,
    duplicated,
    timedOut,
    server,
  };
}

// ---- the runs -----------------------------------------------------------------------------------

const results: Measured[] = [];
const loadAtStart = os.loadavg()[0] ?? 0;
try {
  for (const tool of tools) if (tool !== "synthforge") pythonOf(tool);
  for (const concurrency of concurrencies) {
    for (const tool of tools) {
      const result = await measure(tool, concurrency, false);
      results.push(result);
      process.stderr.write(
        `bench:peers ${tool} c=${concurrency}: ${result.recordsPerSecond.toFixed(1)} records/s, ${result.wallSeconds.toFixed(1)} s wall\n`,
      );
    }
  }
  // Under faults Synthforge runs twice: as it ships (adaptive concurrency, which cuts the requests
  // in flight on every 429 and 503) and with `adaptiveConcurrency: false`, to show what that costs.
  // The faults are the mock's: on `synthforge serve` there are none to inject.
  const faultTools = onServe
    ? []
    : tools.flatMap((tool) => (tool === "synthforge" ? [tool, "synthforge-fixed"] : [tool]));
  for (const tool of faultTools) {
    const result = await measure(tool, faultConcurrency, true);
    results.push(result);
    process.stderr.write(`bench:peers ${tool} with faults: ${result.records} records\n`);
  }
} finally {
  mock?.disconnect();
  await proxy?.close();
  served?.child.kill();
  if (process.env.BENCH_KEEP === undefined) rmSync(directory, { recursive: true, force: true });
}

const ms = (seconds: number) => (seconds * 1000).toFixed(2);
// No client can beat the server: with every answer taking the same time, `concurrency` requests
// in flight give at most concurrency ÷ answer time records per second.
const answerSeconds = (firstTokenMs + tokens * tokenGapMs) / 1000;
const ceiling = (concurrency: number) => Math.min(concurrency, promptCount) / answerSeconds;
const ofCeiling = (row: Measured) =>
  onServe ? "—" : `${((row.recordsPerSecond / ceiling(row.concurrency)) * 100).toFixed(0)}%`;
const serverLine = onServe
  ? "synthforge serve with the default student (SmolLM2-135M) on the same cores, through a counting proxy; records counted, not matched to prompts"
  : `mock server: first token ${firstTokenMs} ms + ${tokens} tokens × ${tokenGapMs} ms (the server's ceiling: concurrency ÷ ${answerSeconds.toFixed(3)} s records/s)`;
console.log(
  `bench:peers — ${promptCount} prompts, ${serverLine}; ` +
    `${os.cpus().length} CPU cores, load average ${loadAtStart.toFixed(2)} at the start, ${(os.loadavg()[0] ?? 0).toFixed(2)} at the end`,
);
console.log(
  "tool         conc  records/s  of ceiling  CPU ms/rec (window)  CPU ms/rec (total)  max RSS MiB  tree RSS MiB  records  lost  dup  requests",
);
for (const row of results.filter((each) => !each.faults)) {
  console.log(
    `${row.tool.padEnd(12)} ${String(row.concurrency).padStart(4)} ${row.recordsPerSecond.toFixed(1).padStart(10)} ${ofCeiling(row).padStart(11)} ${ms(row.cpuPerRecordWindow).padStart(20)} ${ms(row.cpuPerRecordTotal).padStart(19)} ${row.maxRssMiB.toFixed(0).padStart(12)} ${row.treeRssMiB.toFixed(0).padStart(13)} ${String(row.records).padStart(8)} ${String(row.lost).padStart(5)} ${String(row.duplicated).padStart(4)} ${String(row.server.requests).padStart(9)}${row.timedOut ? `  stopped after ${timeLimitSeconds} s` : ""}`,
  );
}
// The target names the faster of curator and distilabel; DataDesigner, where it ran, gets its own ratio.
const ratioRows = (against: string[]) => {
  for (const concurrency of concurrencies) {
    const ours = results.find(
      (row) => !row.faults && row.tool === "synthforge" && row.concurrency === concurrency,
    );
    const best = results
      .filter((row) => !row.faults && against.includes(row.tool) && row.concurrency === concurrency)
      .sort((a, b) => b.recordsPerSecond - a.recordsPerSecond)[0];
    if (ours === undefined || best === undefined) continue;
    const speed = ours.recordsPerSecond / best.recordsPerSecond;
    const cpu = ours.cpuPerRecordWindow / best.cpuPerRecordWindow;
    kept.set(`ratio_c${concurrency}_vs_${best.tool}`, { recordsPerSecond: speed, cpuPerRecord: cpu });
    console.log(
      `${String(concurrency).padStart(11)}  ${best.tool.padEnd(13)} ${speed.toFixed(2).padStart(20)} ${cpu.toFixed(2).padStart(28)}  ${speed >= 2 && cpu <= 1 ? "met" : "NOT met"}`,
    );
  }
};
console.log(
  "concurrency  faster peer   records/s Synthforge ÷ peer   CPU/record (window) Synthforge ÷ peer  target ≥ 2× at ≤ 1×",
);
ratioRows(["curator", "distilabel"]);
ratioRows(["data-designer"]);
console.log(
  `faults: ${share429 * 100}% 429 (Retry-After ${retryAfterSeconds} s), ${share500 * 100}% 500, ${share503 * 100}% 503, concurrency ${faultConcurrency}`,
);
console.log(
  "tool         records/s  records  lost  dup  requests  429s  5xx  early retries (worst ms early)  prompts asked again after a 200",
);
for (const row of results.filter((each) => each.faults)) {
  const s = row.server;
  console.log(
    `${row.tool.padEnd(12)} ${row.recordsPerSecond.toFixed(1).padStart(9)} ${String(row.records).padStart(8)} ${String(row.lost).padStart(5)} ${String(row.duplicated).padStart(4)} ${String(s.requests).padStart(9)} ${String(s.status429).padStart(5)} ${String(s.status5xx).padStart(4)} ${`${s.earlyRetries} (${s.worstEarlyMs.toFixed(1)})`.padStart(31)} ${String(s.promptsAnsweredTwice).padStart(33)}${row.timedOut ? `  stopped after ${timeLimitSeconds} s` : ""}`,
  );
}
kept.set("runs", results);
