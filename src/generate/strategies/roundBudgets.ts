import type { Recipe } from "../../core/recipe/recipeSchema.js";
import type { RoundBudgets } from "./planNextRound.js";

/**
 * planNextRound's budgets from a recipe: `strategies.rounds`, with the diversity triggers
 * falling back to the quality gates (`quality.gates.entropy`, `quality.gates.duplicateRate`)
 * and then to docs/metrics.md's defaults (3.8 bits, 10%).
 */
export function roundBudgets(recipe: Pick<Recipe, "strategies" | "quality">): RoundBudgets {
  const rounds = recipe.strategies.rounds;
  const gates = recipe.quality.gates;
  return {
    maximum: rounds.maximum,
    ...(rounds.maxTokens === undefined ? {} : { maxTokens: rounds.maxTokens }),
    ...(rounds.maxSeconds === undefined ? {} : { maxSeconds: rounds.maxSeconds }),
    ...(rounds.maxCost === undefined ? {} : { maxCost: rounds.maxCost }),
    entropyTarget: rounds.entropyTarget ?? gates.entropy ?? 3.8,
    maxDuplicateRate: rounds.maxDuplicateRate ?? gates.duplicateRate ?? 0.1,
    temperatureStep: rounds.temperatureStep,
    maxTemperature: rounds.maxTemperature,
  };
}
