import { describe, expect, it } from "vitest";
import { createPlan } from "../../core/plan/createPlan.js";
import { strategiesSchema } from "../../core/recipe/strategiesSchema.js";
import { assignStrategies } from "./assignStrategies.js";

describe("assignStrategies", () => {
  it("applies the recipe's negatives and evolution with its label dimension", () => {
    const dimensions = { sentiment: ["good", "bad"] };
    const plan = { count: 50, strategy: "balanced" as const, seed: 3, steer: true };
    const slots = createPlan(dimensions, plan);
    const recipe = {
      dimensions,
      plan,
      output: { schema: {}, textField: "text", labelField: "sentiment" },
      strategies: strategiesSchema.parse({ negatives: { kinds: ["label-flip"] }, evolution: { share: 0.2 } }),
    };
    const marked = assignStrategies(slots, recipe);
    const flips = marked.filter((slot) => slot.negative);
    expect(flips).toHaveLength(5);
    expect(flips.every((slot) => slot.negative!.flipTo !== slot.cell.sentiment)).toBe(true);
    expect(marked.filter((slot) => slot.strategy.startsWith("evolution:"))).toHaveLength(9);
    const plain = assignStrategies(slots, { ...recipe, strategies: strategiesSchema.parse({}) });
    expect(plain.every((slot) => slot.strategy === "plain")).toBe(true);
  });
});
