import { describe, expect, it } from "vitest";
import { parseRecipe } from "../../core/recipe/loadRecipe.js";
import { recipeForStore } from "./recipeForStore.js";

describe("recipeForStore", () => {
  it("drops API keys and the credentials written into URLs, wherever they are", () => {
    const { recipe } = parseRecipe(
      `name: secrets
output:
  schema: { type: object, properties: { text: { type: string } }, required: [text] }
plan: { count: 1 }
template: { prompt: "Write about http://reader:s3cret@docs.example.com/guide." }
model:
  provider: openai-compatible
  name: served
  baseUrl: http://user:sk-live-KEY@llm.example.com:8000/v1
  apiKey: sk-other-KEY
`,
      "secrets.yaml",
    );
    const stored = recipeForStore(recipe);
    const text = JSON.stringify(stored);
    expect(text).not.toMatch(/sk-live-KEY|sk-other-KEY|s3cret|user:|reader:/);
    expect(stored.model.baseUrl).toBe("http://llm.example.com:8000/v1");
    expect(stored.template.prompt).toBe("Write about http://docs.example.com/guide.");
    expect(stored.model).not.toHaveProperty("apiKey");
    expect(stored.output).toEqual(recipe.output);
    expect(recipe.model.baseUrl).toBe("http://user:sk-live-KEY@llm.example.com:8000/v1");
  });
});
