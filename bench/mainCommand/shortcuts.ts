// The embedded provider's two decoding shortcuts on the README recipe, against the same run
// without them: the forced JSON opening written into the prompt (forcedJsonPrefix: the keys and
// the slot's label, 9 tokens a record no longer decoded one step each) and the prompt cache
// (createPromptCache: prompts another slot evaluated, copied instead of evaluated again). Runs
// bench/mainCommand/profile.ts twice in this bench run, one process each, the baseline first:
//   without  BENCH_PREFILL=off BENCH_PROMPT_CACHE=0
//   with     the defaults
// and prints the ratio of their wall times (with / without) and where the tokens went.
//
//   npx tsx bench/mainCommand/shortcuts.ts   BENCH_COUNT [100], BENCH_JUDGE [on|off, on]
//
// Writes bench/mainCommand/results/shortcuts.json (and each run's profile-<teacher>-shortcuts-*.json).
import { spawnSync } from "node:child_process";
import { writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";

const here = path.dirname(fileURLToPath(import.meta.url));
const count = process.env.BENCH_COUNT ?? "100";
const judge = process.env.BENCH_JUDGE ?? "on";

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

const without = profile("shortcuts-off", { BENCH_PREFILL: "off", BENCH_PROMPT_CACHE: "0" });
const withShortcuts = profile("shortcuts-on", {});
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
  runs: [row("without (prefill off, prompt cache 0)", without), row("with (defaults)", withShortcuts)],
  wallRatio: withShortcuts.wallSeconds / without.wallSeconds,
};
console.log(
  `${result.teacher}, ${count} records, judge ${judge}: without ${without.wallSeconds.toFixed(1)} s, with ${withShortcuts.wallSeconds.toFixed(1)} s: with / without ${result.wallRatio.toFixed(3)}×`,
);
for (const run of result.runs) {
  const tokens = run.tokensPerRecord;
  console.log(
    `  ${run.variant}: ${run.accepted} accepted, ${run.rejected} rejected; tokens a record: prompt ${tokens.prompt.toFixed(1)}, decoded ${tokens.generated.toFixed(1)}, judge ${tokens.judge.toFixed(1)}`,
  );
}
const file = path.join(here, "results", "shortcuts.json");
writeFileSync(file, `${JSON.stringify(result, null, 2)}\n`);
console.log(`written ${path.relative(process.cwd(), file)}`);
