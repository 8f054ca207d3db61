// The rule checks on the other side of a translation: how many human translations of WMT19
// newstest (../shared/data/wmt_zhen_dev.*, segments 1000–1999) the checks reject when the
// translated field is read in the recipe's language (before: a zh→en recipe counted an English
// field's repeats by Chinese characters and read its English words as prompt leaks), against
// reading it in the language it is written in (`fieldLanguage`, now). A human reference
// should pass: every rejection is a false positive. Both directions: zh→en (recipe zh, English
// field) and en→zh (recipe en, Chinese field). Writes translationField.json beside this file.
//
//   npx tsx bench/ruleChecks/translationField.ts
import { existsSync, readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { parseRecipe } from "../../src/core/recipe/loadRecipe.js";
import { createRuleChecks } from "../../src/pipeline/verify/createRecordVerifier.js";
import { checkRecordText } from "../../src/quality/filters/checkRecordText.js";

const here = path.dirname(fileURLToPath(import.meta.url));
const data = path.resolve(here, "..", "..", "..", "shared", "data");
const files = { zh: path.join(data, "wmt_zhen_dev.zh"), en: path.join(data, "wmt_zhen_dev.en") };
if (!existsSync(files.zh) || !existsSync(files.en)) {
  console.error(`bench/ruleChecks needs ${files.zh} and ${files.en}, which are absent.`);
  process.exit(1);
}
const lines = (file: string) => readFileSync(file, "utf8").split("\n").slice(1000, 2000);
const zh = lines(files.zh);
const en = lines(files.en);

/** A translation recipe of `language` whose `translation` field is in the other language. */
const recipeIn = (language: string) =>
  parseRecipe(
    `name: t\ntask: translation\nlanguage: ${language}\ninput: { file: x.csv }\noutput:\n  schema: { type: object, properties: { text: { type: string }, translation: { type: string } } }\n`,
    path.join(here, "t.yaml"),
  ).recipe;
const instructions = "Translate the text.";

const measure = (language: string, sources: string[], targets: string[]) => {
  const recipe = recipeIn(language);
  const rules = createRuleChecks(recipe);
  const before: Record<string, number> = {};
  const now: Record<string, number> = {};
  for (const [index, source] of sources.entries()) {
    const target = targets[index]!;
    if (source.trim() === "" || target.trim() === "") continue;
    // Before: the translated field checked in the recipe's language (its script check off).
    const old = checkRecordText(target, {
      language,
      prompt: instructions,
      description: "",
      checkLanguage: false,
    }).find((decision) => decision.decision === "reject");
    if (old) before[old.check] = (before[old.check] ?? 0) + 1;
    const outcome = rules({ translation: target }, instructions, false);
    if (outcome.rejectReason) now[outcome.rejectReason] = (now[outcome.rejectReason] ?? 0) + 1;
  }
  const pairs = sources.filter(
    (source, index) => source.trim() !== "" && targets[index]!.trim() !== "",
  ).length;
  const total = (counts: Record<string, number>) =>
    Object.values(counts).reduce((sum, count) => sum + count, 0);
  return {
    direction: language === "zh" ? "zh→en (English field)" : "en→zh (Chinese field)",
    pairs,
    rejectedBefore: total(before),
    rejectedNow: total(now),
    byCheckBefore: before,
    byCheckNow: now,
  };
};

/** For comparison: the same texts as the text field of a recipe in their own language. */
const asTextField = (language: string, texts: string[]) => {
  const rules = createRuleChecks(recipeIn(language));
  const counts: Record<string, number> = {};
  for (const text of texts.filter((each) => each.trim() !== "")) {
    const outcome = rules({ text }, instructions, false);
    if (outcome.rejectReason) counts[outcome.rejectReason] = (counts[outcome.rejectReason] ?? 0) + 1;
  }
  return { language, texts: texts.filter((each) => each.trim() !== "").length, rejected: counts };
};

const results = [measure("zh", zh, en), measure("en", en, zh)];
const textFields = [asTextField("en", en), asTextField("zh", zh)];
for (const field of textFields) {
  console.log(
    `the same ${field.language} texts as a ${field.language} recipe's text field: ${field.texts}, rejected ${JSON.stringify(field.rejected)}`,
  );
}
for (const result of results) {
  console.log(
    `${result.direction}: ${result.pairs} human references, rejected before ${result.rejectedBefore} (${((100 * result.rejectedBefore) / result.pairs).toFixed(1)}%) ${JSON.stringify(result.byCheckBefore)}, now ${result.rejectedNow} (${((100 * result.rejectedNow) / result.pairs).toFixed(1)}%) ${JSON.stringify(result.byCheckNow)}`,
  );
}
writeFileSync(
  path.join(here, "translationField.json"),
  `${JSON.stringify({ data: "wmt_zhen_dev segments 1000-1999", results, textFields }, null, 2)}\n`,
);
