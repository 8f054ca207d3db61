// Annotation with many labels (issue 22): the cost and accuracy of the judge's label vote at 2,
// 15, 77 and 150 labels on the same teacher, on real banking77 rows it never saw (the held-out
// fifth of the train split, bench/annotate/heldOutRows.ts; the bench checks that no label
// example of the recipe is among them), and at the 11 KUAKE-QIC labels on real Chinese medical
// queries. Each setting runs `synthforge annotate`'s label vote (the judge's `annotate`: 3 votes
// at temperature 0.7, 2 of 3 confirm) with the label guide of examples/intent-en.yaml (or
// medical-intent-zh.yaml):
//   2 labels:   card_arrival, card_delivery_estimate (they share their first token);
//   15 labels:  those and 13 more, confusable pairs among them (top-up, transfer, exchange, cash);
//   77 labels:  all of banking77;
//   150 labels: banking77 and 73 intents of other domains written for this bench
//               (distractorLabels.ts: a one-sentence meaning each, no examples, no rows);
//   77-flash:   the 77 labels and rows again, with llama.cpp's flash attention on.
//
// Cost. Each setting has its own model instance (the same GGUF file), so each keeps its own
// label list evaluated, and the settings' rows are interleaved (row 1 of every setting, then
// row 2, ...): on a CPU shared with other work every setting sees the same load, and the ratio
// printed — per-row cost at 77 labels over per-row cost at 2 labels, measured in this run — is
// not an artefact of the load changing between settings. The first row of each setting pays
// for its label list (reported apart); per-row cost is the median over the other rows, split
// into the evaluation of the row's own text and the scoring of the label trie.
//
// Accuracy. After the interleaved rows, the 77-label and KUAKE-QIC settings go on alone to
// BENCH_ACCURACY_ROWS rows. The rows of each alternate between a calibration half and a report half: the confirmation
// threshold on the majority label's probability (judge.minimumProbability) is chosen on the
// calibration half (the lowest that makes its confirmed rows at least 85% right) and the
// accuracy of confirmed and disputed rows is reported on the other half, under the plain vote
// rule and under the calibrated rule.
//
//   npx tsx bench/annotate/manyLabels.ts   BENCH_MODEL=qwen2.5-coder-0.5b-instruct
//     BENCH_ROWS=n [20 per setting, interleaved]  BENCH_ACCURACY_ROWS=n [80 at 77 labels and KUAKE-QIC]
//     BENCH_SETTINGS=2,15,77,150,77-flash,kuake [2,15,77]  BENCH_THREADS=n
//
// Each setting's model takes the recipe's `model.flashAttention` (examples/intent-en.yaml turns
// llama.cpp's flash attention off; 77-flash measures the same rows with it on). Results: bench/annotate/results/many-labels-<model>-<rows>.json, with every row
// annotated, and what the bench printed in many-labels-<model>-<rows>-output.json (keepResults).
// The CPU may be shared with other work: seconds are wall-clock figures of the machine as it was
// (load average recorded).

import { mkdirSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { configFromEnvironment } from "../../src/core/config.js";
import { buildLabelGuide, type LabelGuide, labelGuideOf } from "../../src/core/labels/labelGuide.js";
import { loadRecipe } from "../../src/core/recipe/loadRecipe.js";
import { modelSchema } from "../../src/core/recipe/modelSchema.js";
import { createRandom, shuffle } from "../../src/core/stats/random.js";
import { majority } from "../../src/pipeline/annotate/annotateRecipe.js";
import { createLanguageModel } from "../../src/providers/createLanguageModel.js";
import type { LanguageModel } from "../../src/providers/LanguageModel.js";
import { createJudge, type Judge } from "../../src/quality/judge/createJudge.js";
import { fifteenBankingLabels } from "../../test/fixtures/bankingLabels.js";
import { keepResults } from "../keepResults.js";
import { distractorLabels } from "./distractorLabels.js";
import { bankingRows, kuakeRows, type LabelledRow } from "./heldOutRows.js";

const here = path.dirname(fileURLToPath(import.meta.url));
const modelName = process.env.BENCH_MODEL ?? "qwen2.5-coder-0.5b-instruct";
const rowCount = Number(process.env.BENCH_ROWS ?? 20);
const accuracyRows = Number(process.env.BENCH_ACCURACY_ROWS ?? 80);
const wanted = (process.env.BENCH_SETTINGS ?? "2,15,77").split(",");
const threads = process.env.BENCH_THREADS === undefined ? undefined : Number(process.env.BENCH_THREADS);
const config = configFromEnvironment(process.env);
/** Confirmed rows of the calibration half must be at least this share right. */
const calibrationTarget = 0.85;
/** The settings that go on alone past the interleaved rows, for their accuracy. */
const accuracySettings = ["77", "kuake"];
const kept = keepResults(import.meta.url, `many-labels-${modelName}-${rowCount}-output`);

const english = await loadRecipe(path.join(here, "../../examples/intent-en.yaml"));
const chinese = await loadRecipe(path.join(here, "../../examples/medical-intent-zh.yaml"));
const bankingGuide = labelGuideOf(english.recipe)!;
const kuakeGuide = labelGuideOf(chinese.recipe)!;
const fifteen: readonly string[] = fifteenBankingLabels;
const pick = (labels: readonly string[]) => bankingGuide.filter((meaning) => labels.includes(meaning.label));
const wide: LabelGuide = [
  ...bankingGuide,
  ...buildLabelGuide(Object.keys(distractorLabels), distractorLabels),
];

const banking = bankingRows().heldOut;
const kuake = kuakeRows().heldOut;
// The rows measured must not be among the examples the label list shows.
const shown = new Set([...bankingGuide, ...kuakeGuide].flatMap((meaning) => meaning.examples));
const overlap = [...banking, ...kuake].filter((row) => shown.has(row.text)).length;
if (overlap > 0) throw new Error(`${overlap} held-out rows are label examples of the recipes`);

interface Setting {
  name: string;
  guide: LabelGuide;
  rows: LabelledRow[];
  description: string;
  language: string;
  contextSize: number;
  /** The recipe's `model.flashAttention` (examples/intent-en.yaml turns it off). */
  flashAttention: boolean | undefined;
}
const sample = (rows: LabelledRow[], labels: LabelGuide, seed: number, count: number) => {
  const allowed = new Set(labels.map((meaning) => meaning.label));
  return shuffle(
    rows.filter((row) => allowed.has(row.label)),
    createRandom(seed),
  ).slice(0, count);
};
const settings: Setting[] = [
  { name: "2", guide: pick(fifteen.slice(0, 2)), seed: 1, contextSize: 1024, flashAttention: undefined },
  { name: "15", guide: pick(fifteen), seed: 2, contextSize: 2048 },
  { name: "77", guide: bankingGuide, seed: 3, contextSize: 4096 },
  { name: "150", guide: wide, seed: 3, contextSize: 6144 },
  // The 77 labels and rows again with llama.cpp's flash attention on (its default on a CPU).
  { name: "77-flash", guide: bankingGuide, seed: 3, contextSize: 4096, flashAttention: true },
]
  .map(({ name, guide, seed, contextSize, flashAttention }) => ({
    name,
    guide,
    rows: sample(banking, guide, seed, name === "77" ? Math.max(rowCount, accuracyRows) : rowCount),
    description: english.recipe.description,
    language: "en",
    contextSize,
    flashAttention: flashAttention ?? english.recipe.model.flashAttention,
  }))
  .concat([
    {
      name: "kuake",
      guide: kuakeGuide,
      rows: sample(kuake, kuakeGuide, 4, Math.max(rowCount, accuracyRows)),
      description: chinese.recipe.description,
      language: "zh",
      contextSize: 2048,
      flashAttention: chinese.recipe.model.flashAttention,
    },
  ])
  .filter((setting) => wanted.includes(setting.name))
  .sort((a, b) => wanted.indexOf(a.name) - wanted.indexOf(b.name));

interface Outcome {
  text: string;
  truth: string;
  label: string;
  agreeing: number;
  votes: string[];
  /** The majority label's probability, and the most likely label with its margin over the second. */
  probability: number;
  argmax: string;
  margin: number;
  seconds: number;
  promptMs: number;
  trieMs: number;
  evaluations: number;
  evaluatedTokens: number;
}

const models: LanguageModel[] = [];
const judges = new Map<string, Judge>();
const percent = (value: number) => `${(value * 100).toFixed(1)}%`;
const median = (values: number[]) => {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length === 0
    ? 0
    : sorted.length % 2
      ? sorted[middle]!
      : (sorted[middle - 1]! + sorted[middle]!) / 2;
};
const mean = (values: number[]) => values.reduce((sum, value) => sum + value, 0) / Math.max(1, values.length);
const results: Record<string, unknown> = {
  model: modelName,
  rowsPerSetting: rowCount,
  votes: 3,
  minimumAgreement: 2,
  temperature: 0.7,
  startedAt: new Date().toISOString(),
  load: os.loadavg(),
  settings: {} as Record<string, unknown>,
};
const outcomes = new Map<string, Outcome[]>(settings.map((setting) => [setting.name, []]));

async function annotateRow(setting: Setting, index: number): Promise<void> {
  const row = setting.rows[index]!;
  const judge = judges.get(setting.name)!;
  const started = performance.now();
  const result = await judge.annotate(row.text, 1000 + index);
  const seconds = (performance.now() - started) / 1000;
  const { label, agreeing } = majority(result.votes);
  const ranked = Object.entries(result.probabilities ?? {}).sort((a, b) => b[1] - a[1]);
  outcomes.get(setting.name)!.push({
    text: row.text,
    truth: row.label,
    label,
    agreeing,
    votes: result.votes,
    probability: result.probabilities?.[label] ?? 0,
    argmax: ranked[0]?.[0] ?? label,
    margin: (ranked[0]?.[1] ?? 0) - (ranked[1]?.[1] ?? 0),
    seconds,
    promptMs: result.spent?.promptMs ?? 0,
    trieMs: result.spent?.trieMs ?? 0,
    evaluations: result.spent?.evaluations ?? 0,
    evaluatedTokens: result.spent?.evaluatedTokens ?? 0,
  });
}

try {
  for (const setting of settings) {
    const model = await createLanguageModel(
      modelSchema.parse({
        name: modelName,
        contextSize: setting.contextSize,
        parallel: 1,
        ...(threads === undefined ? {} : { threads }),
        ...(setting.flashAttention === undefined ? {} : { flashAttention: setting.flashAttention }),
      }),
      { config },
    );
    models.push(model);
    judges.set(
      setting.name,
      createJudge({
        model,
        brief: { task: "classification", description: setting.description, language: setting.language },
        settings: { votes: 3, minimumAgreement: 2, temperature: 0.7, rubric: { mode: "off", threshold: 3 } },
        labelField: "label",
        labels: setting.guide.map((meaning) => meaning.label),
        labelGuide: setting.guide,
      }),
    );
  }
  const interleaved = Math.max(...settings.map((setting) => Math.min(rowCount, setting.rows.length)));
  for (let index = 0; index < interleaved; index += 1) {
    for (const setting of settings) if (index < setting.rows.length) await annotateRow(setting, index);
    if (index === 0 || (index + 1) % 5 === 0) {
      summarise();
      save();
      console.log(`row ${index + 1} of ${interleaved} in every setting; load ${os.loadavg()[0]!.toFixed(1)}`);
    }
  }
  // The accuracy settings go on alone to BENCH_ACCURACY_ROWS rows.
  for (const alone of settings.filter((setting) => accuracySettings.includes(setting.name))) {
    for (let index = interleaved; index < alone.rows.length; index += 1) {
      await annotateRow(alone, index);
      if ((index + 1) % 10 === 0) {
        summarise();
        save();
        console.log(
          `${alone.name}: row ${index + 1} of ${alone.rows.length}; load ${os.loadavg()[0]!.toFixed(1)}`,
        );
      }
    }
  }
  summarise();
  for (const [name, row] of Object.entries(results.settings as Record<string, Summary>)) {
    kept.set(`setting${name}`, { ...row, confusions: undefined });
    console.log(
      `${name.padEnd(6)} ${String(row.labels).padStart(3)} labels, ${row.rows} rows: first row ${row.firstRowSeconds.toFixed(1)} s (label list), then ${row.perRowSeconds.toFixed(3)} s/row median (row text ${row.promptSeconds.toFixed(3)} s, label trie ${row.trieSeconds.toFixed(3)} s, ${row.evaluations.toFixed(1)} evaluations); accuracy ${percent(row.accuracy)} (argmax ${percent(row.argmaxAccuracy)}); confirmed ${row.confirmed.rows} at ${percent(row.confirmed.accuracy)}, disputed ${row.disputed.rows} at ${percent(row.disputed.accuracy)}`,
    );
  }
  for (const [name, calibrated] of Object.entries(results.calibrated as Record<string, CalibratedSummary>)) {
    console.log(
      `${name} (${settings.find((setting) => setting.name === name)!.guide.length} labels), report half (${calibrated.report.rows} rows): 2 of 3 votes confirm ${calibrated.report.votes.confirmed.rows} at ${percent(calibrated.report.votes.confirmed.accuracy)}, disputed ${calibrated.report.votes.disputed.rows} at ${percent(calibrated.report.votes.disputed.accuracy)}; with minimumProbability ${calibrated.minimumProbability.toFixed(2)} (chosen on ${calibrated.calibration.rows} other rows) ${calibrated.report.calibrated.confirmed.rows} confirmed (${percent(calibrated.report.calibrated.confirmedShare)}) at ${percent(calibrated.report.calibrated.confirmed.accuracy)}, disputed ${calibrated.report.calibrated.disputed.rows} at ${percent(calibrated.report.calibrated.disputed.accuracy)}`,
    );
    kept.set(`calibrated${name}`, calibrated);
  }
  if (results.ratio77to2 !== undefined) {
    console.log(
      `per-row cost at 77 labels / at 2 labels (baseline, same run, rows interleaved): ${(results.ratio77to2 as number).toFixed(2)}× median, ${(results.ratio77to2Mean as number).toFixed(2)}× mean`,
    );
    kept.set("ratio77to2", results.ratio77to2);
    kept.set("ratiosTo2", results.ratiosTo2);
    console.log(
      `per-row cost over the 2-label setting's (median): ${Object.entries(
        results.ratiosTo2 as Record<string, number>,
      )
        .map(([name, ratio]) => `${name} ${ratio.toFixed(2)}×`)
        .join(", ")}`,
    );
    kept.set("ratio77to2Mean", results.ratio77to2Mean);
  }
} finally {
  for (const model of models) await model.dispose();
}
console.log(save());

interface Split {
  rows: number;
  accuracy: number;
}
interface Summary {
  labels: number;
  rows: number;
  firstRowSeconds: number;
  perRowSeconds: number;
  meanRowSeconds: number;
  promptSeconds: number;
  trieSeconds: number;
  evaluations: number;
  evaluatedTokens: number;
  rowsPerSecond: number;
  accuracy: number;
  argmaxAccuracy: number;
  confirmed: Split;
  disputed: Split;
  confusions: [string, number][];
  load: number[];
}
interface CalibratedSummary {
  target: number;
  minimumProbability: number;
  calibration: { rows: number; confirmed: Split };
  report: {
    rows: number;
    accuracy: number;
    votes: { confirmed: Split; disputed: Split; confirmedShare: number };
    calibrated: { confirmed: Split; disputed: Split; confirmedShare: number };
  };
}

function split(rows: Outcome[]): Split {
  return {
    rows: rows.length,
    accuracy: rows.filter((row) => row.label === row.truth).length / Math.max(1, rows.length),
  };
}

function summarise(): void {
  for (const setting of settings) {
    const done = outcomes.get(setting.name)!;
    if (done.length === 0) continue;
    // Cost over the interleaved rows only, past the first (which evaluates the label list).
    const timed = done.slice(1, rowCount);
    const confusions = new Map<string, number>();
    for (const outcome of done) {
      if (outcome.label === outcome.truth) continue;
      const key = `${outcome.truth} → ${outcome.label}`;
      confusions.set(key, (confusions.get(key) ?? 0) + 1);
    }
    const summary: Summary = {
      labels: setting.guide.length,
      rows: done.length,
      firstRowSeconds: done[0]!.seconds,
      perRowSeconds: median(timed.map((row) => row.seconds)),
      meanRowSeconds: mean(timed.map((row) => row.seconds)),
      promptSeconds: median(timed.map((row) => row.promptMs / 1000)),
      trieSeconds: median(timed.map((row) => row.trieMs / 1000)),
      evaluations: mean(timed.map((row) => row.evaluations)),
      evaluatedTokens: mean(timed.map((row) => row.evaluatedTokens)),
      rowsPerSecond: 1 / median(timed.map((row) => row.seconds)),
      accuracy: split(done).accuracy,
      argmaxAccuracy: done.filter((row) => row.argmax === row.truth).length / done.length,
      confirmed: split(done.filter((row) => row.agreeing >= 2)),
      disputed: split(done.filter((row) => row.agreeing < 2)),
      confusions: [...confusions].sort((a, b) => b[1] - a[1]).slice(0, 15),
      load: os.loadavg(),
    };
    (results.settings as Record<string, unknown>)[setting.name] = summary;
  }
  const measured = results.settings as Record<string, Summary>;
  if (measured["2"] && measured["77"]) {
    results.ratio77to2 = measured["77"].perRowSeconds / measured["2"].perRowSeconds;
    results.ratio77to2Mean = measured["77"].meanRowSeconds / measured["2"].meanRowSeconds;
  }
  if (measured["2"]) {
    results.ratiosTo2 = Object.fromEntries(
      Object.entries(measured)
        .filter(([name]) => name !== "2" && name !== "kuake")
        .map(([name, row]) => [name, row.perRowSeconds / measured["2"]!.perRowSeconds]),
    );
  }
  const calibrations: Record<string, CalibratedSummary> = {};
  for (const name of accuracySettings) {
    const rows = outcomes.get(name) ?? [];
    if (rows.length < 10) continue;
    const calibration = rows.filter((_, index) => index % 2 === 0);
    const report = rows.filter((_, index) => index % 2 === 1);
    const rule = (threshold: number) => (row: Outcome) => row.agreeing >= 2 && row.probability >= threshold;
    const grid = Array.from({ length: 20 }, (_, step) => step * 0.05);
    const chosen =
      grid.find((threshold) => {
        const confirmed = calibration.filter(rule(threshold));
        return confirmed.length >= 3 && split(confirmed).accuracy >= calibrationTarget;
      }) ?? 1;
    const confirmed = report.filter(rule(chosen));
    const byVotes = report.filter(rule(0));
    calibrations[name] = {
      target: calibrationTarget,
      minimumProbability: chosen,
      calibration: { rows: calibration.length, confirmed: split(calibration.filter(rule(chosen))) },
      report: {
        rows: report.length,
        accuracy: split(report).accuracy,
        votes: {
          confirmed: split(byVotes),
          disputed: split(report.filter((row) => !rule(0)(row))),
          confirmedShare: byVotes.length / report.length,
        },
        calibrated: {
          confirmed: split(confirmed),
          disputed: split(report.filter((row) => !rule(chosen)(row))),
          confirmedShare: confirmed.length / report.length,
        },
      },
    };
  }
  results.calibrated = calibrations;
  results.rows = Object.fromEntries(outcomes);
}

/** Writes what is measured so far (so a run cut short keeps its rows). */
function save(): string {
  const folder = path.join(here, "results");
  mkdirSync(folder, { recursive: true });
  const out = path.join(folder, `many-labels-${modelName}-${rowCount}.json`);
  writeFileSync(out, `${JSON.stringify(results, null, 2)}\n`);
  return out;
}
