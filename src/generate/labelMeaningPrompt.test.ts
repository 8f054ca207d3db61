import { describe, expect, it } from "vitest";
import { parseRecipe } from "../core/recipe/loadRecipe.js";
import { createPromptBuilder } from "./createPromptBuilder.js";
import { resolveTemplate } from "./templates/resolveTemplate.js";

const { recipe } = parseRecipe(
  `
name: intents
output:
  schema:
    type: object
    properties:
      text: { type: string }
      label: { type: string, enum: [card_arrival, card_delivery_estimate] }
    required: [text, label]
  labelField: label
labels:
  card_arrival:
    description: An ordered card has not arrived yet.
    examples: ["I am still waiting on my card?"]
dimensions: { label: [card_arrival, card_delivery_estimate] }
plan: { count: 2 }
template: { id: classification-intent-en }
`,
  "intents.yaml",
);
const template = resolveTemplate(recipe.template, {
  language: recipe.language,
  task: recipe.task,
  dimensions: recipe.dimensions,
});

describe("the generation prompt of a described label", () => {
  const build = createPromptBuilder(recipe, template, []);

  it("tells the generator what its slot's label means and shows its real examples", () => {
    const user = build({ index: 0, cell: { label: "card_arrival" } }, 0).messages.at(-1)!.content;
    expect(user).toContain('The label "card_arrival" means: An ordered card has not arrived yet.');
    expect(user).toContain('"I am still waiting on my card?"');
  });

  it("says nothing more for a label the section leaves out", () => {
    const user = build({ index: 1, cell: { label: "card_delivery_estimate" } }, 0).messages.at(-1)!.content;
    expect(user).not.toContain("means:");
    expect(user).not.toContain('card_arrival" means');
  });
});
