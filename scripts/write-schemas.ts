// Writes the published recipe JSON Schema and the generated recipe reference.
// A unit test (src/core/recipe/recipeDocuments.test.ts) fails when either is stale.
import { writeFileSync } from "node:fs";
import { recipeJsonSchemaText, recipeReferenceMarkdown } from "../src/core/recipe/recipeDocuments.js";

writeFileSync(new URL("../schema/recipe.schema.json", import.meta.url), recipeJsonSchemaText());
writeFileSync(new URL("../docs/recipe-reference.md", import.meta.url), recipeReferenceMarkdown());
console.log("wrote schema/recipe.schema.json and docs/recipe-reference.md");
