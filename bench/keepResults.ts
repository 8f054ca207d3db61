// Every bench leaves a results file beside it, so a figure in README or docs can name where it came
// from. `keepResults(import.meta.url)` at the top of a bench copies what it prints (its table and
// ratios, line by line) and any figures it sets into `<bench folder>/results/<name>.json` when the
// process exits normally, with the time, the machine (load average at the start and the end) and
// the BENCH_* settings it ran with. A bench that fails writes nothing, so a stale file is never
// overwritten by a partial one.
import { mkdirSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";

export interface KeptResults {
  /** A figure to keep by name (a number, a table row): set before the process exits. */
  set(name: string, value: unknown): void;
}

export function keepResults(
  benchUrl: string,
  name = path.basename(fileURLToPath(benchUrl), ".ts"),
): KeptResults {
  const file = fileURLToPath(benchUrl);
  const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
  const startedAt = new Date();
  const loadAtStart = os.loadavg();
  const output: string[] = [];
  const figures: Record<string, unknown> = {};
  const log = console.log.bind(console);
  console.log = (...values: unknown[]) => {
    output.push(values.map((value) => (typeof value === "string" ? value : JSON.stringify(value))).join(" "));
    log(...values);
  };
  let failed = false;
  process.on("uncaughtException", () => {
    failed = true;
  });
  process.on("unhandledRejection", () => {
    failed = true;
  });
  process.on("exit", (code) => {
    if (code !== 0 || failed) return;
    const folder = path.join(path.dirname(file), "results");
    mkdirSync(folder, { recursive: true });
    const settings = Object.fromEntries(
      Object.entries(process.env).filter(([key]) => key.startsWith("BENCH_")),
    );
    const results = {
      bench: path.relative(root, file),
      startedAt: startedAt.toISOString(),
      finishedAt: new Date().toISOString(),
      machine: {
        cpus: os.cpus().length,
        model: os.cpus()[0]?.model,
        loadAverageAtStart: loadAtStart,
        loadAverageAtEnd: os.loadavg(),
      },
      settings,
      figures,
      output,
    };
    writeFileSync(path.join(folder, `${name}.json`), `${JSON.stringify(results, null, 2)}\n`);
    log(`results: ${path.relative(root, path.join(folder, `${name}.json`))}`);
  });
  return {
    set(key, value) {
      figures[key] = value;
    },
  };
}
