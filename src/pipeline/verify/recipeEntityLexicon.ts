import { readFile } from "node:fs/promises";
import path from "node:path";
import { findEntityField } from "../../core/entities/entityField.js";
import { parseEntityCorpus } from "../../core/entities/parseEntityCorpus.js";
import type { LoadedRecipe } from "../../core/recipe/loadRecipe.js";
import { buildEntityLexicon, type EntityLexicon } from "../../quality/entities/realEntityLexicon.js";

/**
 * The lexicon of an extraction recipe's real annotations (`quality.entities.reference`), its
 * types mapped to the recipe's, or undefined when the recipe names none. A malformed file is an
 * InputFileError naming its line.
 */
export async function recipeEntityLexicon(loaded: LoadedRecipe): Promise<EntityLexicon | undefined> {
  const settings = loaded.recipe.quality.entities;
  if (settings === undefined) return undefined;
  const { recipe } = loaded;
  const file = path.resolve(loaded.directory, settings.reference.file);
  const records = parseEntityCorpus(await readFile(file, "utf8"), settings.reference.format, file);
  const map = settings.reference.labelMap ?? {};
  const mapped = records.map((record) => ({
    ...record,
    gold: record.gold.map((span) => ({ ...span, type: map[span.type] ?? span.type })),
  }));
  const field = findEntityField(recipe.output.schema, recipe.output.textField, recipe.language);
  return buildEntityLexicon(mapped, {
    minCount: settings.minCount,
    minShare: settings.minShare,
    wordEdges: field?.wordEdges ?? true,
  });
}
