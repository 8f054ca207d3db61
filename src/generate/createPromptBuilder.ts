import { describeLabelForGeneration, labelGuideOf } from "../core/labels/labelGuide.js";
import { cellKey } from "../core/plan/cellKey.js";
import { dimensionValues } from "../core/plan/createPlan.js";
import type { PlanSlot } from "../core/plan/PlanSlot.js";
import type { Recipe } from "../core/recipe/recipeSchema.js";
import type { QualityDecision } from "../core/record.js";
import type { PromptFeedback } from "../core/review/reviewFeedback.js";
import type { ChatMessage } from "../providers/LanguageModel.js";
import type { SeedExample } from "./seeds/SeedExample.js";
import { pickFewShot } from "./strategies/pickFewShot.js";
import type { ResolvedTemplate } from "./templates/ResolvedTemplate.js";
import { renderSlotMessages } from "./templates/renderSlotMessages.js";
import { createVarietySteering, type VarietySteering } from "./variety/varietySteering.js";

/** The prompt of one attempt on one slot, with what provenance needs to know about it. */
export interface SlotPrompt {
  messages: ChatMessage[];
  template: { id: string; version: string };
  /** Ids of the seed examples shown. */
  fewShot: string[];
  /** Strategy recorded in provenance ("plain", "negative:near-miss", "self-instruct", ...) [the stage's]. */
  strategy?: string;
  /**
   * Extra check of an output that passed the schema and label checks (e.g. self-instruct's
   * novelty filter); `rejectReason` rejects the record with that reason code.
   */
  review?: (data: Record<string, unknown>) => { decision: QualityDecision; rejectReason?: string };
  /** Changes an accepted record before it is stored (e.g. a negative sample's label flip). */
  finish?: (data: Record<string, unknown>) => Record<string, unknown>;
}

/** How one prompt deviates from the slot's plain prompt. */
export interface PromptOptions {
  /** Added to the phrasing rotation; rounds with low diversity move it on [0]. */
  phrasingOffset?: number;
  /** Text appended to the user message (e.g. a negative sample's instruction). */
  extraInstruction?: string;
}

export type PromptBuilder = (slot: PlanSlot, attempt: number, options?: PromptOptions) => SlotPrompt;

/**
 * Builds the prompt of each slot and attempt from the resolved template. Besides what
 * `renderSlotMessages` provides (the cell values, `language`, `labels`, `examples`), templates
 * can use `task`, `description` and `schema` (the output schema as JSON); `template.variables`
 * override those three. Few-shot examples rotate across slots and attempts (`pickFewShot`, in
 * the plan seed's order); with a label dimension, a slot is shown seeds of its own label when
 * the seed file has any.
 *
 * With `feedback` from a human review, every prompt also carries the reviewers' negative
 * guidance (and the extra guidance of its cell when that cell's error rate was high), and the
 * few-shot examples come first from the reviewed exemplars (of the slot's label only when it
 * has a label dimension; `seeds.perPrompt` of them, or 2 without seeds; the reviewers' fixed versions before
 * confirmed records), then from the seeds.
 */
export function createPromptBuilder(
  recipe: Recipe,
  template: ResolvedTemplate,
  examples: readonly SeedExample[],
  feedback?: PromptFeedback,
  /** `generation.variety`'s steering, with its real lengths read (`prepareGeneration`); else built without lengths. */
  steering?: VarietySteering,
): PromptBuilder {
  const resolved: ResolvedTemplate = {
    ...template,
    variables: {
      task: recipe.task,
      description: recipe.description,
      schema: JSON.stringify(recipe.output.schema),
      ...template.variables,
    },
  };
  const perPrompt = recipe.seeds?.perPrompt ?? 0;
  const labelField = recipe.output.labelField;
  const labelSpec = labelField === undefined ? undefined : recipe.dimensions[labelField];
  const labelValues =
    labelSpec === undefined ? undefined : dimensionValues(labelSpec).map((entry) => entry.value);
  const lengthLine = lengthInstruction(recipe);
  // `generation.variety`: a writer, register, length and subject drawn per slot and attempt.
  const steer = steering ?? createVarietySteering(recipe);
  // The recipe's `labels`: a slot of a described label is told what it means, with real examples.
  const labelMeanings = new Map(
    (labelGuideOf(recipe) ?? []).flatMap((meaning) => {
      const line = describeLabelForGeneration(meaning, recipe.language);
      return line === undefined ? [] : [[meaning.label, line] as const];
    }),
  );
  const exemplars = feedback?.exemplars ?? [];
  const exemplarsPerPrompt = exemplars.length === 0 ? 0 : perPrompt > 0 ? perPrompt : 2;
  const fixedExemplars = exemplars.filter((example) => example.fixed === true);
  const confirmedExemplars = exemplars.filter((example) => example.fixed !== true);
  return (slot, attempt, options = {}) => {
    const labelLine = labelField === undefined ? undefined : labelMeanings.get(slot.cell[labelField] ?? "");
    const extraInstruction = [
      labelLine,
      steer?.(slot, attempt),
      lengthLine,
      feedback?.guidance,
      feedback?.cellGuidance[cellKey(slot.cell)],
      options.extraInstruction,
    ]
      .filter((line) => line !== undefined)
      .join(" ");
    const wantedLabel = labelField === undefined ? undefined : slot.cell[labelField];
    const ofLabel =
      wantedLabel === undefined
        ? undefined
        : (example: SeedExample) => String(example.fields[labelField!]) === wantedLabel;
    // The reviewers' fixes of the slot's label first (what they corrected is the clearest
    // lesson), then records they confirmed, each rotating across slots and attempts; never
    // reviewed records of another label.
    const pick = (pool: readonly SeedExample[], count: number) =>
      pickFewShot(pool, slot.index + attempt, count, recipe.plan.seed, ofLabel).examples.filter(
        (example) => ofLabel === undefined || ofLabel(example),
      );
    const fixes = pick(fixedExemplars, exemplarsPerPrompt);
    const reviewed = [...fixes, ...pick(confirmedExemplars, exemplarsPerPrompt - fixes.length)];
    const seeds = pickFewShot(
      examples,
      slot.index + attempt,
      Math.max(0, perPrompt - reviewed.length),
      recipe.plan.seed,
      ofLabel,
    ).examples;
    const shown = [...reviewed, ...seeds];
    const { messages } = renderSlotMessages(resolved, {
      slotIndex: slot.index,
      cell: slot.cell,
      examples: shown.map((example) => example.fields),
      language: recipe.language,
      ...(labelValues === undefined ? {} : { labelValues }),
      ...(options.phrasingOffset === undefined ? {} : { phrasingOffset: options.phrasingOffset }),
      ...(extraInstruction === "" ? {} : { extraInstruction }),
    });
    return {
      messages,
      template: { id: resolved.id, version: resolved.version },
      fewShot: shown.map((example) => example.id),
    };
  };
}

/**
 * The schema's string length limits said in the prompt, since decoding no longer enforces them
 * (see `decodingSchema`): "Keep the text under 33 words (200 characters)." A text that still
 * comes out too long is rejected as `too-long`.
 */
function lengthInstruction(recipe: Recipe): string | undefined {
  const properties = (recipe.output.schema.properties ?? {}) as Record<string, { maxLength?: unknown }>;
  const lines = Object.entries(properties).flatMap(([field, property]) => {
    const limit = property?.maxLength;
    if (typeof limit !== "number") return [];
    return isChinese(recipe.language)
      ? [`${field} 不超过 ${limit} 个字。`]
      : [`Keep the ${field} under ${Math.max(3, Math.floor(limit / 6))} words (${limit} characters).`];
  });
  return lines.length === 0 ? undefined : lines.join(" ");
}

function isChinese(language: string): boolean {
  return language.toLowerCase().split(/[-_]/)[0] === "zh";
}
