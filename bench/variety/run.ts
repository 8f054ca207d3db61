// Variety of the README's review example against real reviews at the same count (issue 21,
// item 4): distinct-1/2/3 and self-BLEU of the accepted records of examples/sentiment-en.yaml
// (the embedded 1.5B teacher) and of as many real Yelp sentences (../shared/data/yelp_labelled.txt,
// drawn 5 times, seeded; a Chinese recipe is compared with the waimai reviews of
// ../shared/data/waimai_10k.csv), the baseline measured in the same run; plus the generated side's most
// repeated word 4-grams, the phrases a reader sees again and again.
//
//   flock /tmp/synthforge-heavy.lock npx tsx bench/variety/run.ts
//     BENCH_RECIPE=examples/sentiment-en.yaml   the recipe to run
//     BENCH_RECORDS=<export folder>             measure an existing export instead (no model)
//     BENCH_STORE=<file>  BENCH_OUT=<folder>    where the run goes [bench/variety/.run/]
//     BENCH_LABEL=<text>                        the name the results file keeps this measurement under
// Writes bench/variety/results.json (one entry per BENCH_LABEL, earlier entries kept).
import { spawnSync } from "node:child_process";
import { existsSync, readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { loadRecipe } from "../../src/core/recipe/loadRecipe.js";
import { segmentWords } from "../../src/core/text/segmentWords.js";
import { loadSeedExamples } from "../../src/generate/seeds/loadSeedExamples.js";
import { compareVariety } from "../../src/quality/metrics/varietyComparison.js";
import { waimaiRows, yelpRows } from "../../test/fixtures/quality/reviewRows.js";

const here = path.dirname(fileURLToPath(import.meta.url));
const root = path.resolve(here, "../..");
const recipe = process.env.BENCH_RECIPE ?? "examples/sentiment-en.yaml";
const label = process.env.BENCH_LABEL ?? `${path.basename(recipe, ".yaml")} (this tree)`;
let folder = process.env.BENCH_RECORDS;
let seconds: number | undefined;
if (folder === undefined) {
  folder = process.env.BENCH_OUT ?? path.join(here, ".run/out");
  const store = process.env.BENCH_STORE ?? path.join(here, ".run/store.sqlite");
  const started = Date.now();
  const result = spawnSync(
    process.execPath,
    [path.join(root, "bin/synthforge.js"), "run", recipe, "--store", store, "--out", folder, "--no-gates"],
    { cwd: root, stdio: "inherit" },
  );
  seconds = Math.round((Date.now() - started) / 1000);
  if (result.status !== 0) {
    console.error(`synthforge run ${recipe} failed (exit ${result.status}).`);
    process.exit(1);
  }
}
const records = ["train.jsonl", "validation.jsonl", "test.jsonl"]
  .map((name) => path.join(folder!, name))
  .filter((file) => existsSync(file))
  .flatMap((file) =>
    readFileSync(file, "utf8")
      .split("\n")
      .filter((line) => line.trim() !== "")
      .map((line) => JSON.parse(line) as { text: string; label?: string }),
  );
if (records.length < 2) {
  console.error(`${folder} holds ${records.length} exported records; at least 2 are needed.`);
  process.exit(1);
}
// Real sentences the recipe shows the generator as seeds are not part of the real side.
const loaded = await loadRecipe(path.resolve(root, recipe));
const chinese = loaded.recipe.language.toLowerCase().startsWith("zh");
const words = (text: string) => segmentWords(text, chinese ? "zh" : "en");
const generated = records.map((record) => words(record.text));
const seeds = loaded.recipe.seeds
  ? await loadSeedExamples(loaded.recipe.seeds, {
      directory: loaded.directory,
      schema: loaded.recipe.output.schema,
    })
  : [];
const shown = new Set(seeds.map((seed) => String(seed.fields.text)));
// The real side: Yelp sentences for an English recipe, waimai reviews for a Chinese one.
const corpus = chinese ? "waimai reviews" : "Yelp sentences";
const real = (chinese ? waimaiRows() : yelpRows())
  .filter((row) => !shown.has(row.text))
  .map((row) => words(row.text));
const comparison = compareVariety(generated, real, { draws: 5, seed: 21 })!;

// The generated side's word 4-grams found in 3 records or more.
const documents = new Map<string, number>();
for (const text of generated) {
  const seen = new Set<string>();
  for (let start = 0; start + 4 <= text.length; start += 1) seen.add(text.slice(start, start + 4).join(" "));
  for (const gram of seen) documents.set(gram, (documents.get(gram) ?? 0) + 1);
}
const repeated = [...documents]
  .filter(([, count]) => count >= 3)
  .sort((a, b) => b[1] - a[1])
  .slice(0, 15)
  .map(([gram, count]) => ({ gram, records: count }));

const format = (value: number) => value.toFixed(3);
console.log(`${label}: ${records.length} records from ${folder}${seconds ? ` (${seconds} s)` : ""}`);
console.log(
  `at ${comparison.texts} texts each (${real.length} real ${corpus}${shown.size > 0 ? `, the recipe's ${shown.size} seeds left out` : ""}, drawn ${comparison.draws} times):`,
);
for (const key of ["distinct1", "distinct2", "distinct3", "selfBleu"] as const) {
  console.log(
    `  ${key.padEnd(10)} generated ${format(comparison.dataset[key])}  real ${format(comparison.reference[key])}  ratio ${format(comparison.dataset[key] / comparison.reference[key])}`,
  );
}
console.log(
  `most repeated 4-grams: ${repeated.map(({ gram, records }) => `"${gram}" ${records}`).join(", ")}`,
);

const resultsFile = path.join(here, "results.json");
const results = existsSync(resultsFile)
  ? (JSON.parse(readFileSync(resultsFile, "utf8")) as Record<string, unknown>)
  : {};
results[label] = {
  recipe,
  records: records.length,
  ...(shown.size > 0 ? { seedsLeftOut: shown.size, realSentences: real.length } : {}),
  ...(seconds === undefined ? { from: path.relative(root, folder) } : { seconds }),
  comparison,
  repeated4grams: repeated,
};
writeFileSync(resultsFile, `${JSON.stringify(results, null, 2)}\n`);
console.log(`wrote ${path.relative(root, resultsFile)}`);
