// The rule checks of a recipe (every field checked as its kind asks, with the recipe's labels,
// label examples and phrases: `createRuleChecks`, as generation runs them) on records read and
// marked by hand ({text, label, good, why} per line): how many sound records they reject (each a
// false rejection) and how many bad ones they catch, by the reason each was marked for. The
// prompt is not in the marked files, so the copied-prompt rule does not run here. Writes
// results/<marked file name>.json beside this file.
//
//   npx tsx bench/ruleChecks/markedRecords.ts examples/medical-intent-zh.yaml bench/annotate/marked-medical-intent-zh.jsonl
import { readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { loadRecipe } from "../../src/core/recipe/loadRecipe.js";
import { createRuleChecks } from "../../src/pipeline/verify/createRecordVerifier.js";
import { jsonLines } from "../support/developmentData.js";

interface Marked {
  id?: string;
  text: string;
  label: string;
  good: boolean;
  why?: string;
}

const here = path.dirname(fileURLToPath(import.meta.url));
const [recipeFile, markedFile] = process.argv.slice(2);
if (!recipeFile || !markedFile)
  throw new Error("usage: npx tsx bench/ruleChecks/markedRecords.ts <recipe.yaml> <marked.jsonl>");
const { recipe } = await loadRecipe(path.resolve(recipeFile));
const rules = createRuleChecks(recipe);
const records = jsonLines<Marked>(readFileSync(markedFile, "utf8"));
const { textField, labelField } = recipe.output;
const verdicts = records.map((record) => {
  const outcome = rules(
    { [textField]: record.text, ...(labelField ? { [labelField]: record.label } : {}) },
    "",
    false,
  );
  const reason = outcome.decisions.find((decision) => decision.decision === "reject")?.reason;
  return { ...record, rejected: outcome.rejectReason !== undefined, reason };
});
const good = verdicts.filter((verdict) => verdict.good);
const bad = verdicts.filter((verdict) => !verdict.good);
const byWhy = new Map<string, { marked: number; caught: number }>();
for (const verdict of bad) {
  const why = (verdict.why ?? "bad").split(":")[0]!.replace(/, .*$/, "");
  const entry = byWhy.get(why) ?? { marked: 0, caught: 0 };
  entry.marked += 1;
  if (verdict.rejected) entry.caught += 1;
  byWhy.set(why, entry);
}
const falseRejections = good.filter((verdict) => verdict.rejected);
const caught = bad.filter((verdict) => verdict.rejected).length;
console.log(
  `${markedFile}: ${records.length} records marked, ${bad.length} bad. The rule checks reject ${caught} of the ${bad.length} bad (recall ${(caught / Math.max(1, bad.length)).toFixed(2)}) and ${falseRejections.length} of the ${good.length} sound (precision ${(caught / Math.max(1, caught + falseRejections.length)).toFixed(2)}); kept: ${records.length - caught - falseRejections.length}, of them bad ${bad.length - caught} (${(((bad.length - caught) / Math.max(1, records.length - caught - falseRejections.length)) * 100).toFixed(1)}%).`,
);
for (const [why, entry] of byWhy) console.log(`  ${why}: ${entry.caught} of ${entry.marked} caught`);
for (const verdict of falseRejections) console.log(`  sound, rejected: ${verdict.text} (${verdict.reason})`);
writeFileSync(
  path.join(here, "results", `${path.basename(markedFile, ".jsonl")}.json`),
  `${JSON.stringify({ measuredAt: new Date().toISOString(), recipe: recipeFile, marked: markedFile, records: records.length, bad: bad.length, caught, falseRejections: falseRejections.length, byWhy: Object.fromEntries(byWhy), verdicts }, null, 2)}\n`,
);
