import { labelsOf } from "../core/recipe/labelsOf.js";
import type { Recipe } from "../core/recipe/recipeSchema.js";
import type { QualityDecision } from "../core/record.js";
import { stringLengthLimits } from "../generate/decodingSchema.js";
import type { RecordVerifier } from "../generate/generateRecords.js";
import type { LanguageModel } from "../providers/LanguageModel.js";
import { checkRecordFields } from "../quality/fields/checkRecordFields.js";
import { createJudge } from "../quality/judge/createJudge.js";
import { fieldSpecsOf } from "./fieldSpecsOf.js";

/** `auto` is the `kind` rubric for a hosted (OpenAI-compatible) judge and off for an embedded one. */
export function rubricMode(
  mode: "auto" | "kind" | "score" | "off",
  judge: LanguageModel,
): "kind" | "score" | "off" {
  if (mode !== "auto") return mode;
  return judge.identity.provider === "embedded" ? "off" : "kind";
}

/**
 * The verification of every generated output that passed its schema and label checks, before
 * it is stored as accepted: the rule checks of METRICS.md (truncation, script, symbols,
 * repetition, leaks) on each of its fields as the field's kind asks (`fieldSpecsOf`: the
 * template's declarations and the recipe's `quality.fields`), then, when the recipe's judge is on, the
 * judge's 2-of-3 vote and rubric. The first rejection wins; its reason code is the record's.
 */
export function createRecordVerifier(recipe: Recipe, judgeModel: LanguageModel | undefined): RecordVerifier {
  const labels = labelsOf(recipe);
  const limits = stringLengthLimits(recipe.output.schema);
  const { textField, labelField } = recipe.output;
  const fields = fieldSpecsOf(recipe);
  const judge =
    recipe.judge.enabled && judgeModel
      ? createJudge({
          model: judgeModel,
          brief: { task: recipe.task, description: recipe.description, language: recipe.language },
          settings: {
            ...recipe.judge,
            rubric: {
              threshold: recipe.judge.rubric.threshold,
              mode: rubricMode(recipe.judge.rubric.mode, judgeModel),
            },
          },
          textField,
          ...(labelField === undefined ? {} : { labelField, labels }),
        })
      : undefined;

  return async ({ data, slot, prompt, stoppedAtTokenLimit, seed, signal }) => {
    const instructions = prompt.messages
      .filter((message) => message.role !== "assistant")
      .map((message) => message.content)
      .join("\n");
    const checked = checkRecordFields(data, fields, {
      language: recipe.language,
      labels,
      prompt: instructions,
      ...(recipe.description === undefined ? {} : { description: recipe.description }),
      maxLengths: limits,
      stoppedAtTokenLimit,
    });
    if (checked.rejected) return { decisions: checked.decisions, rejectReason: checked.rejected.check };
    const ruleDecisions: QualityDecision[] = checked.decisions;
    if (!judge) return { decisions: ruleDecisions, rejectReason: undefined };
    const verdict = await judge.verify({ data, cell: slot.cell, seed, ...(signal ? { signal } : {}) });
    return {
      decisions: [...ruleDecisions, ...verdict.decisions],
      rejectReason: verdict.rejectReason,
      usage: verdict.usage,
      calls: verdict.calls,
    };
  };
}
