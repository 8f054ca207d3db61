import { type EntityFieldInfo, findEntityField } from "../../core/entities/entityField.js";
import { labelExamplesOf, labelGuideOf } from "../../core/labels/labelGuide.js";
import type { JudgeSettings } from "../../core/recipe/judgeSchema.js";
import { labelsOf } from "../../core/recipe/labelsOf.js";
import type { Recipe } from "../../core/recipe/recipeSchema.js";
import type { TaskType } from "../../core/recipe/taskTypes.js";
import { translationDirectionOf } from "../../core/recipe/translationDirectionOf.js";
import type { QualityDecision } from "../../core/record.js";
import { stringLengthLimits } from "../../generate/decodingSchema.js";
import type { RecordVerifier } from "../../generate/generateRecords.js";
import type { LanguageModel } from "../../providers/LanguageModel.js";
import { judgeCalibrationOf } from "../../providers/registry/defaultModels.js";
import { checkEntities } from "../../quality/entities/checkEntities.js";
import { createEntityJudge } from "../../quality/entities/judgeEntities.js";
import { checkAgainstLexicon, type EntityLexicon } from "../../quality/entities/realEntityLexicon.js";
import { checkRecordFields } from "../../quality/fields/checkRecordFields.js";
import { promptInstructions } from "../../quality/fields/promptInstructions.js";
import { createJudge } from "../../quality/judge/createJudge.js";
import { createTranslationChecker } from "../../quality/translation/checkTranslationPair.js";
import { fieldSpecsOf } from "./fieldSpecsOf.js";

export { fieldLanguage, untranslatedChinese } from "../../quality/fields/fieldLanguage.js";

/** `auto` is the `kind` rubric for a hosted (OpenAI-compatible) judge and off for an embedded one. */
export function rubricMode(
  mode: "auto" | "kind" | "score" | "off",
  judge: LanguageModel,
): "kind" | "score" | "off" {
  if (mode !== "auto") return mode;
  return judge.identity.provider === "embedded" ? "off" : "kind";
}

/**
 * Whether the judge votes on a record's output: `auto` (unset) is off for an embedded judge whose
 * vote the registry records as measured noise (`judge.answerVote: false`, or false for the
 * recipe's task, with its figures).
 */
export function answerCheckOn(
  mode: "auto" | "on" | "off" | undefined,
  judge: LanguageModel,
  task: TaskType,
): boolean {
  if (mode === "on" || mode === "off") return mode === "on";
  if (judge.identity.provider !== "embedded") return true;
  const vote = judgeCalibrationOf(judge.identity.id)?.answerVote;
  return typeof vote === "object" ? vote[task] !== false : vote !== false;
}

/** What the rule checks concluded about one output: every string field's checks, the first rejection wins. */
/** What a verifier reads besides the recipe. */
export interface VerifierOptions {
  /** Real annotations of an extraction recipe (`quality.entities.reference`), read once. */
  entityLexicon?: EntityLexicon;
}

export interface RuleOutcome {
  decisions: QualityDecision[];
  rejectReason: string | undefined;
}

/**
 * The rule checks of docs/metrics.md (truncation, script, symbols, repetition, leaks) on each field
 * of an output as the field's kind asks (`fieldSpecsOf`: the task's defaults, the template's
 * declarations and the recipe's `quality.fields`; a translation field with no named language
 * read in its own script), as generation and annotation run them: `instructions` is the text a
 * field must not copy (the prompt without its examples or the user's own row). The first
 * rejection wins; its reason names the check and the field. An extraction record with an
 * entity list then gets the span checks (`checkEntities`).
 */
export function createRuleChecks(
  recipe: Recipe,
  options: VerifierOptions = {},
): (data: Record<string, unknown>, instructions: string, stoppedAtTokenLimit: boolean) => RuleOutcome {
  const labels = labelsOf(recipe);
  const examples = labelExamplesOf(recipe);
  const limits = stringLengthLimits(recipe.output.schema);
  const fields = fieldSpecsOf(recipe);
  const entityField = entityFieldOf(recipe);
  return (data, instructions, stoppedAtTokenLimit) => {
    const checked = checkRecordFields(data, fields, {
      language: recipe.language,
      labels,
      prompt: instructions,
      examples,
      ...(recipe.description === undefined ? {} : { description: recipe.description }),
      maxLengths: limits,
      stoppedAtTokenLimit,
    });
    if (checked.rejected) return { decisions: checked.decisions, rejectReason: checked.rejected.check };
    if (entityField) {
      const entities = checkEntities(data, entityField);
      const decisions = [...checked.decisions, ...entities.decisions];
      if (entities.rejectReason !== undefined || options.entityLexicon === undefined)
        return { decisions, rejectReason: entities.rejectReason };
      const text = String(data[entityField.textField]);
      const found = checkAgainstLexicon(text, entities.spans, options.entityLexicon);
      decisions.push(
        found === undefined
          ? { check: "entity-real", decision: "pass" }
          : {
              check: "entity-real",
              decision: "reject",
              reason: `${found.reason}: ${found.message}`,
              details: found.details,
            },
      );
      return { decisions, rejectReason: found?.reason };
    }
    return { decisions: checked.decisions, rejectReason: undefined };
  };
}

/** The entity list of an extraction recipe's output schema, if it has one. */
function entityFieldOf(recipe: Recipe): EntityFieldInfo | undefined {
  return recipe.task === "extraction"
    ? findEntityField(recipe.output.schema, recipe.output.textField, recipe.language)
    : undefined;
}

/** A recipe's (or `check --judge`'s) judge settings on `judgeModel`: the rubric's `auto` resolved for that model. */
export function judgeSettingsFor(settings: JudgeSettings, judgeModel: LanguageModel) {
  return {
    ...settings,
    rubric: { threshold: settings.rubric.threshold, mode: rubricMode(settings.rubric.mode, judgeModel) },
  };
}

/** The judge a recipe's `judge` section asks for, on `judgeModel` (the rubric's `auto` resolved for it). */
export function createRecipeJudge(recipe: Recipe, judgeModel: LanguageModel) {
  const { textField, labelField } = recipe.output;
  return createJudge({
    model: judgeModel,
    brief: { task: recipe.task, description: recipe.description, language: recipe.language },
    settings: judgeSettingsFor(recipe.judge, judgeModel),
    textField,
    ...(labelField === undefined ? {} : { labelField, labels: labelsOf(recipe) }),
    ...(recipe.labels === undefined ? {} : { labelGuide: labelGuideOf(recipe) }),
  });
}

/**
 * The verification of every generated output that passed its schema and label checks, before
 * it is stored as accepted: the rule checks (`createRuleChecks`) on each of its string fields,
 * then, for a translation pair, the translation checks (`quality/translation/`), else, when the
 * recipe's judge is on, the judge's 2-of-3 vote and rubric. The first rejection
 * wins; its reason code is the record's. An extraction record whose schema names its entity
 * types gets the entity judge (each entity's type, entities missed) instead of the record-level one.
 */
export function createRecordVerifier(
  recipe: Recipe,
  judgeModel: LanguageModel | undefined,
  options: VerifierOptions = {},
): RecordVerifier {
  const rules = createRuleChecks(recipe, options);
  const guide = labelGuideOf(recipe);
  const entityField = entityFieldOf(recipe);
  const entityTypes = entityField?.types;
  const entityJudge =
    recipe.judge.enabled && judgeModel && entityField && entityTypes
      ? createEntityJudge({
          model: judgeModel,
          language: recipe.language,
          description: recipe.description,
          info: { ...entityField, types: entityTypes },
          votes: recipe.judge.votes,
          minimumAgreement: recipe.judge.minimumAgreement,
          temperature: recipe.judge.temperature,
        })
      : undefined;
  // A label is always voted on; an output (answer, summary, turn) only by a judge whose vote means something.
  // (A rubric the recipe turns on keeps the judge, vote and all.)
  const votesOnOutput =
    judgeModel !== undefined &&
    (answerCheckOn(recipe.judge.answerCheck, judgeModel, recipe.task) ||
      rubricMode(recipe.judge.rubric.mode, judgeModel) !== "off");
  const judge =
    recipe.judge.enabled &&
    judgeModel &&
    !entityJudge &&
    (recipe.output.labelField !== undefined || votesOnOutput)
      ? createRecipeJudge(recipe, judgeModel)
      : undefined;
  // A translation pair is checked both ways (languages, length, back-translation, adequacy)
  // instead of by the judge's vote, which cannot tell a faithful translation from a loose one.
  const pair = translationDirectionOf(recipe);
  const translationCheck =
    pair === undefined
      ? undefined
      : createTranslationChecker({
          direction: pair,
          sourceField: pair.sourceField,
          targetField: pair.targetField,
          model: recipe.judge.enabled ? judgeModel : undefined,
          ...(recipe.judge.adequacy === undefined ? {} : { thresholds: { adequacy: recipe.judge.adequacy } }),
        });

  return async ({ data, slot, prompt, stoppedAtTokenLimit, seed, signal }) => {
    const instructions = promptInstructions(prompt.messages, guide);
    const ruled = rules(data, instructions, stoppedAtTokenLimit);
    if (ruled.rejectReason !== undefined) return ruled;
    if (translationCheck) {
      const verdict = await translationCheck(data, seed, signal);
      return { ...verdict, decisions: [...ruled.decisions, ...verdict.decisions] };
    }
    if (entityJudge && entityField) {
      const checked = checkEntities(data, entityField);
      const verdict = await entityJudge.verify({
        text: String(data[recipe.output.textField]),
        entities: checked.entities,
        spans: checked.spans,
        seed,
        ...(signal ? { signal } : {}),
      });
      return {
        decisions: [...ruled.decisions, ...verdict.decisions],
        rejectReason: verdict.rejectReason,
        usage: verdict.usage,
        calls: verdict.calls,
      };
    }
    if (!judge) return ruled;
    const verdict = await judge.verify({ data, cell: slot.cell, seed, ...(signal ? { signal } : {}) });
    return {
      decisions: [...ruled.decisions, ...verdict.decisions],
      rejectReason: verdict.rejectReason,
      usage: verdict.usage,
      calls: verdict.calls,
    };
  };
}
