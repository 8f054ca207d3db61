// The README's main command, timed as a user runs it: `./synthforge run examples/sentiment-en.yaml`
// (the CLI in a child process, a fresh store and export folder, the model already downloaded),
// with the recipe's judge and, in the same bench run, with `judge: { enabled: false }` as the
// baseline: the ratio printed is the judge's share of the run (with / without). Each variant is
// the recipe unchanged but for the teacher and the judge switch, written to a temporary folder.
// The records exported by the judged run are copied to the results folder for reading. Each
// variant also records where the sequences' time went (slotSeconds): generation calls against the
// judge's verification, so that one judged run alone gives the judge's share.
//
//   npx tsx bench/mainCommand/run.ts   BENCH_TEACHER [the recipe's, qwen2.5-coder-1.5b-instruct],
//                                      BENCH_VARIANTS [judge,no-judge], BENCH_COUNT [the recipe's, 100]
//
// Writes bench/mainCommand/results/<teacher>.json (and records-<teacher>.jsonl). Wall times are
// of this machine as it was: its load average is recorded beside them.
import { spawn } from "node:child_process";
import { copyFileSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { parse, stringify } from "yaml";
import { configFromEnvironment } from "../../src/core/config.js";
import type { RunSummary } from "../../src/core/events.js";
import { embeddedParallel, embeddedThreads } from "../../src/providers/createLanguageModel.js";
import { createModelRegistry } from "../../src/providers/registry/createModelRegistry.js";

const here = path.dirname(fileURLToPath(import.meta.url));
const root = path.resolve(here, "../..");
const recipeFile = path.join(root, "examples/sentiment-en.yaml");
interface RecipeDocument {
  model: { name: string } & Record<string, unknown>;
  judge?: Record<string, unknown>;
  plan: Record<string, unknown>;
}
const base = parse(readFileSync(recipeFile, "utf8")) as RecipeDocument;
const teacher: string = process.env.BENCH_TEACHER ?? base.model.name;
const variants = (process.env.BENCH_VARIANTS ?? "judge,no-judge").split(",").filter(Boolean);
for (const variant of variants)
  if (variant !== "judge" && variant !== "no-judge")
    throw new Error(`BENCH_VARIANTS: expected judge and/or no-judge, got "${variant}".`);
const count = process.env.BENCH_COUNT === undefined ? undefined : Number(process.env.BENCH_COUNT);
if (count !== undefined && !(Number.isInteger(count) && count >= 2))
  throw new Error(`BENCH_COUNT: expected a whole number of at least 2, got "${process.env.BENCH_COUNT}".`);

interface Measured {
  variant: string;
  wallSeconds: number;
  summary: RunSummary;
  outputTokensPerSecond: number;
  /**
   * Where the sequences' time went, summed over the slots generating in parallel: the generation
   * calls (every record's own `timing.durationMs` in provenance.jsonl, rejected ones included)
   * and the judge's verification (the summary's judge seconds), and the judge's share of the two.
   */
  slotSeconds: { generation: number; judge: number; judgeShare: number };
}

async function runVariant(variant: string): Promise<Measured> {
  const work = mkdtempSync(path.join(os.tmpdir(), "synthforge-main-"));
  try {
    const recipe = {
      ...base,
      model: { ...base.model, name: teacher },
      judge: { ...(base.judge ?? {}), enabled: variant === "judge" },
      ...(count === undefined ? {} : { plan: { ...base.plan, count } }),
    };
    const file = path.join(work, "sentiment-en.yaml");
    writeFileSync(file, stringify(recipe));
    const out = path.join(work, "out");
    const started = performance.now();
    const summary = await new Promise<RunSummary>((resolve, reject) => {
      const child = spawn(
        path.join(root, "synthforge"),
        ["run", file, "--store", path.join(work, "store.sqlite"), "--out", out, "--json"],
        { cwd: root, stdio: ["ignore", "pipe", "inherit"] },
      );
      let buffered = "";
      let last: RunSummary | undefined;
      child.stdout.on("data", (chunk: Buffer) => {
        buffered += chunk.toString("utf8");
        let newline = buffered.indexOf("\n");
        while (newline >= 0) {
          const line = buffered.slice(0, newline);
          buffered = buffered.slice(newline + 1);
          newline = buffered.indexOf("\n");
          if (!line.startsWith("{")) continue;
          const event = JSON.parse(line) as { type: string; summary?: RunSummary };
          if (event.type === "run-end" && event.summary) last = event.summary;
        }
      });
      child.on("error", reject);
      child.on("close", (code) =>
        code === 0 && last ? resolve(last) : reject(new Error(`${variant}: the run exited with ${code}`)),
      );
    });
    const wallSeconds = (performance.now() - started) / 1000;
    const generation =
      readFileSync(path.join(out, "provenance.jsonl"), "utf8")
        .split("\n")
        .filter((line) => line.trim() !== "")
        .map((line) => JSON.parse(line) as { provenance: { timing: { durationMs: number } } })
        .reduce((sum, record) => sum + record.provenance.timing.durationMs, 0) / 1000;
    const judge = summary.judge?.seconds ?? 0;
    if (variant === "judge") {
      mkdirSync(path.join(here, "results"), { recursive: true });
      const records = ["train", "validation", "test"]
        .map((split) => readFileSync(path.join(out, `${split}.jsonl`), "utf8").trim())
        .join("\n");
      writeFileSync(path.join(here, "results", `records-${teacher}.jsonl`), `${records}\n`);
      copyFileSync(path.join(out, "manifest.json"), path.join(here, "results", `manifest-${teacher}.json`));
    }
    return {
      variant,
      wallSeconds,
      summary,
      outputTokensPerSecond: summary.outputTokens / summary.seconds,
      slotSeconds: { generation, judge, judgeShare: judge / (generation + judge) },
    };
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
}

// The settings the runs take (the recipe sets none): measured on this machine (bench:settings), else the registry's.
const resolved = await createModelRegistry({ config: configFromEnvironment() }).resolve(teacher);
const settings = {
  parallel: embeddedParallel(base.model as { parallel?: number }, resolved),
  threads: embeddedThreads(base.model as { threads?: number }, resolved) ?? "llama.cpp's default (all cores)",
  from: resolved.measured === undefined ? "the registry" : "measured on this machine (bench:settings)",
};
console.log(`settings: ${JSON.stringify(settings)}`);

const measured: Measured[] = [];
for (const variant of variants) {
  const result = await runVariant(variant);
  measured.push(result);
  const { summary } = result;
  console.log(
    `${variant}: ${summary.accepted} accepted, ${summary.rejected} rejected ${JSON.stringify(summary.rejectedByReason)}, run ${summary.seconds.toFixed(0)} s (${result.wallSeconds.toFixed(0)} s with the process start and model load), ${result.outputTokensPerSecond.toFixed(1)} output tokens/s; slot time ${result.slotSeconds.generation.toFixed(0)} s generating, ${result.slotSeconds.judge.toFixed(0)} s judging (the judge's share ${(result.slotSeconds.judgeShare * 100).toFixed(0)}%)`,
  );
}
const judged = measured.find((result) => result.variant === "judge");
const plain = measured.find((result) => result.variant === "no-judge");
const judgeShare = judged && plain ? judged.summary.seconds / plain.summary.seconds : undefined;
if (judgeShare !== undefined)
  console.log(
    `ratio judged run / run without the judge: ${judgeShare.toFixed(2)}× (baseline: no judge, same run)`,
  );
const results = {
  bench: "bench/mainCommand/run.ts",
  measuredAt: new Date().toISOString(),
  machine: { cpus: os.cpus().length, model: os.cpus()[0]?.model, loadAverage: os.loadavg() },
  recipe: "examples/sentiment-en.yaml",
  teacher,
  settings,
  variants: measured,
  judgedOverUnjudged: judgeShare,
};
mkdirSync(path.join(here, "results"), { recursive: true });
writeFileSync(path.join(here, "results", `${teacher}.json`), `${JSON.stringify(results, null, 2)}\n`);
console.log(`results: bench/mainCommand/results/${teacher}.json`);
