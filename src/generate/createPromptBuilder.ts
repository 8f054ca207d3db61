import type { Recipe } from "../core/recipe/recipeSchema.js";
import type { ChatMessage } from "../providers/LanguageModel.js";
import { dimensionValues } from "./plan/createPlan.js";
import type { PlanSlot } from "./plan/PlanSlot.js";
import { pickExamples } from "./seeds/pickExamples.js";
import type { SeedExample } from "./seeds/SeedExample.js";
import type { ResolvedTemplate } from "./templates/ResolvedTemplate.js";
import { renderSlotMessages } from "./templates/renderSlotMessages.js";

/** The prompt of one attempt on one slot, with what provenance needs to know about it. */
export interface SlotPrompt {
  messages: ChatMessage[];
  template: { id: string; version: string };
  /** Ids of the seed examples shown. */
  fewShot: string[];
}

export type PromptBuilder = (slot: PlanSlot, attempt: number) => SlotPrompt;

/**
 * Builds the prompt of each slot and attempt from the resolved template. Besides what
 * `renderSlotMessages` provides (the cell values, `language`, `labels`, `examples`), templates
 * can use `task`, `description` and `schema` (the output schema as JSON); `template.variables`
 * override those three. Few-shot examples rotate across slots and attempts.
 */
export function createPromptBuilder(
  recipe: Recipe,
  template: ResolvedTemplate,
  examples: readonly SeedExample[],
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
  return (slot, attempt) => {
    const shown = pickExamples(examples, perPrompt, slot.index, attempt);
    const { messages } = renderSlotMessages(resolved, {
      slotIndex: slot.index,
      cell: slot.cell,
      examples: shown.map((example) => example.fields),
      language: recipe.language,
      ...(labelValues === undefined ? {} : { labelValues }),
    });
    return {
      messages,
      template: { id: resolved.id, version: resolved.version },
      fewShot: shown.map((example) => example.id),
    };
  };
}
