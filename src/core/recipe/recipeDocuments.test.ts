import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { recipeJsonSchemaText, recipeReferenceMarkdown } from "./recipeDocuments.js";

const read = (relative: string) => readFileSync(new URL(`../../../${relative}`, import.meta.url), "utf8");

describe("published recipe documents", () => {
  it("schema/recipe.schema.json matches the zod schema (run `npm run schema` if this fails)", () => {
    expect(read("schema/recipe.schema.json")).toBe(recipeJsonSchemaText());
  });

  it("docs/recipe-reference.md matches the zod schema (run `npm run schema` if this fails)", () => {
    expect(read("docs/recipe-reference.md")).toBe(recipeReferenceMarkdown());
  });

  it("rejects unknown keys in the JSON Schema too", () => {
    const schema = JSON.parse(recipeJsonSchemaText());
    expect(schema.additionalProperties).toBe(false);
    expect(schema.properties.generation.additionalProperties).toBe(false);
  });
});
