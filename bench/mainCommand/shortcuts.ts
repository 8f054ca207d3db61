// The embedded provider's decoding shortcuts on the README recipe, against the same run without
// them: the forced JSON opening written into the prompt (`prefill`; forcedJsonPrefix: the keys
// and the slot's label, 9 tokens a record no longer decoded one step each), the prompt cache
// (`prompt-cache`; createPromptCache: prompts another slot evaluated, copied instead of evaluated
// again) and the generating sequences decoded in step (`in-step`; createStepBarrier: every
// generating sequence's next token in the same batch). Runs bench/mainCommand/profile.ts twice in
// this bench run, one process each, the baseline first:
//   without  the shortcuts BENCH_WITHOUT names turned off [prefill,prompt-cache,in-step]
//   with     the defaults
// and prints the ratio of their wall times (with / without) and where the tokens went.
//
//   npx tsx bench/mainCommand/shortcuts.ts   BENCH_COUNT [100], BENCH_JUDGE [on|off, on], BENCH_WITHOUT
//
// Writes bench/mainCommand/results/shortcuts-<BENCH_WITHOUT, joined by +>.json (and each run's
// profile-<teacher>-shortcuts-*.json). shortcuts.json is an earlier run of prefill and
// prompt-cache alone, before in-step existed.
import { spawnSync } from "node:child_process";
import { writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";

const here = path.dirname(fileURLToPath(import.meta.url));
const count = process.env.BENCH_COUNT ?? "100";
const judge = process.env.BENCH_JUDGE ?? "on";
const shortcuts = {
  prefill: { BENCH_PREFILL: "off" },
  "prompt-cache": { BENCH_PROMPT_CACHE: "0" },
  "in-step": { BENCH_IN_STEP: "off" },
} as const;
const without = (process.env.BENCH_WITHOUT ?? "prefill,prompt-cache,in-step").split(",").filter(Boolean);
for (const name of without)
  if (!(name in shortcuts))
    throw new Error(
      `BENCH_WITHOUT: expected names among ${Object.keys(shortcuts).join(", ")}, got "${name}".`,
    );
const off: Record<string, string> = Object.assign(
  {},
  ...without.map((name) => shortcuts[name as keyof typeof shortcuts]),
);

interface Profile {
  teacher: string;
  wallSeconds: number;
  batchSeconds: number;
  perRecord: { prompt: number; generated: number; judge: number };
  tokenSeconds: { prompt: number; generated: number; judge: number };
  summary: { accepted: number; rejected: number; rejectedByReason: Record<string, number> };
  machine: { loadAverage: number[] };
}

function profile(label: string, environment: Record<string, string>): Profile {
  const started = os.loadavg();
  const child = spawnSync("npx", ["tsx", path.join(here, "profile.ts")], {
    env: { ...process.env, BENCH_COUNT: count, BENCH_JUDGE: judge, BENCH_LABEL: label, ...environment },
    stdio: ["ignore", "pipe", "inherit"],
    encoding: "utf8",
    maxBuffer: 64 * 1024 * 1024,
  });
  if (child.status !== 0)
    throw new Error(`bench/mainCommand/profile.ts (${label}) exited with ${child.status}`);
  const result = JSON.parse(child.stdout.slice(child.stdout.indexOf("{\n"))) as Profile;
  result.machine.loadAverage = started;
  return result;
}

const baseline = profile(`shortcuts-off-${without.join("+")}`, off);
const withShortcuts = profile(`shortcuts-on-${without.join("+")}`, {});
const row = (name: string, run: Profile) => ({
  variant: name,
  wallSeconds: Number(run.wallSeconds.toFixed(1)),
  accepted: run.summary.accepted,
  rejected: run.summary.rejected,
  rejectedByReason: run.summary.rejectedByReason,
  tokensPerRecord: run.perRecord,
  tokenSeconds: run.tokenSeconds,
  loadAverageAtStart: run.machine.loadAverage,
});
const result = {
  bench: "bench/mainCommand/shortcuts.ts",
  measuredAt: new Date().toISOString(),
  teacher: withShortcuts.teacher,
  records: Number(count),
  judge,
  runs: [row(`without (${without.join(", ")} off)`, baseline), row("with (defaults)", withShortcuts)],
  wallRatio: withShortcuts.wallSeconds / baseline.wallSeconds,
};
console.log(
  `${result.teacher}, ${count} records, judge ${judge}: without ${without.join(", ")}: ${baseline.wallSeconds.toFixed(1)} s, with ${withShortcuts.wallSeconds.toFixed(1)} s: with / without ${result.wallRatio.toFixed(3)}×`,
);
for (const run of result.runs) {
  const tokens = run.tokensPerRecord;
  console.log(
    `  ${run.variant}: ${run.accepted} accepted, ${run.rejected} rejected; tokens a record: prompt ${tokens.prompt.toFixed(1)}, decoded ${tokens.generated.toFixed(1)}, judge ${tokens.judge.toFixed(1)}`,
  );
}
const file = path.join(here, "results", `shortcuts-${without.join("+")}.json`);
writeFileSync(file, `${JSON.stringify(result, null, 2)}\n`);
console.log(`written ${path.relative(process.cwd(), file)}`);
