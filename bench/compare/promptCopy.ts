// Real rows of a classification recipe through the rule checks exactly as the verifier runs them
// on a generated record: each row checked against the generation prompt of a slot of its own
// label (the label's meaning and quoted real examples included), so a check that rejects what a
// real text of that label naturally says (five words shared with the prompt) shows up here.
// Baselines in the same run: the prompt as the copied-prompt rule read it before label examples
// were left out (every system and user message, whole), and before the label's meaning was left
// out too (the examples only).
//
//   npx tsx bench/compare/promptCopy.ts [recipe, examples/intent-en.yaml]
// Writes bench/compare/results/promptCopy.json.
import { labelGuideOf, quotedLabelExamples } from "../../src/core/labels/labelGuide.js";
import { loadRecipe } from "../../src/core/recipe/loadRecipe.js";
import { prepareGeneration } from "../../src/pipeline/run/prepareGeneration.js";
import { createRuleChecks } from "../../src/pipeline/verify/createRecordVerifier.js";
import { promptInstructions } from "../../src/quality/fields/promptInstructions.js";
import { readLabelledExamples } from "../../src/train/readLabelledExamples.js";
import { recipeEvaluationInputs } from "../../src/train/recipeEvaluationInputs.js";
import { keepResults } from "../keepResults.js";

const kept = keepResults(import.meta.url);
const recipeFile = process.argv[2] ?? "examples/intent-en.yaml";
const loaded = await loadRecipe(recipeFile);
const { recipe } = loaded;
const reference = recipeEvaluationInputs(loaded).reference;
const labelField = recipe.output.labelField;
if (reference?.textColumn === undefined || reference.labelColumn === undefined || labelField === undefined)
  throw new Error(
    `${recipeFile}: needs a classification recipe with evaluate.reference (text and label columns).`,
  );
const prepared = await prepareGeneration(loaded);
const rules = createRuleChecks(recipe);
const guide = labelGuideOf(recipe);
const rows = await readLabelledExamples(reference.file, {
  textColumn: reference.textColumn,
  labelColumn: reference.labelColumn,
  ...(reference.exclude ? { exclude: reference.exclude } : {}),
});
const figures: Record<string, unknown> = { recipe: recipeFile, rows: rows.length };
for (const [name, instructionsOf] of [
  [
    "whole prompt (before)",
    (messages: Parameters<typeof promptInstructions>[0]) => promptInstructions(messages),
  ],
  [
    "label examples left out (before)",
    (messages: Parameters<typeof promptInstructions>[0]) =>
      (guide ?? [])
        .flatMap(quotedLabelExamples)
        .reduce((rest, quote) => rest.split(quote).join(""), promptInstructions(messages)),
  ],
  [
    "label examples and meaning left out (now)",
    (messages: Parameters<typeof promptInstructions>[0]) => promptInstructions(messages, guide),
  ],
] as const) {
  const reasons = new Map<string, number>();
  const copied: string[] = [];
  rows.forEach((row, index) => {
    const prompt = prepared.buildPrompt({ index, cell: { [labelField]: row.label } } as never, 0);
    const outcome = rules(
      { [recipe.output.textField]: row.text, [labelField]: row.label },
      instructionsOf(prompt.messages),
      false,
    );
    if (outcome.rejectReason === undefined) return;
    const reason =
      outcome.decisions.find((decision) => decision.decision === "reject")?.reason ?? outcome.rejectReason;
    const kind = reason.includes("copies the prompt") ? "leak: copies the prompt" : reason.split(":")[0]!;
    reasons.set(kind, (reasons.get(kind) ?? 0) + 1);
    if (kind.startsWith("leak") && copied.length < 5) copied.push(`${row.label}: ${row.text} (${reason})`);
  });
  const rejected = [...reasons.values()].reduce((sum, count) => sum + count, 0);
  console.log(
    `${name}: ${rejected} of ${rows.length} real rows rejected (${((100 * rejected) / rows.length).toFixed(1)}%)`,
  );
  for (const [reason, count] of reasons) console.log(`   ${reason}: ${count}`);
  for (const line of copied) console.log(`   e.g. ${line}`);
  figures[name] = { rejected, byReason: Object.fromEntries(reasons) };
}
kept.set("figures", figures);
