import { describe, expect, it } from "vitest";
import { RecipeError } from "../errors/RecipeError.js";
import { parseRecipe } from "../recipe/loadRecipe.js";
import { buildLabelGuide, describeLabelForGeneration, labelGuideOf, renderLabelList } from "./labelGuide.js";

const recipe = (labels: string) => `name: intents
output:
  schema:
    type: object
    properties:
      text: {type: string}
      label: {type: string, enum: [card_arrival, card_delivery_estimate, top_up_failed]}
    required: [text, label]
  labelField: label
dimensions:
  label: [card_arrival, card_delivery_estimate, top_up_failed]
plan:
  count: 3
template:
  prompt: "Write a {{ label }} message."
${labels}`;

function errorOf(source: string): RecipeError {
  try {
    parseRecipe(source, "recipe.yaml");
  } catch (error) {
    if (error instanceof RecipeError) return error;
    throw error;
  }
  throw new Error("expected a RecipeError");
}

describe("labels section", () => {
  it("gives each label its description and examples, in the enum's order, names alone where absent", () => {
    const { recipe: parsed } = parseRecipe(
      recipe(`labels:
  top_up_failed: A top-up did not go through.
  card_arrival:
    description: An ordered card has not arrived yet.
    examples: ["I am still waiting on my card?", "Where is my card?"]
`),
      "recipe.yaml",
    );
    expect(labelGuideOf(parsed)).toEqual([
      {
        label: "card_arrival",
        description: "An ordered card has not arrived yet.",
        examples: ["I am still waiting on my card?", "Where is my card?"],
      },
      { label: "card_delivery_estimate", description: "", examples: [] },
      { label: "top_up_failed", description: "A top-up did not go through.", examples: [] },
    ]);
  });

  it("is absent from a recipe without one, so prompts keep their names-only form", () => {
    expect(labelGuideOf(parseRecipe(recipe(""), "recipe.yaml").recipe)).toBeUndefined();
  });

  it("refuses a label that is not a value of the label field, in one sentence naming line and field", () => {
    const error = errorOf(recipe("labels:\n  card_arival: An ordered card has not arrived yet.\n"));
    expect(error.message).toMatch(/recipe\.yaml:17/);
    expect(error.message).toContain("labels.card_arival");
    expect(error.message).toContain(
      'describes "card_arival", which is not a value of the label field "label"',
    );
    expect(error.message.split("\n")).toHaveLength(1);
  });

  it("refuses an entry without a description, and unknown keys of an entry", () => {
    expect(errorOf(recipe("labels:\n  card_arrival: { examples: [a] }\n")).message).toContain(
      "labels.card_arrival",
    );
    expect(errorOf(recipe("labels:\n  card_arrival: { description: x, meaning: y }\n")).message).toContain(
      "meaning",
    );
  });

  it("refuses labels when the label field has no enum to describe", () => {
    const source = recipe("labels:\n  a: b\n")
      .replace(
        "label: {type: string, enum: [card_arrival, card_delivery_estimate, top_up_failed]}",
        "label: {type: string}",
      )
      .replace("dimensions:\n  label: [card_arrival, card_delivery_estimate, top_up_failed]\n", "");
    expect(errorOf(source).message).toContain("has no values to describe");
  });
});

describe("label prompts", () => {
  const guide = buildLabelGuide(["card_arrival", "top_up_failed"], {
    card_arrival: { description: "An ordered card has not arrived yet.", examples: ["Where is my card?"] },
  });

  it("lists every label with its meaning and an example, one line each", () => {
    expect(renderLabelList(guide)).toBe(
      '- card_arrival: An ordered card has not arrived yet. (e.g. "Where is my card?")\n- top_up_failed',
    );
  });

  it("tells the generator what its slot's label means, in English or Chinese", () => {
    expect(describeLabelForGeneration(guide[0]!, "en")).toBe(
      'The label "card_arrival" means: An ordered card has not arrived yet.\nReal examples of this label (for reference; do not copy them): "Where is my card?"',
    );
    const chinese = buildLabelGuide(["病因分析"], {
      病因分析: { description: "询问疾病的原因。", examples: ["不孕不育是什么原因?"] },
    });
    expect(describeLabelForGeneration(chinese[0]!, "zh")).toContain("标签“病因分析”的含义：询问疾病的原因。");
    expect(describeLabelForGeneration(guide[1]!, "en")).toBeUndefined();
  });
});
