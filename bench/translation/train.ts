// Base vs tuned on real held-out translations (issue 23, items 6 and figures): the student
// `synthforge train` gives the recipe (Qwen2.5-Coder-0.5B-Instruct for a pair with Chinese, LoRA)
// tuned on N generated pairs and, in the same run, on the same N real pairs, each scored with
// sacrebleu's chrF and BLEU on a fixed real test slice, beside the untuned base.
//   - the recipe: BENCH_RECIPE [examples/translation.yaml, zh→en]; examples/translation-en-zh.yaml
//     reads the same WMT19 pairs the other way round (English source, Chinese reference);
//   - generated: the first N pairs of BENCH_GENERATED (a JSONL export of
//     `synthforge run <recipe>`, fields text and translation);
//   - real: as many WMT19 newstest zh-en pairs as generated ones were read (N, or fewer when the
//     export holds fewer), the first of lines 1–1000 of ../shared/data/wmt_zhen_dev with at most
//     40 Chinese characters (sentences as short as generated ones);
//   - test: lines 2000-BENCH_TEST+1 … 2000 (the fixed tail; default the last 50), never trained on;
//   - with BENCH_READ (a read file, results/read-*.jsonl), after those two: the generated pairs I
//     read as correct only, against as many real pairs (the head of the real ones), so the run
//     also tells whether what the checks let through wrong is what hurts.
//   - with BENCH_STORE (the generating run's store) and BENCH_MIN_ADEQUACY: after those, the
//     generated pairs whose stored adequacy P(yes) is at least that line, as a recipe with
//     `judge.adequacy` would have kept them (whether a stricter line gives a better student).
// The results file is written after each trained student, so a run stopped by a time limit keeps
// every student it finished.
//
//   flock /tmp/synthforge-heavy.lock npx tsx bench/translation/train.ts
//     BENCH_GENERATED=out/translation-zh-en/train.jsonl  BENCH_N=100  BENCH_TEST=50  BENCH_EPOCHS=2
//     BENCH_RECIPE=examples/translation-en-zh.yaml  (results/train-en-zh-n<N>.json)
//     BENCH_READ=bench/translation/results/read-zh-en-v2.jsonl
//     BENCH_STORE=.synthforge/store.sqlite  BENCH_MIN_ADEQUACY=0.88
import { existsSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { configFromEnvironment } from "../../src/core/config.js";
import { loadRecipe } from "../../src/core/recipe/loadRecipe.js";
import { trainSchema } from "../../src/core/recipe/trainSchema.js";
import { translationDirectionOf } from "../../src/core/recipe/translationDirectionOf.js";
import { openStore } from "../../src/store/openStore.js";
import { recipeTrainDefaults } from "../../src/train/recipeTrainDefaults.js";
import { trainEachStudent, writeJsonLines } from "../support/trainEachStudent.js";
import {
  developmentLines,
  type Pair,
  pairsReadAsCorrect,
  type ReadRecord,
  realTestPairs,
  realTrainingPairs,
} from "./realPairs.js";

const data = new URL("../../../shared/data/", import.meta.url);
const zhFile = fileURLToPath(new URL("wmt_zhen_dev.zh", data));
const enFile = fileURLToPath(new URL("wmt_zhen_dev.en", data));
const generatedFile = process.env.BENCH_GENERATED;
if (!existsSync(zhFile) || !existsSync(enFile) || generatedFile === undefined || !existsSync(generatedFile)) {
  console.log(
    "skipped: needs ../shared/data/wmt_zhen_dev.{zh,en} and BENCH_GENERATED=<a JSONL export of generated pairs>",
  );
  process.exit(0);
}
const recipeFile =
  process.env.BENCH_RECIPE ?? fileURLToPath(new URL("../../examples/translation.yaml", import.meta.url));
const { recipe } = await loadRecipe(recipeFile);
const direction = translationDirectionOf(recipe);
if (
  direction === undefined ||
  ![direction.source, direction.target].every((language) => ["zh", "en"].includes(language))
)
  throw new Error(
    `${recipeFile}: expected a zh→en or en→zh translation recipe (template translation-zh-en or translation-en-zh)`,
  );
// The WMT19 pairs the other way round for an English source: the same sentences, the same lines.
const oriented = (pairs: Pair[]): Pair[] =>
  direction.source === "zh"
    ? pairs
    : pairs.map((pair) => ({ text: pair.translation, translation: pair.text }));
const student = recipeTrainDefaults(recipe).baseModel;
const n = Number(process.env.BENCH_N ?? 100);
const testCount = Number(process.env.BENCH_TEST ?? 50);
const epochs = Number(process.env.BENCH_EPOCHS ?? 2);
const zh = readFileSync(zhFile, "utf8").split("\n").slice(0, developmentLines);
const en = readFileSync(enFile, "utf8").split("\n").slice(0, developmentLines);

const generated = readFileSync(generatedFile, "utf8")
  .split("\n")
  .filter((line) => line.trim() !== "")
  .map((line) => JSON.parse(line) as { text: string; translation: string })
  .slice(0, n)
  .map((record) => ({ text: record.text, translation: record.translation }));
if (generated.length < n)
  console.log(`note: ${generatedFile} holds ${generated.length} pairs, fewer than N = ${n}`);
// The same count on both sides where the slice holds enough: the real students see as many pairs
// as the generated one, or every short pair of lines 1–1000 (429 for zh→en) when N is larger.
const real = oriented(realTrainingPairs(zh, en, generated.length));
if (real.length < generated.length)
  console.log(
    `note: wmt_zhen_dev lines 1-1000 hold ${real.length} short pairs, fewer than the ${generated.length} generated: the real student sees ${real.length}`,
  );
const readFile = process.env.BENCH_READ;
const correct =
  readFile === undefined
    ? []
    : pairsReadAsCorrect(
        generated,
        readFileSync(readFile, "utf8")
          .split("\n")
          .filter((line) => line.trim() !== "")
          .map((line) => JSON.parse(line) as ReadRecord),
      );
if (readFile !== undefined && correct.length === 0)
  throw new Error(`no pair of ${generatedFile} is read as correct in ${readFile}`);

const storeFile = process.env.BENCH_STORE;
const minAdequacy =
  process.env.BENCH_MIN_ADEQUACY === undefined ? undefined : Number(process.env.BENCH_MIN_ADEQUACY);
const confident =
  storeFile === undefined || minAdequacy === undefined
    ? []
    : pairsAtAdequacy(generated, storeFile, minAdequacy);
if (storeFile !== undefined && minAdequacy !== undefined && confident.length === 0)
  throw new Error(
    `no pair of ${generatedFile} has a stored adequacy of ${minAdequacy} or more in ${storeFile}`,
  );

const work = mkdtempSync(path.join(os.tmpdir(), "synthforge-bench-translation-"));
const write = (name: string, rows: object[]) => writeJsonLines(work, name, rows);
const test = write("test.jsonl", oriented(realTestPairs(zh, en, testCount)));
const config = configFromEnvironment();
const instruction = recipe.export.instruction;
const settings = {
  ...trainSchema.parse({ epochs, maxLength: 160, task: "sft", baseModel: student }),
  earlyStoppingPatience: 0,
};
const results: Record<string, unknown> = {
  recipe: path.relative(process.cwd(), recipeFile),
  direction: `${direction.source}→${direction.target}`,
  student,
  n: generated.length,
  generated: generatedFile,
  real: `the first ${real.length} pairs of wmt_zhen_dev lines 1-1000 with at most 40 Chinese characters${direction.source === "zh" ? "" : ", English as the source"}`,
  test: `wmt_zhen_dev lines ${developmentLines - testCount + 1}-${developmentLines}`,
  testPairs: testCount,
  ...(readFile === undefined
    ? {}
    : {
        read: readFile,
        readAsCorrect: `${correct.length} of the ${generated.length} generated pairs (accepted and read as correct); the real side is the first ${correct.length} of the real pairs`,
      }),
  ...(confident.length === 0
    ? {}
    : {
        store: storeFile,
        atAdequacy: `${confident.length} of the ${generated.length} generated pairs with a stored adequacy P(yes) of at least ${minAdequacy}`,
      }),
  epochs,
  machine: `load ${os
    .loadavg()
    .map((value) => value.toFixed(1))
    .join(" ")} at start`,
};
const out = fileURLToPath(new URL("./results/", import.meta.url));
mkdirSync(out, { recursive: true });
const resultsFile = `${out}train-${direction.source === "zh" ? "" : "en-zh-"}n${generated.length}.json`;
// Written after each student too, so a run stopped by a time limit keeps what it measured.
const started = performance.now();
const save = () => {
  results.minutes = Number(((performance.now() - started) / 60000).toFixed(1));
  writeFileSync(resultsFile, `${JSON.stringify(results, null, 2)}\n`);
};
save();
const students = await trainEachStudent({
  work,
  config,
  settings,
  sets: [
    ["generated", generated],
    ["real", real],
    ...(correct.length === 0
      ? []
      : ([
          ["generated read as correct", correct],
          ["real (the same head)", real.slice(0, correct.length)],
        ] as const)),
    ...(confident.length === 0 ? [] : ([[`generated at adequacy ≥ ${minAdequacy}`, confident]] as const)),
  ],
  test,
  textField: "text",
  labelField: "translation",
  instruction,
  evaluate: { translationTarget: direction.target },
  onResults: (done) => {
    for (const student of done)
      results[student.model] = { ...student.metrics, trainSeconds: student.trainSeconds };
    save();
  },
});
const rows = students.map((student) => ({
  model: student.model,
  chrF: student.metrics.chrF ?? Number.NaN,
  bleu: student.metrics.bleu ?? Number.NaN,
}));
console.log(`chrF and BLEU (sacrebleu) on ${results.test}, ${testCount} real pairs:`);
for (const row of rows)
  console.log(`  ${row.model.padEnd(22)} chrF ${row.chrF.toFixed(2)}  BLEU ${row.bleu.toFixed(2)}`);
const base = rows.find((row) => row.model === "base");
const gen = rows.find((row) => row.model === `tuned on ${generated.length} generated`);
const realRow = rows.find((row) => row.model === `tuned on ${real.length} real`);
if (base && gen && realRow) {
  console.log(
    `  generated − real: chrF ${(gen.chrF - realRow.chrF).toFixed(2)}, BLEU ${(gen.bleu - realRow.bleu).toFixed(2)}; tuned-on-generated / base chrF ratio ${(gen.chrF / base.chrF).toFixed(3)}`,
  );
}
save();
console.log(`wrote ${resultsFile}`);

/** The pairs of `generated` whose run stored an adequacy P(yes) of at least `line` (matched by source and translation). */
function pairsAtAdequacy(generated: readonly Pair[], file: string, line: number): Pair[] {
  const store = openStore(file);
  try {
    const yes = new Map<string, number>();
    for (const run of store.listRuns()) {
      const records = new Map(
        store.listRecords(run.id, { status: "accepted" }).map((record) => [record.id, record]),
      );
      for (const decision of store.listDecisions(run.id, "adequacy")) {
        const data = records.get(decision.recordId)?.data as Pair | undefined;
        const details = decision.details as { yes?: number } | undefined;
        if (data && typeof details?.yes === "number")
          yes.set(`${data.text}\u0000${data.translation}`, details.yes);
      }
    }
    return generated.filter((pair) => (yes.get(`${pair.text}\u0000${pair.translation}`) ?? -1) >= line);
  } finally {
    store.close();
  }
}
