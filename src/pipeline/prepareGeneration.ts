import { RecipeError } from "../core/errors/RecipeError.js";
import type { LoadedRecipe } from "../core/recipe/loadRecipe.js";
import { compileRecordSchema, type RecordValidator } from "../core/recordSchema.js";
import { createPromptBuilder, type PromptBuilder } from "../generate/createPromptBuilder.js";
import { loadSeedExamples } from "../generate/seeds/loadSeedExamples.js";
import type { SeedExample } from "../generate/seeds/SeedExample.js";
import type { ResolvedTemplate } from "../generate/templates/ResolvedTemplate.js";
import { resolveTemplate } from "../generate/templates/resolveTemplate.js";
import { TemplateSyntaxError } from "../generate/templates/TemplateSyntaxError.js";

/** Everything generation needs from the recipe and its files, checked before any model loads. */
export interface PreparedGeneration {
  /** The template's prompt builder (strategies wrap it). */
  buildPrompt: PromptBuilder;
  validate: RecordValidator;
  template: ResolvedTemplate;
  /** Seed examples (few-shot, and self-instruct's starting instructions). */
  examples: SeedExample[];
}

/**
 * Resolves the template, reads and validates the seed examples, and compiles the output
 * schema, so a bad template or seed file fails in a second with one sentence, not after the
 * model has loaded.
 */
export async function prepareGeneration(loaded: LoadedRecipe): Promise<PreparedGeneration> {
  const { recipe } = loaded;
  const template = locatedInRecipe(loaded, () =>
    resolveTemplate(recipe.template, {
      language: recipe.language,
      task: recipe.task,
      dimensions: recipe.dimensions,
    }),
  );
  const examples = recipe.seeds
    ? await loadSeedExamples(recipe.seeds, { directory: loaded.directory, schema: recipe.output.schema })
    : [];
  return {
    buildPrompt: createPromptBuilder(recipe, template, examples),
    validate: compileRecordSchema(recipe.output.schema),
    template,
    examples,
  };
}

/** Turns a template syntax error into a RecipeError naming the recipe file, line and field. */
function locatedInRecipe<T>(loaded: LoadedRecipe, resolve: () => T): T {
  try {
    return resolve();
  } catch (error) {
    if (!(error instanceof TemplateSyntaxError)) throw error;
    throw new RecipeError(
      { file: loaded.file, ...loaded.locate(error.field), field: error.field.join(".") },
      `expected a template that parses: ${error.problem}`,
      { cause: error },
    );
  }
}
