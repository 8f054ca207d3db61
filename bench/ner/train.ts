// Generated vs real on real held-out named entities (issue 23, figures): the student
// `synthforge train examples/ner-en.yaml` trains (a tagging head on all-MiniLM-L6-v2, task
// token-classification, with that task's defaults; BENCH_TASK=sft trains the generative
// SmolLM2-135M-Instruct instead, text in and the entity list as JSON out, beside its untuned base)
// tuned on N generated records and, in the same run, on N real CoNLL-2003 records, each scored by
// entity precision, recall and F1 (exact span and type, seqeval's definition) on the same real
// sentences.
//   - generated: the first N records of BENCH_GENERATED (a JSONL export of
//     `synthforge run examples/ner-en.yaml`, fields text and entities);
//   - real: N sentences of ../shared/data/conll2003_train.txt, a seeded sample of those shaped as
//     the recipe's records are (30–240 characters, 1–8 entities);
//   - test: a seeded sample of BENCH_TEST sentences of ../shared/data/conll2003_dev.txt, read as
//     `evaluate` reads the recipe's reference (sentences without entities included), never trained on.
//
//   flock /tmp/synthforge-heavy.lock npx tsx bench/ner/train.ts
//     BENCH_GENERATED=out/ner-en/train.jsonl  BENCH_N=100  BENCH_TEST=100
//     BENCH_EPOCHS (default: the task's; 2 was used for sft)  BENCH_TASK=token-classification|sft
import { existsSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { configFromEnvironment } from "../../src/core/config.js";
import { loadRecipe } from "../../src/core/recipe/loadRecipe.js";
import { resolvedTrainSettings, type TrainTask, trainSchema } from "../../src/core/recipe/trainSchema.js";
import { defaultStudentModelName } from "../../src/providers/registry/defaultModels.js";
import { readEntityExamples } from "../../src/train/readReferenceExamples.js";
import { recipeTrainDefaults } from "../../src/train/recipeTrainDefaults.js";
import { trainEachStudent, writeJsonLines } from "../support/trainEachStudent.js";
import { conllTrainingSample, sharedData } from "./realNer.js";

const trainFile = path.join(sharedData, "conll2003_train.txt");
const devFile = path.join(sharedData, "conll2003_dev.txt");
const generatedFile = process.env.BENCH_GENERATED;
if (
  !existsSync(trainFile) ||
  !existsSync(devFile) ||
  generatedFile === undefined ||
  !existsSync(generatedFile)
) {
  console.log(
    "skipped: needs ../shared/data/conll2003_{train,dev}.txt and BENCH_GENERATED=<a JSONL export of examples/ner-en.yaml>",
  );
  process.exit(0);
}
const n = Number(process.env.BENCH_N ?? 100);
const testCount = Number(process.env.BENCH_TEST ?? 100);
const { recipe } = await loadRecipe(fileURLToPath(new URL("../../examples/ner-en.yaml", import.meta.url)));
const task = (process.env.BENCH_TASK ?? recipeTrainDefaults(recipe).task) as TrainTask;
const student =
  task === "token-classification" ? recipeTrainDefaults(recipe).baseModel : defaultStudentModelName;
const instruction = recipe.export.instruction;

type Entity = { text: string; type: string };
const generated = readFileSync(generatedFile, "utf8")
  .split("\n")
  .filter((line) => line.trim() !== "")
  .map((line) => JSON.parse(line) as { text: string; entities: Entity[] })
  .slice(0, n)
  .map((record) => ({ text: record.text, entities: record.entities }));
if (generated.length === 0) {
  console.log(`skipped: ${generatedFile} holds no records`);
  process.exit(0);
}
if (generated.length < n)
  console.log(`note: ${generatedFile} holds ${generated.length} records, fewer than N = ${n}`);
const real = conllTrainingSample(trainFile, generated.length);

const work = mkdtempSync(path.join(os.tmpdir(), "synthforge-bench-ner-"));
const write = (name: string, rows: object[]) => writeJsonLines(work, name, rows);
const testExamples = await readEntityExamples(devFile, "conll", { limit: testCount, seed: 23 });
const test = write(
  "test.jsonl",
  testExamples.map((example) => ({ text: example.text, entities: JSON.parse(example.label) as Entity[] })),
);
const config = configFromEnvironment();
const parsed = trainSchema.parse({
  task,
  baseModel: student,
  maxLength: 256,
  ...(process.env.BENCH_EPOCHS === undefined ? {} : { epochs: Number(process.env.BENCH_EPOCHS) }),
});
// The generative student ran without early stopping (its validation rows are training rows).
const settings = task === "sft" ? { ...parsed, earlyStoppingPatience: 0 } : parsed;
const epochs = resolvedTrainSettings(settings).epochs;
const results: Record<string, unknown> = {
  student,
  task,
  n: generated.length,
  test: `${testExamples.length} sentences of conll2003_dev.txt (seeded sample, seed 23)`,
  real: `${real.length} sentences of conll2003_train.txt of 30-240 characters with 1-8 entities (seeded sample, seed 23)`,
  epochs,
  machine: `load ${os
    .loadavg()
    .map((value) => value.toFixed(1))
    .join(" ")} at start`,
};
const rows: { model: string; precision: number; recall: number; f1: number }[] = [];
const out = fileURLToPath(new URL("./results/", import.meta.url));
mkdirSync(out, { recursive: true });
const resultsFile = `${out}train-ner-en-n${generated.length}${task === "sft" ? "" : `-${task}`}.json`;
// Written after each student too, so a run stopped by a time limit keeps what it measured.
const save = () => writeFileSync(resultsFile, `${JSON.stringify(results, null, 2)}\n`);
const students = await trainEachStudent({
  work,
  config,
  settings,
  sets: [
    ["generated", generated],
    ["real", real],
  ],
  test,
  textField: "text",
  labelField: "entities",
  instruction,
  evaluate: { maxNewTokens: 160 },
  onResults: (done) => {
    for (const student of done)
      results[student.model] = { ...student.metrics, trainSeconds: student.trainSeconds };
    save();
  },
});
for (const student of students) {
  rows.push({
    model: student.model,
    precision: student.metrics.entityPrecision ?? Number.NaN,
    recall: student.metrics.entityRecall ?? Number.NaN,
    f1: student.metrics.entityF1 ?? Number.NaN,
  });
}
console.log(`entity P/R/F1 (exact span and type) on ${results.test}:`);
for (const row of rows)
  console.log(
    `  ${row.model.padEnd(22)} P ${row.precision.toFixed(3)}  R ${row.recall.toFixed(3)}  F1 ${row.f1.toFixed(3)}`,
  );
const base = rows.find((row) => row.model === "base");
const gen = rows.find((row) => row.model.includes("generated"));
const realRow = rows.find((row) => row.model.includes("real"));
if (gen && realRow) {
  console.log(
    `  generated − real F1: ${((gen.f1 - realRow.f1) * 100).toFixed(1)} points${base ? `; tuned-on-generated − base F1: ${((gen.f1 - base.f1) * 100).toFixed(1)} points` : ""}`,
  );
}
save();
console.log(`wrote ${resultsFile}`);
