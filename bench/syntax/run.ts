// The syntax check (`quality.syntax`: the worker's dependency parse; a text without a predicate
// is rejected) on every real review of the development data (docs/data.md): all 1,000 Yelp
// sentences (spaCy) and all 11,987 waimai reviews (UDPipe, segmenting Chinese itself, as
// runWorkerChecks asks it). Every review is a real one a person wrote, so each rejection is a
// false one: the figure is the share of real reviews the check would wrongly reject, which the
// README and docs/quality.md quote. Baseline in the same run: the rule checks
// (checkRecordText) on the same texts, the share they reject.
//
//   npm run bench:syntax        (writes bench/syntax/results.json beside this file)
import { writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { configFromEnvironment } from "../../src/core/config.js";
import { checkRecordText } from "../../src/quality/filters/checkRecordText.js";
import { startWorker } from "../../src/worker/startWorker.js";
import { workerAssetsDir } from "../../src/worker/workerPaths.js";
import { realData } from "../../test/fixtures/quality/realData.js";
import { waimaiRows, yelpRows } from "../../test/fixtures/quality/reviewRows.js";

const here = path.dirname(fileURLToPath(import.meta.url));
if (!realData().available) {
  console.error(`bench:syntax needs the real reviews: ${realData().directory} (see docs/data.md).`);
  process.exit(1);
}
const config = configFromEnvironment();
const assetsDir = workerAssetsDir(config);
const worker = await startWorker({ config });
const results: Record<string, unknown> = {
  bench: "bench/syntax/run.ts",
  measuredAt: new Date().toISOString(),
  machine: { cpus: os.cpus().length, loadAverage: os.loadavg() },
};
try {
  for (const [name, language, rows] of [
    ["yelp", "en", yelpRows()],
    ["waimai", "zh", waimaiRows()],
  ] as const) {
    const texts = rows.map((row) => row.text);
    const started = performance.now();
    const parsed = (await worker.request("syntax", {
      texts,
      language,
      tokens: null,
      assetsDir,
    })) as unknown as {
      parser: string;
      results: { ok: boolean }[];
    };
    const seconds = (performance.now() - started) / 1000;
    const rejected = texts.filter((_, index) => !parsed.results[index]!.ok);
    const ruleRejected = texts.filter(
      (text) =>
        checkRecordText(text, { language }).find((decision) => decision.decision === "reject") !== undefined,
    ).length;
    results[name] = {
      parser: parsed.parser,
      reviews: texts.length,
      rejected: rejected.length,
      share: rejected.length / texts.length,
      examples: rejected.slice(0, 10),
      ruleChecksRejected: ruleRejected,
      seconds,
    };
    console.log(
      `${name} (${parsed.parser}): ${rejected.length} of ${texts.length} real reviews rejected (${((100 * rejected.length) / texts.length).toFixed(2)}%), in ${seconds.toFixed(1)} s; rule checks (baseline, same texts): ${ruleRejected} (${((100 * ruleRejected) / texts.length).toFixed(2)}%)`,
    );
    console.log(`  e.g. ${rejected.slice(0, 5).join(" | ")}`);
  }
} finally {
  await worker.close();
}
writeFileSync(path.join(here, "results.json"), `${JSON.stringify(results, null, 2)}\n`);
console.log("Written to bench/syntax/results.json");
