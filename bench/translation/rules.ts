// The translation checks that need no model (languages per field, length ratio), measured
// without a model: on the hand-marked pairs of bench/translation/handMarked.zh-en.json
// (precision and recall on the bad ones) and on every real WMT19 newstest zh-en pair the ratio
// bounds were not measured on (lines 1501–2000 of ../shared/data/wmt_zhen_dev, all good:
// any rejection there is a false one), both directions. Writes results/rules.json.
//
//   npx tsx bench/translation/rules.ts
import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { checkPairRules } from "../../src/quality/translation/pairRuleChecks.js";

const data = new URL("../../../shared/data/", import.meta.url);
const zhFile = fileURLToPath(new URL("wmt_zhen_dev.zh", data));
const enFile = fileURLToPath(new URL("wmt_zhen_dev.en", data));
if (!existsSync(zhFile) || !existsSync(enFile)) {
  console.log(`skipped: ${zhFile} and its .en are not here`);
  process.exit(0);
}
const zh = readFileSync(zhFile, "utf8").split("\n");
const en = readFileSync(enFile, "utf8").split("\n");
const marked = JSON.parse(readFileSync(new URL("./handMarked.zh-en.json", import.meta.url), "utf8")) as {
  wmtGood: number[];
  wmtEdits: {
    line: number;
    replace?: [string, string];
    append?: string;
    translation?: string;
    copySource?: boolean;
  }[];
  pairs: { good: boolean; text: string; translation: string }[];
};
const hand = [
  ...marked.wmtGood.map((line) => ({ zh: zh[line - 1]!, en: en[line - 1]!, good: true })),
  ...marked.wmtEdits.map((edit) => {
    let translation = en[edit.line - 1]!;
    if (edit.replace) translation = translation.replace(edit.replace[0], edit.replace[1]);
    if (edit.append) translation += edit.append;
    if (edit.translation) translation = edit.translation;
    if (edit.copySource) translation = zh[edit.line - 1]!;
    return { zh: zh[edit.line - 1]!, en: translation, good: false };
  }),
  ...marked.pairs.map((pair) => ({ zh: pair.text, en: pair.translation, good: pair.good })),
];
const results: Record<string, unknown> = {};
for (const direction of ["zh-en", "en-zh"] as const) {
  const [source, target] = direction.split("-") as [string, string];
  const reject = (pair: { zh: string; en: string }) =>
    checkPairRules(source === "zh" ? pair.zh : pair.en, source === "zh" ? pair.en : pair.zh, {
      source,
      target,
    }).find((decision) => decision.decision === "reject");
  const rejected = hand.map((pair) => ({ good: pair.good, reason: reject(pair)?.check }));
  const caught = rejected.filter((row) => row.reason && !row.good).length;
  const flagged = rejected.filter((row) => row.reason).length;
  const bad = rejected.filter((row) => !row.good).length;
  const held: Record<string, number> = {};
  let heldOut = 0;
  for (let line = 1501; line <= 2000; line += 1) {
    const reason = reject({ zh: zh[line - 1]!, en: en[line - 1]! });
    heldOut += 1;
    if (reason) held[reason.check] = (held[reason.check] ?? 0) + 1;
  }
  const falseRejections = Object.values(held).reduce((sum, count) => sum + count, 0);
  results[direction] = {
    handMarked: {
      pairs: hand.length,
      bad,
      rejected: flagged,
      caught,
      precision: flagged === 0 ? null : caught / flagged,
      recall: caught / bad,
      byCheck: Object.fromEntries(
        [...new Set(rejected.map((row) => row.reason).filter(Boolean))].map((check) => [
          check,
          rejected.filter((row) => row.reason === check).length,
        ]),
      ),
    },
    realHeldOut: { pairs: heldOut, rejected: falseRejections, byCheck: held },
  };
  console.log(
    `${direction}: hand-marked ${hand.length} pairs (${bad} bad): the rules reject ${flagged}, ${caught} of them bad (precision ${flagged === 0 ? "-" : (caught / flagged).toFixed(3)}, recall ${(caught / bad).toFixed(3)}); real WMT pairs 1501–2000: ${falseRejections} of ${heldOut} rejected ${JSON.stringify(held)}`,
  );
}
// The dictionary check (CC-CEDICT coverage) on its own terms: real pairs where its threshold was
// chosen (lines 1–1000) and beyond (1001–2000); each source with the reference 7 lines on, mostly a
// sentence of the same news story (the hard case of "a translation of another sentence"); and the
// generated pairs of the read files (results/read-*.jsonl): those read as correct, and each source
// with the translation of the pair 5 records on. Caught with the dictionary against the rules
// without it (the baseline), in the same run.
{
  // The rules stop at the first rejection and the dictionary runs last: a pair the rules without
  // it reject is one whose rejection is not the dictionary's.
  const tally = (pairs: { zh: string; en: string }[]) => {
    const rejections = pairs.map(
      (pair) =>
        checkPairRules(pair.zh, pair.en, { source: "zh", target: "en" }).find(
          (decision) => decision.decision === "reject",
        )?.check,
    );
    const caught = rejections.filter((check) => check !== undefined).length;
    const byDictionary = rejections.filter((check) => check === "dictionary").length;
    return { caught, byDictionary, baselineCaught: caught - byDictionary };
  };
  type Tally = ReturnType<typeof tally>;
  const lines = (from: number, to: number) =>
    Array.from({ length: to - from + 1 }, (_, index) => ({
      zh: zh[from + index - 1]!,
      en: en[from + index - 1]!,
    }));
  const shifted = Array.from({ length: 2000 }, (_, index) => ({
    zh: zh[index]!,
    en: en[(index + 7) % 2000]!,
  }));
  const han = /\p{Script=Han}/u;
  const readDir = new URL("./results/", import.meta.url);
  const generated = readdirSync(readDir)
    .filter((name) => name.startsWith("read-") && name.endsWith(".jsonl"))
    .flatMap((name) =>
      readFileSync(new URL(name, readDir), "utf8")
        .split("\n")
        .filter((line) => line.trim() !== "")
        .map((line) => JSON.parse(line) as { text: unknown; translation: unknown; wouldKeep: boolean }),
    )
    // Truncated outputs were read as they came out, with no translation to pair.
    .filter(
      (record): record is { text: string; translation: string; wouldKeep: boolean } =>
        typeof record.text === "string" && typeof record.translation === "string",
    )
    .map((record) =>
      han.test(record.text)
        ? { zh: record.text, en: record.translation, good: record.wouldKeep }
        : { zh: record.translation, en: record.text, good: record.wouldKeep },
    );
  const generatedShifted = generated.map((pair, index) => ({
    zh: pair.zh,
    en: generated[(index + 5) % generated.length]!.en,
  }));
  const good = generated.filter((pair) => pair.good);
  const [chosenOn, beyond, another, correct, generatedAnother] = [
    lines(1, 1000),
    lines(1001, 2000),
    shifted,
    good,
    generatedShifted,
  ].map(tally) as [Tally, Tally, Tally, Tally, Tally];
  const dictionary = {
    realChosenOn: { pairs: 1000, rejected: chosenOn.byDictionary },
    realBeyond: { pairs: 1000, rejected: beyond.byDictionary },
    anotherSentence: {
      pairs: shifted.length,
      caught: another.caught,
      baselineCaught: another.baselineCaught,
    },
    generatedReadAsCorrect: { pairs: good.length, rejected: correct.byDictionary },
    generatedAnotherSentence: {
      pairs: generatedShifted.length,
      caught: generatedAnother.caught,
      baselineCaught: generatedAnother.baselineCaught,
    },
  };
  results.dictionary = dictionary;
  console.log(
    `dictionary: real pairs rejected by it ${dictionary.realChosenOn.rejected} of lines 1–1000 (threshold chosen there), ${dictionary.realBeyond.rejected} of 1001–2000; generated pairs read as correct ${dictionary.generatedReadAsCorrect.rejected} of ${good.length}`,
  );
  for (const [name, row] of [
    ["WMT source + the reference 7 lines on", dictionary.anotherSentence],
    ["generated source + the translation 5 records on", dictionary.generatedAnotherSentence],
  ] as const) {
    console.log(
      `  ${name}: caught ${row.caught} of ${row.pairs} with it, ${row.baselineCaught} without (the rules before it): ${(row.caught / Math.max(1, row.baselineCaught)).toFixed(2)}× the baseline`,
    );
  }
}
const out = fileURLToPath(new URL("./results/", import.meta.url));
mkdirSync(out, { recursive: true });
writeFileSync(`${out}rules.json`, `${JSON.stringify(results, null, 2)}\n`);
console.log(`wrote ${out}rules.json`);
