// What a classification recipe's field checks reject, on its real rows and on generated records:
// every check, and the share due to the recipe's own `quality.fields.<text>.phrases` (a recipe's
// leak patterns must not reject the real texts they stand for).
//
//   npx tsx bench/compare/fieldChecks.ts <recipe> [generated train.jsonl ...]
//
// Real rows: the recipe's `evaluate.reference` (all of it; the label examples it shows the
// generator left out). Prints, per file, how many texts the checks reject without the recipe's
// phrases and with them, and every text the phrases add.
import { readFileSync } from "node:fs";
import path from "node:path";
import { labelExamplesOf } from "../../src/core/labels/labelGuide.js";
import { labelsOf } from "../../src/core/recipe/labelsOf.js";
import { loadRecipe } from "../../src/core/recipe/loadRecipe.js";
import { fieldSpecsOf } from "../../src/pipeline/verify/fieldSpecsOf.js";
import { checkRecordFields } from "../../src/quality/fields/checkRecordFields.js";
import { readLabelledExamples } from "../../src/train/readLabelledExamples.js";
import { recipeEvaluationInputs } from "../../src/train/recipeEvaluationInputs.js";

const [recipeFile, ...generatedFiles] = process.argv.slice(2);
if (recipeFile === undefined)
  throw new Error("usage: tsx bench/compare/fieldChecks.ts <recipe> [train.jsonl ...]");
const loaded = await loadRecipe(recipeFile);
const { recipe } = loaded;
const textField = recipe.output.textField;
const specs = fieldSpecsOf(recipe);
const withoutPhrases = Object.fromEntries(
  Object.entries(specs).map(([field, spec]) => [field, { ...spec, phrases: undefined }]),
);
const schemaField = (recipe.output.schema as { properties?: Record<string, { maxLength?: number }> })
  .properties?.[textField];
const context = {
  language: recipe.language,
  labels: labelsOf(recipe),
  examples: labelExamplesOf(recipe),
  ...(schemaField?.maxLength === undefined ? {} : { maxLengths: { [textField]: schemaField.maxLength } }),
};
const rejects = (text: string, fieldSpecs: typeof specs) =>
  checkRecordFields({ [textField]: text }, fieldSpecs, context).rejected !== undefined;

const reference = recipeEvaluationInputs(loaded).reference;
const sets: [string, string[]][] = [];
if (reference !== undefined) {
  const rows = await readLabelledExamples(reference.file, {
    ...(reference.textColumn === undefined ? {} : { textColumn: reference.textColumn }),
    ...(reference.labelColumn === undefined ? {} : { labelColumn: reference.labelColumn }),
    ...(reference.exclude === undefined ? {} : { exclude: reference.exclude }),
  });
  sets.push([`real: ${path.basename(reference.file)}`, rows.map((row) => row.text)]);
}
for (const file of generatedFiles) {
  const texts = readFileSync(file, "utf8")
    .split("\n")
    .filter((line) => line.trim() !== "")
    .map((line) => String((JSON.parse(line) as Record<string, unknown>)[textField]));
  sets.push([`generated: ${file}`, texts]);
}
for (const [name, texts] of sets) {
  let before = 0;
  let after = 0;
  const added: string[] = [];
  for (const text of texts) {
    const was = rejects(text, withoutPhrases);
    const is = rejects(text, specs);
    if (was) before += 1;
    if (is) after += 1;
    if (is && !was) added.push(text);
  }
  console.log(
    `${name}: ${texts.length} texts; the checks reject ${before} without the recipe's phrases, ${after} with them`,
  );
  for (const text of added) console.log(`  + ${text}`);
}
