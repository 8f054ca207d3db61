// Base vs tuned on real held-out translations (issue 23, items 6 and figures): the default
// zh→en student (Qwen2.5-Coder-0.5B-Instruct, LoRA as `synthforge train` runs it) tuned on N
// generated pairs and, in the same run, on the same N real pairs, each scored with sacrebleu's
// chrF and BLEU on a fixed real test slice, beside the untuned base.
//   - generated: the first N pairs of BENCH_GENERATED (a JSONL export of
//     `synthforge run examples/translation.yaml`, fields text and translation);
//   - real: the first N WMT19 newstest zh-en pairs of lines 1–1000 of ../shared/data/wmt_zhen_dev
//     with at most 40 Chinese characters (sentences as short as generated ones);
//   - test: lines 2000-BENCH_TEST+1 … 2000 (the fixed tail; default the last 50), never trained on.
//
//   flock /tmp/synthforge-heavy.lock npx tsx bench/translation/train.ts
//     BENCH_GENERATED=out/translation-zh-en/train.jsonl  BENCH_N=100  BENCH_TEST=50  BENCH_EPOCHS=2
import { existsSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { configFromEnvironment } from "../../src/core/config.js";
import { trainSchema } from "../../src/core/recipe/trainSchema.js";
import { defaultModelName } from "../../src/providers/registry/defaultModels.js";
import { visibleLength } from "../../src/quality/translation/pairRuleChecks.js";
import { trainEachStudent, writeJsonLines } from "../support/trainEachStudent.js";

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
const n = Number(process.env.BENCH_N ?? 100);
const testCount = Number(process.env.BENCH_TEST ?? 50);
const epochs = Number(process.env.BENCH_EPOCHS ?? 2);
const zh = readFileSync(zhFile, "utf8").split("\n").slice(0, 2000);
const en = readFileSync(enFile, "utf8").split("\n").slice(0, 2000);

const real: { text: string; translation: string }[] = [];
for (let index = 0; index < 1000 && real.length < n; index += 1) {
  if (visibleLength(zh[index]!) <= 40) real.push({ text: zh[index]!, translation: en[index]! });
}
const generated = readFileSync(generatedFile, "utf8")
  .split("\n")
  .filter((line) => line.trim() !== "")
  .map((line) => JSON.parse(line) as { text: string; translation: string })
  .slice(0, n)
  .map((record) => ({ text: record.text, translation: record.translation }));
if (generated.length < n)
  console.log(`note: ${generatedFile} holds ${generated.length} pairs, fewer than N = ${n}`);

const work = mkdtempSync(path.join(os.tmpdir(), "synthforge-bench-translation-"));
const write = (name: string, rows: object[]) => writeJsonLines(work, name, rows);
const test = write(
  "test.jsonl",
  zh.slice(2000 - testCount).map((text, index) => ({ text, translation: en[2000 - testCount + index]! })),
);
const config = configFromEnvironment();
const instruction = "Translate the Chinese sentence into natural English.";
const settings = {
  ...trainSchema.parse({ epochs, maxLength: 160, task: "sft", baseModel: defaultModelName }),
  earlyStoppingPatience: 0,
};
const results: Record<string, unknown> = {
  student: defaultModelName,
  n,
  test: `wmt_zhen_dev lines ${2000 - testCount + 1}-2000`,
  epochs,
  machine: `load ${os
    .loadavg()
    .map((value) => value.toFixed(1))
    .join(" ")} at start`,
};
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
  labelField: "translation",
  instruction,
  evaluate: { translationTarget: "en" },
});
const rows = students.map((student) => ({
  model: student.model,
  chrF: student.metrics.chrF ?? Number.NaN,
  bleu: student.metrics.bleu ?? Number.NaN,
}));
for (const student of students)
  results[student.model] = { ...student.metrics, trainSeconds: student.trainSeconds };
console.log(`chrF and BLEU (sacrebleu) on ${results.test}, ${testCount} real pairs:`);
for (const row of rows)
  console.log(`  ${row.model.padEnd(22)} chrF ${row.chrF.toFixed(2)}  BLEU ${row.bleu.toFixed(2)}`);
const base = rows.find((row) => row.model === "base");
const gen = rows.find((row) => row.model.includes("generated"));
const realRow = rows.find((row) => row.model.includes("real"));
if (base && gen && realRow) {
  console.log(
    `  generated − real: chrF ${(gen.chrF - realRow.chrF).toFixed(2)}, BLEU ${(gen.bleu - realRow.bleu).toFixed(2)}; tuned-on-generated / base chrF ratio ${(gen.chrF / base.chrF).toFixed(3)}`,
  );
}
const out = fileURLToPath(new URL("./results/", import.meta.url));
mkdirSync(out, { recursive: true });
writeFileSync(`${out}train-n${n}.json`, `${JSON.stringify(results, null, 2)}\n`);
console.log(`wrote ${out}train-n${n}.json`);
