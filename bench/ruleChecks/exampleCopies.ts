// How close real data comes to the label examples a recipe shows its generator: the leak check
// rejects a generated text within one edit in ten of an example (`copiesExample`), so every real
// row that close would be a sound record thrown away. For each example recipe with label
// examples, every real training row of its development set (the examples themselves left out)
// is compared with every example shown, case, spaces and punctuation aside; the counts at
// similarity 0.8, 0.9 (the rule) and 1.0 are printed, with the closest pairs. Writes
// results/exampleCopies.json beside this file.
//
//   npx tsx bench/ruleChecks/exampleCopies.ts
import { writeFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { parse } from "csv-parse/sync";
import { labelExamplesOf } from "../../src/core/labels/labelGuide.js";
import { loadRecipe } from "../../src/core/recipe/loadRecipe.js";
import { bareText } from "../../src/core/text/bareText.js";
import { editSimilarity } from "../../src/core/text/editDistance.js";
import { copiesExample } from "../../src/quality/filters/checkRecordText.js";
import { readDevelopmentFile } from "../support/developmentData.js";

const here = path.dirname(fileURLToPath(import.meta.url));
const root = path.resolve(here, "..", "..");
const read = (name: string) => readDevelopmentFile("bench/ruleChecks/exampleCopies", name);
const sets = [
  {
    recipe: "examples/intent-en.yaml",
    rows: (parse(read("banking77_train.csv"), { columns: true }) as { text: string }[]).map(
      (row) => row.text,
    ),
  },
  {
    recipe: "examples/medical-intent-zh.yaml",
    rows: (JSON.parse(read("kuake_qic_train.json")) as { query: string }[]).map((row) => row.query),
  },
];
const results = [];
for (const set of sets) {
  const examples = labelExamplesOf((await loadRecipe(path.join(root, set.recipe))).recipe);
  const shown = new Set(examples.map(bareText));
  const rows = set.rows.filter((row) => !shown.has(bareText(row)));
  const at = { 0.8: 0, 0.9: 0, 1: 0 };
  const closest: { row: string; example: string; similarity: number }[] = [];
  let rejected = 0;
  for (const row of rows) {
    let best = { example: "", similarity: 0 };
    for (const example of examples) {
      const similarity = editSimilarity(bareText(row), bareText(example));
      if (similarity > best.similarity) best = { example, similarity };
    }
    for (const threshold of [0.8, 0.9, 1] as const) if (best.similarity >= threshold) at[threshold] += 1;
    if (best.similarity >= 0.8) closest.push({ row, ...best });
    if (copiesExample(row, examples) !== undefined) rejected += 1;
  }
  closest.sort((a, b) => b.similarity - a.similarity);
  console.log(
    `${set.recipe}: ${examples.length} examples; of ${rows.length} real rows, ${at[0.8]} within 0.8, ${at[0.9]} within 0.9, ${at[1]} equal; the rule rejects ${rejected}`,
  );
  for (const pair of closest.slice(0, 5))
    console.log(`  ${pair.similarity.toFixed(2)}  ${pair.row}  |  ${pair.example}`);
  results.push({
    recipe: set.recipe,
    examples: examples.length,
    rows: rows.length,
    at,
    rejected,
    closest: closest.slice(0, 20),
  });
}
writeFileSync(
  path.join(here, "results", "exampleCopies.json"),
  `${JSON.stringify({ measuredAt: new Date().toISOString(), results }, null, 2)}\n`,
);
