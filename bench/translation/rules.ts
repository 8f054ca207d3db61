// The translation checks that need no model (languages per field, length ratio), measured
// without a model: on the hand-marked pairs of bench/translation/handMarked.zh-en.json
// (precision and recall on the bad ones) and on every real WMT19 newstest zh-en pair the ratio
// bounds were not measured on (lines 1501–2000 of ../shared/data/wmt_zhen_dev, all good:
// any rejection there is a false one), both directions. Writes results/rules.json.
//
//   npx tsx bench/translation/rules.ts
import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
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
const out = fileURLToPath(new URL("./results/", import.meta.url));
mkdirSync(out, { recursive: true });
writeFileSync(`${out}rules.json`, `${JSON.stringify(results, null, 2)}\n`);
console.log(`wrote ${out}rules.json`);
