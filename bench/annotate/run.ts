// Annotation of real, labelled reviews with their labels hidden (issue 14, "Measure it"): all
// 1,000 Yelp sentences of ../shared/data/yelp_labelled.txt and a 1,000-row sample of
// waimai_10k.csv stratified by its label (500 positive, 500 negative, seeded), each annotated by
// `synthforge annotate`'s pipeline (annotateRecipe) on the embedded teacher with 3 votes per row.
// For each set it prints accuracy and macro-F1 of the majority label against the true labels,
// the confirmed share under 2 of 3 and under 3 of 3 (unanimous), accuracy of confirmed vs
// disputed rows, and rows/s; the same accuracy for 1 vote (the first draw) and for the most
// likely label (argmax of the model's label distribution, which `choose` returns). The cost
// side: rows/s of a 1-vote annotation of the first 200 rows (BENCH_COST_ROWS) against the 3-vote annotation of
// the same rows, both measured in this run (the baseline is 1 vote).
//
//   npm run bench:annotate       BENCH_MODEL=qwen2.5-coder-1.5b-instruct  BENCH_ROWS=n [1000]
//                                BENCH_COST_ROWS=n [200]  BENCH_SETS=yelp,waimai [both]  BENCH_THREADS=n [all cores]
//
// The CPU may be shared with other work: rows/s are wall-clock figures of this machine as it was.
import { mkdirSync, rmSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { configFromEnvironment } from "../../src/core/config.js";
import { loadRecipe } from "../../src/core/recipe/loadRecipe.js";
import { createRandom, shuffle } from "../../src/core/stats/random.js";
import { formatTable } from "../../src/export/formatTable.js";
import {
  type AnnotationVoteDetails,
  annotateRecipe,
  majority,
} from "../../src/pipeline/annotate/annotateRecipe.js";
import { prepareAnnotation } from "../../src/pipeline/annotate/prepareAnnotation.js";
import { openStore } from "../../src/store/openStore.js";
import { type ReviewRow, waimaiRows, yelpRows } from "../../test/fixtures/quality/reviewRows.js";

const modelName = process.env.BENCH_MODEL ?? "qwen2.5-coder-0.5b-instruct";
const rowCount = Number(process.env.BENCH_ROWS ?? 1000);
const costRows = Math.min(Number(process.env.BENCH_COST_ROWS ?? 200), rowCount);
const only = process.env.BENCH_SETS?.split(",");
/** CPU threads of the model (BENCH_THREADS); on a machine shared with other work, 1 avoids threads waiting on each other. */
const threads = process.env.BENCH_THREADS === undefined ? undefined : Number(process.env.BENCH_THREADS);
const work = path.join(os.tmpdir(), `synthforge-bench-annotate-${modelName}-${only?.join("-") ?? "all"}`);
rmSync(work, { recursive: true, force: true });
mkdirSync(work, { recursive: true });
const config = configFromEnvironment(process.env);

interface DataSet {
  name: string;
  language: string;
  description: string;
  labels: { positive: string; negative: string };
  rows: ReviewRow[];
}

const waimai = waimaiRows();
const stratified = (["positive", "negative"] as const).flatMap((label) =>
  shuffle(
    waimai.filter((row) => row.label === label),
    createRandom(label === "positive" ? 11 : 12),
  ).slice(0, Math.ceil(rowCount / 2)),
);
const sets: DataSet[] = [
  {
    name: "yelp",
    language: "en",
    description: "Restaurant review sentences from Yelp, labelled by sentiment.",
    labels: { positive: "positive", negative: "negative" },
    // All 1,000 in file order; fewer as a seeded sample (the file is not in random order).
    rows: rowCount >= 1000 ? yelpRows() : shuffle(yelpRows(), createRandom(10)).slice(0, rowCount),
  },
  {
    name: "waimai",
    language: "zh",
    description: "中文外卖评论，按情感标注为正面或负面。",
    labels: { positive: "正面", negative: "负面" },
    rows: shuffle(stratified, createRandom(13)).slice(0, rowCount),
  },
];

async function annotate(set: DataSet, rows: ReviewRow[], votes: number, tag: string) {
  const folder = path.join(work, `${set.name}-${tag}`);
  mkdirSync(folder, { recursive: true });
  writeFileSync(
    path.join(folder, "input.csv"),
    formatTable(
      ["id", "text"],
      rows.map((row, index) => ({ id: index + 1, text: row.text })),
      { format: "csv", hasHeader: true },
    ),
  );
  const { positive, negative } = set.labels;
  writeFileSync(
    path.join(folder, "recipe.yaml"),
    `name: bench-${set.name}-${tag}
description: ${JSON.stringify(set.description)}
language: ${set.language}
model: { name: ${modelName}, contextSize: 1024${threads === undefined ? "" : `, threads: ${threads}`} }
input: { file: input.csv, duplicates: keep }
output:
  schema:
    type: object
    properties: { label: { type: string, enum: [${positive}, ${negative}] } }
    required: [label]
  labelField: label
judge: { votes: ${votes}, minimumAgreement: ${Math.min(2, votes)} }
quality: { gates: { labelConfirmed: null } }
`,
  );
  const loaded = await loadRecipe(path.join(folder, "recipe.yaml"));
  const prepared = await prepareAnnotation(loaded, folder);
  const store = openStore(path.join(folder, "store.sqlite"));
  try {
    const summary = await annotateRecipe(loaded, { store, prepared, config, cwd: folder });
    const details = new Map(
      store
        .listRecords(summary.runId)
        .map((record) => [
          record.provenance.slotIndex,
          record.decisions.find((decision) => decision.check === "annotation-vote")
            ?.details as AnnotationVoteDetails,
        ]),
    );
    const truth = rows.map((row) => (row.label === "positive" ? positive : negative));
    return { summary, truth, votes: rows.map((_, index) => details.get(index)!) };
  } finally {
    store.close();
  }
}

function scores(truth: readonly string[], predicted: readonly string[], labels: readonly string[]) {
  const accuracy =
    truth.filter((label, index) => label === predicted[index]).length / Math.max(1, truth.length);
  const f1 = labels.map((label) => {
    const tp = truth.filter((value, index) => value === label && predicted[index] === label).length;
    const fp = truth.filter((value, index) => value !== label && predicted[index] === label).length;
    const fn = truth.filter((value, index) => value === label && predicted[index] !== label).length;
    return tp === 0 ? 0 : (2 * tp) / (2 * tp + fp + fn);
  });
  return { accuracy, macroF1: f1.reduce((sum, value) => sum + value, 0) / labels.length, rows: truth.length };
}

const percent = (value: number) => `${(value * 100).toFixed(1)}%`;
const results: Record<string, unknown> = {
  model: modelName,
  rows: rowCount,
  startedAt: new Date().toISOString(),
  load: os.loadavg(),
};
for (const set of sets.filter((each) => only === undefined || only.includes(each.name))) {
  const labels = [set.labels.positive, set.labels.negative];
  const three = await annotate(set, set.rows, 3, "3votes");
  const majorityLabels = three.votes.map((vote) => vote.label!);
  const firstVote = three.votes.map((vote) => vote.votes[0]!);
  const argmax = three.votes.map(
    (vote) => Object.entries(vote.probabilities ?? {}).sort((a, b) => b[1] - a[1])[0]?.[0] ?? vote.label!,
  );
  const unanimous = three.votes.map((vote) => majority(vote.votes).agreeing === vote.votes.length);
  const subset = (keep: boolean) => {
    const index = unanimous.flatMap((value, position) => (value === keep ? [position] : []));
    return scores(
      index.map((position) => three.truth[position]!),
      index.map((position) => majorityLabels[position]!),
      labels,
    );
  };
  const one = await annotate(set, set.rows.slice(0, costRows), 1, "1vote");
  const threeFirst = await annotate(set, set.rows.slice(0, costRows), 3, "3votes-cost");
  const rate = (run: typeof one) => run.summary.annotatedNow / run.summary.seconds;
  const row = {
    rows: set.rows.length,
    majorityOf3: scores(three.truth, majorityLabels, labels),
    oneVote: scores(three.truth, firstVote, labels),
    argmax: scores(three.truth, argmax, labels),
    confirmedShare2of3: three.summary.statistics.confirmedShare.value,
    confirmedShare3of3: unanimous.filter(Boolean).length / unanimous.length,
    unanimousRows: subset(true),
    splitRows: subset(false),
    agreementRate: three.summary.statistics.agreementRate,
    fleissKappa: three.summary.statistics.kappa.kappa,
    rowsPerSecond3votes: rate(three),
    cost: { rows: costRows, oneVoteRowsPerSecond: rate(one), threeVoteRowsPerSecond: rate(threeFirst) },
    load: os.loadavg(),
  };
  results[set.name] = row;
  console.log(`\n${set.name}: ${set.rows.length} rows, ${modelName}, 3 votes at temperature 0.7`);
  console.log(
    `  majority of 3   accuracy ${percent(row.majorityOf3.accuracy)}, macro-F1 ${percent(row.majorityOf3.macroF1)}`,
  );
  console.log(
    `  1 vote          accuracy ${percent(row.oneVote.accuracy)}, macro-F1 ${percent(row.oneVote.macroF1)}`,
  );
  console.log(
    `  argmax          accuracy ${percent(row.argmax.accuracy)}, macro-F1 ${percent(row.argmax.macroF1)}`,
  );
  console.log(
    `  confirmed       2 of 3: ${percent(row.confirmedShare2of3)} (two labels: always); 3 of 3: ${percent(row.confirmedShare3of3)}`,
  );
  console.log(
    `  accuracy        unanimous rows ${percent(row.unanimousRows.accuracy)} (${row.unanimousRows.rows}), split rows ${percent(row.splitRows.accuracy)} (${row.splitRows.rows})`,
  );
  console.log(
    `  agreement       ${percent(row.agreementRate)}, Fleiss' kappa ${row.fleissKappa?.toFixed(3) ?? "–"}`,
  );
  console.log(
    `  speed           ${row.rowsPerSecond3votes.toFixed(2)} rows/s (load average ${row.load.map((value) => value.toFixed(1)).join(" ")})`,
  );
  console.log(
    `  cost            first ${costRows} rows: 3 votes ${row.cost.threeVoteRowsPerSecond.toFixed(2)} rows/s vs 1 vote (baseline) ${row.cost.oneVoteRowsPerSecond.toFixed(2)} rows/s: ratio ${(row.cost.threeVoteRowsPerSecond / row.cost.oneVoteRowsPerSecond).toFixed(2)}`,
  );
}
const out = path.join(work, "results.json");
writeFileSync(out, `${JSON.stringify(results, null, 2)}\n`);
console.log(`\n${out}`);
