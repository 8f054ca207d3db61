import { existsSync, statSync } from "node:fs";
import path from "node:path";
import { findEntityField } from "../core/entities/entityField.js";
import { UsageError } from "../core/errors/UsageError.js";
import type { LoadedRecipe } from "../core/recipe/loadRecipe.js";
import { translationDirectionOf } from "../core/recipe/translationDirectionOf.js";
import { languageName } from "../core/text/languageName.js";

/** The data and fields a recipe's fine-tune uses. */
export interface RecipeTrainingInputs {
  /** Datasets trained on in order (absolute paths). */
  stages: { name: string; data: string; epochs?: number | undefined }[];
  /** The export's validation split, when it has one. */
  validation: string | undefined;
  /** The export's test split, when it has one: the held-out set of the evaluation. */
  test: string | undefined;
  /** Folder for the adapter, checkpoints and the resolved configuration. */
  output: string;
  textField: string;
  labelField: string;
  labels: string[] | undefined;
  /** The recipe's control dimensions other than the label. */
  controlFields: string[];
  /** The export folder the generated data was read from. */
  exportDir: string;
  /**
   * Instruction before each text: a translation or extraction recipe's `export.instruction`, else
   * one naming its languages or its entity types; undefined for classification.
   */
  instruction: string | undefined;
}

/**
 * Where a recipe's fine-tune takes its data: the JSONL export of `synthforge run`
 * (`train.jsonl`, else `data.jsonl`, in the export folder), staged as the recipe's
 * `train.stages` say (`data: generated` is that export; other paths are relative to the
 * recipe). Output goes to `train.output` (relative to the recipe), else `<export>/train`.
 */
export function recipeTrainingInputs(
  loaded: LoadedRecipe,
  options: { exportDir?: string | undefined; cwd?: string } = {},
): RecipeTrainingInputs {
  const { recipe } = loaded;
  const cwd = options.cwd ?? process.cwd();
  const exportDir = path.resolve(
    cwd,
    options.exportDir ?? recipe.export.dir ?? path.join("out", recipe.name),
  );
  // A split the export left empty (a test share of a handful of records) is no split.
  const split = (name: string) => {
    const file = path.join(exportDir, `${name}.jsonl`);
    return existsSync(file) && statSync(file).size > 0 ? file : undefined;
  };
  const generated = split("train") ?? split("data");
  const settings = recipe.train;
  const stages = (settings?.stages ?? [{ name: "train", data: "generated" }]).map((stage) => {
    if (stage.data === "generated") {
      if (generated === undefined) {
        throw new UsageError(
          `${loaded.file}: no generated data in ${exportDir} (expected train.jsonl or data.jsonl); run \`synthforge run ${loaded.file}\` first, with jsonl among export.formats.`,
        );
      }
      return { name: stage.name, data: generated, epochs: stage.epochs };
    }
    const data = path.resolve(loaded.directory, stage.data);
    if (!existsSync(data)) {
      throw new UsageError(`${loaded.file}: train.stages "${stage.name}": data file ${data} does not exist.`);
    }
    return { name: stage.name, data, epochs: stage.epochs };
  });
  // A translation pair trains and evaluates as source in, translation out; an extraction
  // record as text in, its entity list (JSON) out.
  const pair = translationDirectionOf(recipe);
  const entityField = findEntityField(recipe.output.schema, recipe.output.textField, recipe.language);
  const labelField = pair?.targetField ?? entityField?.entitiesField ?? recipe.output.labelField ?? "label";
  return {
    stages,
    validation: split("validation"),
    test: split("test"),
    output: recipeTrainOutput(loaded, { exportDir, cwd }),
    textField: recipe.output.textField,
    labelField,
    labels: pair === undefined && entityField === undefined ? recipeLabels(loaded, labelField) : undefined,
    controlFields: Object.keys(recipe.dimensions).filter((name) => name !== labelField),
    exportDir,
    instruction:
      pair !== undefined
        ? (recipe.export.instruction ??
          `Translate the ${languageName(pair.source)} text into ${languageName(pair.target)}.`)
        : entityField !== undefined
          ? (recipe.export.instruction ?? entityInstruction(entityField.types))
          : undefined,
  };
}

function recipeLabels(loaded: LoadedRecipe, labelField: string): string[] | undefined {
  const dimension = loaded.recipe.dimensions[labelField];
  if (dimension !== undefined) return Array.isArray(dimension) ? [...dimension] : Object.keys(dimension);
  const properties = loaded.recipe.output.schema.properties as
    | Record<string, { enum?: unknown[] }>
    | undefined;
  const values = properties?.[labelField]?.enum;
  return Array.isArray(values) ? values.map(String) : undefined;
}

function entityInstruction(types: string[] | undefined): string {
  const named = types === undefined ? "its type" : `one of ${types.join(", ")}`;
  return `List the named entities of the text as JSON: [{"text": the exact span, "type": ${named}}].`;
}

/** The folder a recipe's fine-tune writes to: `train.output` (relative to the recipe), else `<export>/train`. */
export function recipeTrainOutput(
  loaded: LoadedRecipe,
  options: { exportDir?: string | undefined; cwd?: string } = {},
): string {
  const { recipe } = loaded;
  if (recipe.train?.output) return path.resolve(loaded.directory, recipe.train.output);
  const exportDir = path.resolve(
    options.cwd ?? process.cwd(),
    options.exportDir ?? recipe.export.dir ?? path.join("out", recipe.name),
  );
  return path.join(exportDir, "train");
}
