// Does the answer answer its instruction? The judge's output check for instruction data
// (createJudge: "Does the output answer this instruction, about what it asks, rather than something else?", k votes
// drawn from ONE evaluation of the prompt through LanguageModel.choose) measured on records
// whose truth is known:
//   good: real human-written pairs (Self-Instruct user-oriented instructions, Zhihu questions
//         and answers of COIG-CQIA), short enough for the judge's context;
//   bad:  the same instructions with the answer of another instruction of the same set, and the
//         embedded teacher's answers to another instruction (model-failures.jsonl, `ignores`),
//         each read by hand (failure-marks.json lists the lines that are not failures).
// Prints, per language, the precision and recall of the judge's rejections under its default
// rule (2 of 3 votes at temperature 0.7), and a threshold on P(yes) calibrated on half of the
// records (even positions) and reported on the other half. Writes results-answer-judge-<judge>.json.
//
//   flock /tmp/synthforge-heavy.lock npx tsx bench/audit/answerJudge.ts [per group, 40]
import { existsSync, readFileSync, writeFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { runPool } from "../../src/core/concurrency/runPool.js";
import { configFromEnvironment } from "../../src/core/config.js";
import { createRandom, shuffle } from "../../src/core/stats/random.js";
import { createEmbeddedModel } from "../../src/providers/embedded/createEmbeddedModel.js";
import { createModelRegistry } from "../../src/providers/registry/createModelRegistry.js";
import { defaultModelName } from "../../src/providers/registry/defaultModels.js";
import { createJudge } from "../../src/quality/judge/createJudge.js";
import { outputPrompt } from "../../src/quality/judge/judgePrompts.js";

const perGroup = Number(process.argv[2] ?? 40);
const here = (name: string) => fileURLToPath(new URL(name, import.meta.url));
type Row = { instruction: string; input: string; output: string };
const read = (name: string) =>
  readFileSync(here(`./data/${name}`), "utf8")
    .split("\n")
    .filter((line) => line.trim() !== "")
    .map((line) => JSON.parse(line) as Row & Record<string, unknown>);
const short = (row: Row) => row.instruction.length + row.input.length < 500 && row.output.length < 600;
const marks = existsSync(here("./data/failure-marks.json"))
  ? new Set((JSON.parse(readFileSync(here("./data/failure-marks.json"), "utf8")) as { good: number[] }).good)
  : new Set<number>();
const failures = existsSync(here("./data/model-failures.jsonl")) ? read("model-failures.jsonl") : [];

interface Case {
  language: "en" | "zh";
  data: { instruction: string; input: string | null; output: string };
  good: boolean;
  source: string;
}
const cases: Case[] = [];
for (const [language, file] of [
  ["en", "instruction-en-user.jsonl"],
  ["zh", "instruction-zh.jsonl"],
] as const) {
  const rows = shuffle(read(file).filter(short), createRandom(language === "en" ? 31 : 32));
  const good = rows.slice(0, perGroup);
  const swapped = rows.slice(perGroup, perGroup * 2);
  for (const row of good) {
    cases.push({
      language,
      data: { instruction: row.instruction, input: row.input || null, output: row.output },
      good: true,
      source: "real",
    });
  }
  swapped.forEach((row, index) => {
    const other = swapped[(index + 1) % swapped.length]!;
    cases.push({
      language,
      data: { instruction: row.instruction, input: row.input || null, output: other.output },
      good: false,
      source: "another instruction's answer",
    });
  });
  failures.forEach((row, line) => {
    if (row.failure !== "ignores" || row.language !== language || marks.has(line + 1)) return;
    cases.push({
      language,
      data: { instruction: row.instruction, input: null, output: row.output },
      good: false,
      source: "model answered another instruction",
    });
  });
}

const resolved = await createModelRegistry({ config: configFromEnvironment() }).resolve(
  process.env.BENCH_JUDGE_MODEL ?? defaultModelName,
);
const model = await createEmbeddedModel({
  modelPath: resolved.path,
  id: resolved.name,
  parallel: 4,
  contextSize: 2048,
});
const briefs = {
  en: {
    task: "instruction",
    description: "Instructions a user gives an assistant, with the answer.",
    language: "en",
  },
  zh: { task: "instruction", description: "用户向助手提出的问题或指令，以及回答。", language: "zh" },
};
const started = performance.now();
const outcomes: { language: string; good: boolean; source: string; rejected: boolean; yes: number }[] = [];
await runPool(
  cases.map((item, index) => ({ item, index })),
  { concurrency: 4 },
  async ({ item, index }) => {
    const brief = briefs[item.language];
    const judge = createJudge({
      model,
      brief,
      settings: { votes: 3, minimumAgreement: 2, temperature: 0.7, rubric: { mode: "off", threshold: 3 } },
      textField: "instruction",
    });
    const verdict = await judge.verify({ data: item.data, cell: {}, seed: 500 + index });
    const chosen = await model.choose!({
      messages: outputPrompt(brief, item.data, "word"),
      choices: ["yes", "no"],
      temperature: 0,
      seeds: [1],
    });
    outcomes.push({
      language: item.language,
      good: item.good,
      source: item.source,
      rejected: verdict.rejectReason !== undefined,
      yes: chosen.probabilities.yes ?? 0,
    });
  },
);
await model.dispose();
const seconds = (performance.now() - started) / 1000;

const percent = (value: number) => (Number.isNaN(value) ? "-" : `${(value * 100).toFixed(1)}%`);
const score = (group: typeof outcomes, rejects: (outcome: (typeof outcomes)[number]) => boolean) => {
  const rejected = group.filter(rejects);
  const bad = group.filter((outcome) => !outcome.good);
  return {
    precision: rejected.filter((outcome) => !outcome.good).length / rejected.length,
    recall: bad.filter(rejects).length / bad.length,
    goodKept:
      group.filter((outcome) => outcome.good && !rejects(outcome)).length /
      group.filter((outcome) => outcome.good).length,
  };
};
const results: Record<string, unknown> = { model: resolved.name, seconds, records: outcomes.length };
console.log(
  `Answer check (the judge's output vote, ${resolved.name}) on ${outcomes.length} records, ${seconds.toFixed(0)} s\n`,
);
console.log("language  rule                         precision  recall  good kept");
for (const language of ["en", "zh"]) {
  const group = outcomes.filter((outcome) => outcome.language === language);
  const vote = score(group, (outcome) => outcome.rejected);
  // Calibrate a P(yes) threshold on even positions (best balanced accuracy), report on odd ones.
  const calibration = group.filter((_, index) => index % 2 === 0);
  const held = group.filter((_, index) => index % 2 === 1);
  let best = { threshold: 0.5, accuracy: 0 };
  for (let threshold = 0.05; threshold < 1; threshold += 0.05) {
    const s = score(calibration, (outcome) => outcome.yes < threshold);
    const accuracy = (s.recall + s.goodKept) / 2;
    if (accuracy > best.accuracy) best = { threshold, accuracy };
  }
  const calibrated = score(held, (outcome) => outcome.yes < best.threshold);
  console.log(
    `${language.padEnd(8)}  ${"2 of 3 votes (default)".padEnd(27)}  ${percent(vote.precision).padStart(9)}  ${percent(vote.recall).padStart(6)}  ${percent(vote.goodKept).padStart(9)}`,
  );
  console.log(
    `${language.padEnd(8)}  ${`P(yes) < ${best.threshold.toFixed(2)} (held-out half)`.padEnd(27)}  ${percent(calibrated.precision).padStart(9)}  ${percent(calibrated.recall).padStart(6)}  ${percent(calibrated.goodKept).padStart(9)}`,
  );
  for (const source of [...new Set(group.map((outcome) => outcome.source))]) {
    const part = group.filter((outcome) => outcome.source === source);
    console.log(
      `          ${source}: ${part.length}, rejected by the vote ${part.filter((outcome) => outcome.rejected).length}`,
    );
  }
  results[language] = { vote, threshold: best.threshold, calibrated, n: group.length };
}
writeFileSync(here(`./results-answer-judge-${resolved.name}.json`), `${JSON.stringify(results, null, 2)}\n`);
