import { stat } from "node:fs/promises";
import path from "node:path";
import { RecipeError } from "../../core/errors/RecipeError.js";
import { createPlan } from "../../core/plan/createPlan.js";
import type { LoadedRecipe } from "../../core/recipe/loadRecipe.js";
import { compileRecordSchema, type RecordValidator } from "../../core/recordSchema.js";
import { createPromptBuilder, type PromptBuilder } from "../../generate/createPromptBuilder.js";
import { loadSeedExamples } from "../../generate/seeds/loadSeedExamples.js";
import type { SeedExample } from "../../generate/seeds/SeedExample.js";
import type { ResolvedTemplate } from "../../generate/templates/ResolvedTemplate.js";
import { resolveTemplate } from "../../generate/templates/resolveTemplate.js";
import { TemplateRenderError } from "../../generate/templates/TemplateRenderError.js";
import { TemplateSyntaxError } from "../../generate/templates/TemplateSyntaxError.js";
import { createVarietySteering, type VarietySteering } from "../../generate/variety/varietySteering.js";
import type { EntityLexicon } from "../../quality/entities/realEntityLexicon.js";
import { readReferenceCorpus } from "../../quality/io/readDatasetFile.js";
import { readReferenceSet } from "../../train/readReferenceExamples.js";
import { recipeEvaluationInputs } from "../../train/recipeEvaluationInputs.js";
import { recipeEntityLexicon } from "../verify/recipeEntityLexicon.js";
/** Everything generation needs from the recipe and its files, checked before any model loads. */
export interface PreparedGeneration {
  /** The template's prompt builder (strategies wrap it). */
  buildPrompt: PromptBuilder;
  validate: RecordValidator;
  template: ResolvedTemplate;
  /** Seed examples (few-shot, and self-instruct's starting instructions). */
  examples: SeedExample[];
  /** `generation.variety`'s steering line per slot, its real lengths read. */
  steering?: VarietySteering;
  /** The real annotations an extraction recipe's records are checked against (`quality.entities`). */
  entityLexicon?: EntityLexicon;
}

/**
 * Checks everything in a recipe that can fail before the first model call, so a mistake fails
 * in a second with one sentence and nothing stored, not after the model has loaded or records
 * were generated: resolves the template; opens every file the recipe names (`seeds.file`,
 * `quality.reference.file`, `evaluate.reference.file`) and reads each as it will be read later;
 * compiles the output schema; and renders the prompt of every plan cell with every phrasing,
 * so an unknown slot name or a template past its rendering bounds is an error naming the
 * recipe's file, line and field.
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
  const files = namedFiles(loaded);
  for (const { field, file } of files) await assertReadableFile(loaded, field, file);
  const examples = recipe.seeds
    ? await loadSeedExamples(recipe.seeds, { directory: loaded.directory, schema: recipe.output.schema })
    : [];
  const qualityReference = recipe.quality.reference;
  if (qualityReference) {
    await readReferenceCorpus(path.resolve(loaded.directory, qualityReference.file), {
      textColumn: qualityReference.textColumn,
      labelColumn: qualityReference.labelColumn,
    });
  }
  const entityLexicon = await recipeEntityLexicon(loaded);
  const evaluationReference = recipeEvaluationInputs(loaded).reference;
  if (evaluationReference) await readReferenceSet(evaluationReference);
  const lengthsFrom = recipe.generation.variety?.lengthsFrom;
  const steering = createVarietySteering(
    recipe,
    lengthsFrom === undefined
      ? []
      : (await readReferenceCorpus(path.resolve(loaded.directory, lengthsFrom))).texts,
  );
  const buildPrompt = createPromptBuilder(recipe, template, examples, undefined, steering);
  locatedInRecipe(loaded, () => renderEveryCell(loaded, template, buildPrompt));
  return {
    buildPrompt,
    validate: compileRecordSchema(recipe.output.schema),
    template,
    examples,
    ...(steering === undefined ? {} : { steering }),
    ...(entityLexicon === undefined ? {} : { entityLexicon }),
  };
}

/** The files a recipe names, each with the field that names it. */
function namedFiles(loaded: LoadedRecipe): { field: (string | number)[]; file: string }[] {
  const { recipe } = loaded;
  return [
    ...(recipe.seeds ? [{ field: ["seeds", "file"], file: recipe.seeds.file }] : []),
    ...(recipe.quality.reference
      ? [{ field: ["quality", "reference", "file"], file: recipe.quality.reference.file }]
      : []),
    ...(recipe.quality.entities
      ? [
          {
            field: ["quality", "entities", "reference", "file"],
            file: recipe.quality.entities.reference.file,
          },
        ]
      : []),
    ...(recipe.generation.variety?.lengthsFrom
      ? [{ field: ["generation", "variety", "lengthsFrom"], file: recipe.generation.variety.lengthsFrom }]
      : []),
    ...(recipe.evaluate?.reference
      ? [{ field: ["evaluate", "reference", "file"], file: recipe.evaluate.reference.file }]
      : []),
    ...(recipe.evaluate?.reference?.targetFile
      ? [{ field: ["evaluate", "reference", "targetFile"], file: recipe.evaluate.reference.targetFile }]
      : []),
  ];
}

/** A file the recipe names that is missing, a folder, or unreadable is a mistake in the recipe, at that field. */
async function assertReadableFile(
  loaded: LoadedRecipe,
  field: (string | number)[],
  file: string,
): Promise<void> {
  const absolute = path.resolve(loaded.directory, file);
  const problem = await stat(absolute).then(
    (stats) => (stats.isFile() ? undefined : "a folder"),
    (error: NodeJS.ErrnoException) =>
      error.code === "ENOENT" ? "missing" : `unreadable (${error.code ?? error.message})`,
  );
  if (problem === undefined) return;
  throw new RecipeError(
    { file: loaded.file, ...loaded.locate(field), field: field.join(".") },
    `names ${file} (${absolute}), which is ${problem}; expected a file, relative to the recipe's folder`,
  );
}

/**
 * Builds the first slot's prompt of every distinct plan cell with every phrasing (and the
 * few-shot examples that slot gets), as generation will: each template part meets every value
 * it can be rendered with before any model call.
 */
function renderEveryCell(loaded: LoadedRecipe, template: ResolvedTemplate, buildPrompt: PromptBuilder): void {
  const seen = new Set<string>();
  const phrasings = template.rotate ? template.phrasings.length : 1;
  for (const slot of createPlan(loaded.recipe.dimensions, loaded.recipe.plan)) {
    const key = JSON.stringify(Object.entries(slot.cell).sort(([a], [b]) => a.localeCompare(b)));
    if (seen.has(key)) continue;
    seen.add(key);
    for (let offset = 0; offset < phrasings; offset += 1) buildPrompt(slot, 0, { phrasingOffset: offset });
  }
}

/** Turns a template's syntax or render error into a RecipeError naming the recipe file, line and field. */
function locatedInRecipe<T>(loaded: LoadedRecipe, resolve: () => T): T {
  try {
    return resolve();
  } catch (error) {
    if (!(error instanceof TemplateSyntaxError || error instanceof TemplateRenderError)) throw error;
    throw new RecipeError(
      { file: loaded.file, ...loaded.locate(error.field), field: error.field.join(".") },
      error instanceof TemplateSyntaxError
        ? `expected a template that parses: ${error.problem}`
        : error.problem,
      { cause: error },
    );
  }
}
