// The translation checks' precision and recall on hand-marked pairs NOT used to choose their
// thresholds (issue 23, item 5). Reads the per-pair scores that bench/translation/checks.ts
// stored (results/checks.json for the 0.5B teacher, results/checks-<model>.json for another):
// the rule decision, the teacher's back-translation and its chrF against the source, and the
// judge's probability of "yes" to the adequacy question. No model runs here.
//
// The 82 hand-marked zh→en pairs (bench/translation/handMarked.zh-en.json) are split in two by
// position within each kind (WMT good, WMT edited to be wrong, written, generated): even
// positions tune, odd positions test. On the tuning half, each configuration's thresholds are
// the ones that get the most pairs right (ties: the lower thresholds, which reject less); on the
// test half, the pair is rejected when the rules, the back-translation (chrF under its
// threshold, unless the back-translation is in the wrong language) or the adequacy check
// (P(yes) under its threshold) reject it. The baseline is the old 2-of-3 judge vote, taken from
// the 0.5B run's stored votes on the same pairs.
//
//   npx tsx bench/translation/heldOutChecks.ts     (writes results/heldOutChecks.json)
import { existsSync, readFileSync, writeFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { backTranslationChrf } from "../../src/quality/translation/backTranslationChrf.js";
import { translationThresholdsFor } from "../../src/quality/translation/checkTranslationPair.js";
import { sentenceChrf } from "../../src/quality/translation/chrf.js";
import { languageProblem } from "../../src/quality/translation/pairRuleChecks.js";

interface StoredPair {
  kind: string;
  good: boolean;
  rule: string | null;
  chrf: number | undefined;
  yes: number | undefined;
  backTranslation: string | undefined;
  baselineRejects: boolean | undefined;
  zh?: string;
}

const results = new URL("./results/", import.meta.url);
const marked = JSON.parse(readFileSync(new URL("./handMarked.zh-en.json", import.meta.url), "utf8")) as {
  wmtGood: number[];
  wmtEdits: { line: number }[];
  pairs: { text: string }[];
};
const zhLines = (() => {
  const file = fileURLToPath(new URL("../../../shared/data/wmt_zhen_dev.zh", import.meta.url));
  return existsSync(file) ? readFileSync(file, "utf8").split("\n") : undefined;
})();
if (zhLines === undefined) {
  console.log("skipped: needs ../shared/data/wmt_zhen_dev.zh (the sources of the WMT pairs)");
  process.exit(0);
}
/** The Chinese source of each hand-marked pair, in the order checks.ts scores them. */
const sources = [
  ...marked.wmtGood.map((line) => zhLines[line - 1]!),
  ...marked.wmtEdits.map((edit) => zhLines[edit.line - 1]!),
  ...marked.pairs.map((pair) => pair.text),
];

function load(file: string): StoredPair[] | undefined {
  const url = new URL(file, results);
  if (!existsSync(url)) return undefined;
  const stored = JSON.parse(readFileSync(url, "utf8")) as { "zh-en"?: { pairs: StoredPair[] } };
  const pairs = stored["zh-en"]?.pairs;
  if (pairs === undefined || pairs.length !== sources.length) return undefined;
  return pairs;
}

/** Even positions within each kind tune, odd ones test. */
function splitOf(pairs: StoredPair[]): ("tune" | "test")[] {
  const seen = new Map<string, number>();
  return pairs.map((pair) => {
    const index = seen.get(pair.kind) ?? 0;
    seen.set(pair.kind, index + 1);
    return index % 2 === 0 ? "tune" : "test";
  });
}

interface Scored {
  good: boolean;
  rule: boolean;
  chrf: number | undefined; // undefined: back-translation in the wrong language, not scored
  yes: number;
}

type Config = {
  name: string;
  chrf: boolean;
  adequacy: boolean;
  score: (pair: StoredPair, index: number) => Scored;
};

function rejects(pair: Scored, chrfThreshold: number, yesThreshold: number, config: Config): boolean {
  if (pair.rule) return true;
  if (config.chrf && pair.chrf !== undefined && pair.chrf < chrfThreshold) return true;
  return config.adequacy && pair.yes < yesThreshold;
}

function counts(rows: { good: boolean; rejected: boolean }[]) {
  const rejected = rows.filter((row) => row.rejected);
  const bad = rows.filter((row) => !row.good).length;
  const caught = rejected.filter((row) => !row.good).length;
  return {
    pairs: rows.length,
    bad,
    rejected: rejected.length,
    caught,
    goodRejected: rejected.length - caught,
    precision: rejected.length === 0 ? null : caught / rejected.length,
    recall: bad === 0 ? null : caught / bad,
    accuracy: rows.filter((row) => row.rejected !== row.good).length / rows.length,
  };
}

function candidates(values: number[]): number[] {
  const sorted = [...new Set(values)].sort((a, b) => a - b);
  return [-1, ...sorted.slice(0, -1).map((value, index) => (value + sorted[index + 1]!) / 2), 1e9];
}

/** Thresholds with the most tuning pairs right; ties go to the lower (more lenient) pair. */
function tune(rows: Scored[], config: Config): { chrf: number; yes: number } {
  const chrfs = config.chrf
    ? candidates(rows.flatMap((row) => (row.chrf === undefined ? [] : [row.chrf])))
    : [-1];
  const yeses = config.adequacy ? candidates(rows.map((row) => row.yes)) : [-1];
  let best = { chrf: -1, yes: -1, right: -1 };
  for (const chrf of chrfs) {
    for (const yes of yeses) {
      const right = rows.filter((row) => rejects(row, chrf, yes, config) !== row.good).length;
      if (right > best.right) best = { chrf, yes, right };
    }
  }
  return { chrf: best.chrf, yes: best.yes };
}

const scoredBy =
  (useCleanChrf: boolean) =>
  (pair: StoredPair, index: number): Scored => {
    const back = pair.backTranslation ?? "";
    const usable = languageProblem(back, "zh") === undefined;
    return {
      good: pair.good,
      rule: pair.rule !== null,
      chrf: !usable
        ? undefined
        : useCleanChrf
          ? backTranslationChrf(back, sources[index]!, "zh")
          : sentenceChrf(back, sources[index]!),
      yes: pair.yes ?? 0,
    };
  };

const output: Record<string, unknown> = {
  split: "hand-marked zh→en pairs, by position within each kind: even positions tune, odd positions test",
};
const fmt = (value: number | null) => (value === null ? "  -  " : value.toFixed(3));
for (const [model, file] of [
  ["qwen2.5-coder-0.5b-instruct", "checks.json"],
  ["qwen2.5-coder-1.5b-instruct", "checks-qwen2.5-coder-1.5b-instruct.json"],
] as const) {
  const pairs = load(file);
  if (pairs === undefined) {
    console.log(
      `${model}: no scores in results/${file} (run bench/translation/checks.ts with BENCH_MODEL=${model})`,
    );
    continue;
  }
  const split = splitOf(pairs);
  const configs: Config[] = [
    { name: "back-translation chrF + adequacy", chrf: true, adequacy: true, score: scoredBy(false) },
    {
      name: "back-translation chrF (untranslated Latin words left out) + adequacy",
      chrf: true,
      adequacy: true,
      score: scoredBy(true),
    },
    { name: "adequacy alone", chrf: false, adequacy: true, score: scoredBy(false) },
    { name: "back-translation chrF alone", chrf: true, adequacy: false, score: scoredBy(false) },
  ];
  const perModel: Record<string, unknown> = {};
  console.log(
    `${model}: ${pairs.length} pairs (tune ${split.filter((s) => s === "tune").length}, test ${split.filter((s) => s === "test").length})`,
  );
  const test = pairs.map((pair, index) => ({ pair, index })).filter(({ index }) => split[index] === "test");
  for (const config of configs) {
    const all = pairs.map((pair, index) => config.score(pair, index));
    const tuned = tune(
      all.filter((_, index) => split[index] === "tune"),
      config,
    );
    const result = counts(
      test.map(({ index }) => ({
        good: all[index]!.good,
        rejected: rejects(all[index]!, tuned.chrf, tuned.yes, config),
      })),
    );
    perModel[config.name] = { thresholds: tuned, test: result };
    console.log(
      `  ${config.name.padEnd(70)} tuned chrF ${tuned.chrf.toFixed(1).padStart(6)}, yes ${tuned.yes.toFixed(3)}: test precision ${fmt(result.precision)}, recall ${fmt(result.recall)} (${result.caught}/${result.bad} bad caught, ${result.goodRejected} good rejected)`,
    );
  }
  // What the code does with this judge: adequacy at its threshold; back-translation only flags.
  const shippedThresholds = translationThresholdsFor(model);
  const shippedConfig = configs[2]!;
  const shipped = counts(
    test.map(({ pair, index }) => {
      const scored = shippedConfig.score(pair, index);
      return { good: scored.good, rejected: rejects(scored, -1, shippedThresholds.adequacy, shippedConfig) };
    }),
  );
  perModel["the code's checks"] = { thresholds: shippedThresholds, test: shipped };
  console.log(
    `  ${`the code's checks (adequacy P(yes) < ${shippedThresholds.adequacy}; back-translation flags only)`.padEnd(70)} test precision ${fmt(shipped.precision)}, recall ${fmt(shipped.recall)} (${shipped.caught}/${shipped.bad} bad caught, ${shipped.goodRejected} good rejected)`,
  );
  // The same, a flagged pair counted as caught: what reaches the spot-check, rejected or flagged.
  const flagLine = shippedThresholds.adequacyFlag;
  if (flagLine !== null) {
    const flagged = counts(
      test.map(({ pair, index }) => {
        const scored = shippedConfig.score(pair, index);
        return { good: scored.good, rejected: rejects(scored, -1, flagLine, shippedConfig) };
      }),
    );
    perModel["the code's checks, rejected or flagged"] = { thresholds: shippedThresholds, test: flagged };
    console.log(
      `  ${`the code's checks, rejected or flagged (P(yes) < ${flagLine})`.padEnd(70)} test precision ${fmt(flagged.precision)}, recall ${fmt(flagged.recall)} (${flagged.caught}/${flagged.bad} bad caught or flagged, ${flagged.goodRejected} good flagged)`,
    );
  }
  // The previous checks (before this bench): back-translation chrF < 17.4 or P(yes) < 0.491 rejected.
  const previous = counts(
    test.map(({ pair, index }) => {
      const scored = configs[0]!.score(pair, index);
      return { good: scored.good, rejected: rejects(scored, 17.4, 0.491, configs[0]!) };
    }),
  );
  perModel["the previous checks (chrF 17.4, P(yes) 0.491)"] = { test: previous };
  console.log(
    `  ${"the previous checks (chrF < 17.4 or P(yes) < 0.491 rejected)".padEnd(70)} test precision ${fmt(previous.precision)}, recall ${fmt(previous.recall)} (${previous.caught}/${previous.bad} bad caught, ${previous.goodRejected} good rejected)`,
  );
  output[model] = perModel;
}
const baselinePairs = load("checks.json");
if (baselinePairs !== undefined) {
  const split = splitOf(baselinePairs);
  const baseline = counts(
    baselinePairs
      .filter((_, index) => split[index] === "test")
      .map((pair) => ({ good: pair.good, rejected: pair.baselineRejects === true })),
  );
  output.baselineJudgeVote = { model: "qwen2.5-coder-0.5b-instruct", test: baseline };
  console.log(
    `baseline: the old 2-of-3 judge vote (0.5B), test precision ${fmt(baseline.precision)}, recall ${fmt(baseline.recall)} (${baseline.caught}/${baseline.bad} bad caught, ${baseline.goodRejected} good rejected)`,
  );
}
writeFileSync(new URL("heldOutChecks.json", results), `${JSON.stringify(output, null, 2)}\n`);
console.log("wrote bench/translation/results/heldOutChecks.json");
