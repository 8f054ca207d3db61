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
// BENCH_FAMILIES (instruction) adds the output check of the other generation families, on real
// records of bench/audit/data and structural corruptions of them that use no phrase of any check:
//   summarization: "Is the summary faithful to the source…?"; bad: the summary of another article;
//   dialogue: "Is the dialogue coherent, with every reply answering what came before?"; bad: the
//             last turn replaced by the last turn of another dialogue;
//   qa:       "Is the answer correct and supported by the given context or question?"; bad: the
//             answer to another passage's question.
// (with BENCH_FAMILIES, the results file is results-answer-judge-<judge>-<families>.json)
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
  /** The family and language the case is scored in ("instruction en"). */
  group: string;
  task: string;
  language: "en" | "zh";
  data: Record<string, unknown>;
  good: boolean;
  source: string;
}
const families = (process.env.BENCH_FAMILIES ?? "instruction").split(",");
const cases: Case[] = [];
for (const [language, file] of (families.includes("instruction")
  ? [
      ["en", "instruction-en-user.jsonl"],
      ["zh", "instruction-zh.jsonl"],
    ]
  : []) as ["en" | "zh", string][]) {
  const base = { group: `instruction ${language}`, task: "instruction", language };
  const rows = shuffle(read(file).filter(short), createRandom(language === "en" ? 31 : 32));
  const good = rows.slice(0, perGroup);
  const swapped = rows.slice(perGroup, perGroup * 2);
  for (const row of good) {
    cases.push({
      ...base,
      data: { instruction: row.instruction, input: row.input || null, output: row.output },
      good: true,
      source: "real",
    });
  }
  swapped.forEach((row, index) => {
    const other = swapped[(index + 1) % swapped.length]!;
    cases.push({
      ...base,
      data: { instruction: row.instruction, input: row.input || null, output: other.output },
      good: false,
      source: "another instruction's answer",
    });
  });
  failures.forEach((row, line) => {
    if (row.failure !== "ignores" || row.language !== language || marks.has(line + 1)) return;
    cases.push({
      ...base,
      data: { instruction: row.instruction, input: null, output: row.output },
      good: false,
      source: "model answered another instruction",
    });
  });
}

/** Real records of one family (good) and the same records with one field taken from another (bad). */
function corrupted(
  task: string,
  file: string,
  fits: (row: Record<string, unknown>) => boolean,
  swap: (row: Record<string, unknown>, other: Record<string, unknown>) => Record<string, unknown>,
  source: string,
): void {
  const rows = shuffle(
    readFileSync(here(`./data/${file}`), "utf8")
      .split("\n")
      .filter((line) => line.trim() !== "")
      .map((line) => JSON.parse(line) as Record<string, unknown>)
      .filter(fits),
    createRandom(33),
  );
  const group = `${task} en`;
  for (const row of rows.slice(0, perGroup))
    cases.push({ group, task, language: "en", data: row, good: true, source: "real" });
  const swapped = rows.slice(perGroup, perGroup * 2);
  swapped.forEach((row, index) => {
    const other = swapped[(index + 1) % swapped.length]!;
    cases.push({ group, task, language: "en", data: swap(row, other), good: false, source });
  });
}
if (families.includes("summarization"))
  corrupted(
    "summarization",
    "summarization-en.jsonl",
    (row) => String(row.document).length < 2600,
    (row, other) => ({ document: row.document, summary: other.summary }),
    "the summary of another article",
  );
if (families.includes("dialogue"))
  corrupted(
    "dialogue",
    "dialogue-en.jsonl",
    (row) => Array.isArray(row.turns) && row.turns.length >= 3,
    (row, other) => {
      const turns = [...(row.turns as unknown[])];
      turns[turns.length - 1] = (other.turns as unknown[]).at(-1);
      return { turns };
    },
    "the last turn of another dialogue",
  );
if (families.includes("qa"))
  corrupted(
    "qa",
    "qa-en.jsonl",
    (row) => String(row.context).length < 1800,
    (row, other) => ({ context: row.context, question: row.question, answer: other.answer }),
    "the answer to another passage's question",
  );

const resolved = await createModelRegistry({ config: configFromEnvironment() }).resolve(
  process.env.BENCH_JUDGE_MODEL ?? defaultModelName,
);
const model = await createEmbeddedModel({
  modelPath: resolved.path,
  id: resolved.name,
  parallel: 4,
  contextSize: families.some((family) => family !== "instruction") ? 4096 : 2048,
});
const briefs: Record<string, { task: string; description: string; language: string }> = {
  en: {
    task: "instruction",
    description: "Instructions a user gives an assistant, with the answer.",
    language: "en",
  },
  zh: { task: "instruction", description: "用户向助手提出的问题或指令，以及回答。", language: "zh" },
  summarization: {
    task: "summarization",
    description: "News articles with their summaries.",
    language: "en",
  },
  dialogue: { task: "dialogue", description: "Everyday conversations between two people.", language: "en" },
  qa: {
    task: "qa",
    description: "Passages with a question about each and its answer, a span of the passage.",
    language: "en",
  },
};
const started = performance.now();
const outcomes: { group: string; good: boolean; source: string; rejected: boolean; yes: number }[] = [];
await runPool(
  cases.map((item, index) => ({ item, index })),
  { concurrency: 4 },
  async ({ item, index }) => {
    const brief = briefs[item.task === "instruction" ? item.language : item.task]!;
    const judge = createJudge({
      model,
      brief,
      settings: { votes: 3, minimumAgreement: 2, temperature: 0.7, rubric: { mode: "off", threshold: 3 } },
      textField: Object.keys(item.data)[0]!,
    });
    const verdict = await judge.verify({ data: item.data, cell: {}, seed: 500 + index });
    const chosen = await model.choose!({
      messages: outputPrompt(brief, item.data, "word"),
      choices: ["yes", "no"],
      temperature: 0,
      seeds: [1],
    });
    outcomes.push({
      group: item.group,
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
console.log("group             rule                         precision  recall  good kept");
for (const name of [...new Set(cases.map((item) => item.group))]) {
  const group = outcomes.filter((outcome) => outcome.group === name);
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
    `${name.padEnd(16)}  ${"2 of 3 votes (default)".padEnd(27)}  ${percent(vote.precision).padStart(9)}  ${percent(vote.recall).padStart(6)}  ${percent(vote.goodKept).padStart(9)}`,
  );
  console.log(
    `${name.padEnd(16)}  ${`P(yes) < ${best.threshold.toFixed(2)} (held-out half)`.padEnd(27)}  ${percent(calibrated.precision).padStart(9)}  ${percent(calibrated.recall).padStart(6)}  ${percent(calibrated.goodKept).padStart(9)}`,
  );
  for (const source of [...new Set(group.map((outcome) => outcome.source))]) {
    const part = group.filter((outcome) => outcome.source === source);
    console.log(
      `                  ${source}: ${part.length}, rejected by the vote ${part.filter((outcome) => outcome.rejected).length}`,
    );
  }
  results[
    name.endsWith(" en") && name.startsWith("instruction") ? "en" : name === "instruction zh" ? "zh" : name
  ] = {
    vote,
    threshold: best.threshold,
    calibrated,
    n: group.length,
  };
}
const suffix = families.join(",") === "instruction" ? "" : `-${families.join("-")}`;
writeFileSync(
  here(`./results-answer-judge-${resolved.name}${suffix}.json`),
  `${JSON.stringify(results, null, 2)}\n`,
);
