// Annotation with many labels (issue 22): the cost and accuracy of the judge's label vote at 2,
// 15, 77 and 150 labels on the same teacher, on real banking77 rows it never saw (the held-out
// fifth of the train split, bench/annotate/heldOutRows.ts), and at the 11 KUAKE-QIC labels on
// real Chinese medical queries. Each setting runs `synthforge annotate`'s label vote (the judge's
// `annotate`: 3 votes at temperature 0.7, 2 of 3 confirm) with the label guide of
// examples/intent-en.yaml (or medical-intent-zh.yaml):
//   2 labels:   card_arrival, card_delivery_estimate (they share their first token);
//   15 labels:  those and 13 more, confusable pairs among them (top-up, transfer, exchange, cash);
//   77 labels:  all of banking77;
//   150 labels: banking77 and 73 intents of other domains written for this bench
//               (distractorLabels.ts: a one-sentence meaning each, no examples, no rows).
// The label list is a prefix the model evaluates once: the first row of each setting pays for
// it (reported apart), and per-row cost is measured over the other rows. The ratio printed is
// the per-row cost at 77 labels over the per-row cost at 2 labels, both measured in this run.
//
//   npx tsx bench/annotate/manyLabels.ts   BENCH_MODEL=qwen2.5-coder-0.5b-instruct
//     BENCH_ROWS=n [40 per setting]  BENCH_SETTINGS=2,15,77,150,kuake [all]  BENCH_THREADS=n
//
// Results: bench/annotate/results/many-labels-<model>-<rows>.json. The CPU may be shared with
// other work: seconds are wall-clock figures of the machine as it was (load average recorded).
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
import { createJudge } from "../../src/quality/judge/createJudge.js";
import { distractorLabels } from "./distractorLabels.js";
import { bankingRows, kuakeRows, type LabelledRow } from "./heldOutRows.js";

const here = path.dirname(fileURLToPath(import.meta.url));
const modelName = process.env.BENCH_MODEL ?? "qwen2.5-coder-0.5b-instruct";
const rowCount = Number(process.env.BENCH_ROWS ?? 40);
const wanted = (process.env.BENCH_SETTINGS ?? "2,77,kuake,15,150").split(",");
const threads = process.env.BENCH_THREADS === undefined ? undefined : Number(process.env.BENCH_THREADS);
const config = configFromEnvironment(process.env);

const english = await loadRecipe(path.join(here, "../../examples/intent-en.yaml"));
const chinese = await loadRecipe(path.join(here, "../../examples/medical-intent-zh.yaml"));
const bankingGuide = labelGuideOf(english.recipe)!;
const kuakeGuide = labelGuideOf(chinese.recipe)!;
const fifteen = [
  "card_arrival",
  "card_delivery_estimate",
  "card_not_working",
  "card_payment_fee_charged",
  "top_up_failed",
  "top_up_reverted",
  "pending_top_up",
  "exchange_rate",
  "exchange_charge",
  "transfer_timing",
  "pending_transfer",
  "lost_or_stolen_card",
  "cash_withdrawal_charge",
  "declined_card_payment",
  "verify_my_identity",
];
const pick = (labels: readonly string[]) => bankingGuide.filter((meaning) => labels.includes(meaning.label));
const wide: LabelGuide = [
  ...bankingGuide,
  ...buildLabelGuide(Object.keys(distractorLabels), distractorLabels),
];

interface Setting {
  name: string;
  guide: LabelGuide;
  rows: LabelledRow[];
  description: string;
  language: string;
}
const banking = bankingRows().heldOut;
const kuake = kuakeRows().heldOut;
const sample = (rows: LabelledRow[], labels: LabelGuide, seed: number) => {
  const allowed = new Set(labels.map((meaning) => meaning.label));
  return shuffle(
    rows.filter((row) => allowed.has(row.label)),
    createRandom(seed),
  ).slice(0, rowCount);
};
const settings: Setting[] = [
  { name: "2", guide: pick(fifteen.slice(0, 2)), seed: 1 },
  { name: "15", guide: pick(fifteen), seed: 2 },
  { name: "77", guide: bankingGuide, seed: 3 },
  { name: "150", guide: wide, seed: 3 },
]
  .map(({ name, guide, seed }) => ({
    name,
    guide,
    rows: sample(banking, guide, seed),
    description: english.recipe.description,
    language: "en",
  }))
  .concat([
    {
      name: "kuake",
      guide: kuakeGuide,
      rows: sample(kuake, kuakeGuide, 4),
      description: chinese.recipe.description,
      language: "zh",
    },
  ])
  .filter((setting) => wanted.includes(setting.name))
  .sort((a, b) => wanted.indexOf(a.name) - wanted.indexOf(b.name));

const model = await createLanguageModel(
  modelSchema.parse({
    name: modelName,
    contextSize: 8192,
    parallel: 1,
    ...(threads === undefined ? {} : { threads }),
  }),
  { config },
);
const percent = (value: number) => `${(value * 100).toFixed(1)}%`;
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
try {
  for (const setting of settings) {
    const labels = setting.guide.map((meaning) => meaning.label);
    const judge = createJudge({
      model,
      brief: { task: "classification", description: setting.description, language: setting.language },
      settings: { votes: 3, minimumAgreement: 2, temperature: 0.7, rubric: { mode: "off", threshold: 3 } },
      labelField: "label",
      labels,
      labelGuide: setting.guide,
    });
    const seconds: number[] = [];
    const outcomes: { truth: string; label: string; agreeing: number; argmax: string }[] = [];
    for (const [index, row] of setting.rows.entries()) {
      const started = performance.now();
      const result = await judge.annotate(row.text, 1000 + index);
      seconds.push((performance.now() - started) / 1000);
      const { label, agreeing } = majority(result.votes);
      const argmax =
        Object.entries(result.probabilities ?? {}).sort((a, b) => b[1] - a[1])[0]?.[0] ?? label ?? "";
      outcomes.push({ truth: row.label, label: label ?? "", agreeing, argmax });
    }
    const rest = seconds.slice(1);
    const perRow = rest.reduce((sum, value) => sum + value, 0) / Math.max(1, rest.length);
    const correct = (subset: typeof outcomes) =>
      subset.filter((outcome) => outcome.label === outcome.truth).length;
    const confirmed = outcomes.filter((outcome) => outcome.agreeing >= 2);
    const disputed = outcomes.filter((outcome) => outcome.agreeing < 2);
    const confusions = new Map<string, number>();
    for (const outcome of outcomes) {
      if (outcome.label === outcome.truth) continue;
      const key = `${outcome.truth} → ${outcome.label}`;
      confusions.set(key, (confusions.get(key) ?? 0) + 1);
    }
    const row = {
      labels: labels.length,
      rows: outcomes.length,
      firstRowSeconds: seconds[0],
      perRowSeconds: perRow,
      rowsPerSecond: 1 / perRow,
      accuracy: correct(outcomes) / outcomes.length,
      argmaxAccuracy: outcomes.filter((outcome) => outcome.argmax === outcome.truth).length / outcomes.length,
      confirmed: { rows: confirmed.length, accuracy: correct(confirmed) / Math.max(1, confirmed.length) },
      disputed: { rows: disputed.length, accuracy: correct(disputed) / Math.max(1, disputed.length) },
      confusions: [...confusions].sort((a, b) => b[1] - a[1]).slice(0, 10),
      load: os.loadavg(),
    };
    (results.settings as Record<string, unknown>)[setting.name] = row;
    save();
    console.log(
      `${setting.name.padEnd(6)} ${String(row.labels).padStart(3)} labels, ${row.rows} rows: first row ${row.firstRowSeconds?.toFixed(1)} s (label list), then ${row.perRowSeconds.toFixed(3)} s/row (${row.rowsPerSecond.toFixed(2)} rows/s); accuracy ${percent(row.accuracy)} (argmax ${percent(row.argmaxAccuracy)}); confirmed ${row.confirmed.rows} at ${percent(row.confirmed.accuracy)}, disputed ${row.disputed.rows} at ${percent(row.disputed.accuracy)}; load ${row.load.map((value) => value.toFixed(1)).join(" ")}`,
    );
  }
} finally {
  await model.dispose();
}
if (results.ratio77to2 !== undefined) {
  console.log(
    `per-row cost at 77 labels / at 2 labels (baseline): ${(results.ratio77to2 as number).toFixed(2)}×`,
  );
}
console.log(save());

/** Writes what is measured so far (after each setting, so a run cut short keeps its settings). */
function save(): string {
  const measured = results.settings as Record<string, { perRowSeconds: number }>;
  if (measured["2"] && measured["77"]) {
    results.ratio77to2 = measured["77"].perRowSeconds / measured["2"].perRowSeconds;
  }
  const folder = path.join(here, "results");
  mkdirSync(folder, { recursive: true });
  const out = path.join(folder, `many-labels-${modelName}-${rowCount}.json`);
  writeFileSync(out, `${JSON.stringify(results, null, 2)}\n`);
  return out;
}
