import { dimensionValues } from "../../core/plan/createPlan.js";
import type { PlanSlot } from "../../core/plan/PlanSlot.js";
import type { Recipe } from "../../core/recipe/recipeSchema.js";
import { planConfusable } from "./planConfusable.js";
import { planEvolution } from "./planEvolution.js";
import { planNegatives, type StrategySlot } from "./planNegatives.js";

/**
 * Marks plan slots with the strategies the recipe asks for: first negatives
 * (`strategies.negatives`), then evolution (`strategies.evolution`) among the remaining
 * plain slots, then hard cases of their label (`strategies.confusable`) among those still plain. Without either, every slot is "plain". Seeded by `plan.seed`, so a rerun
 * marks the same slots. The label dimension is `output.labelField` [label].
 */
export function assignStrategies(
  slots: readonly PlanSlot[],
  recipe: Pick<Recipe, "strategies" | "dimensions" | "output" | "plan">,
): StrategySlot[] {
  const labelDimension = recipe.output.labelField ?? "label";
  const labelSpec = recipe.dimensions[labelDimension];
  const labelValues = labelSpec === undefined ? [] : dimensionValues(labelSpec).map((entry) => entry.value);
  const negatives = recipe.strategies.negatives;
  let marked: StrategySlot[] = negatives
    ? planNegatives(slots, negatives.share, negatives.kinds, labelValues, recipe.plan.seed, labelDimension)
    : slots.map((slot) => ({ ...slot, strategy: "plain" }));
  const evolution = recipe.strategies.evolution;
  if (evolution) marked = planEvolution(marked, evolution.share, evolution.kinds, recipe.plan.seed);
  const confusable = recipe.strategies.confusable;
  if (confusable && labelValues.length >= 2)
    marked = planConfusable(marked, confusable.share, recipe.plan.seed);
  return marked;
}
