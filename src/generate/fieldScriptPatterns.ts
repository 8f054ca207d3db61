import type { FieldKind, FieldSpecs } from "../core/fields/fieldSpecs.js";
import type { Recipe } from "../core/recipe/recipeSchema.js";
import { translationDirectionOf } from "../core/recipe/translationDirectionOf.js";
import { baseLanguage, scriptPattern } from "../core/text/scriptPatterns.js";

/** Kinds whose text is written in one language from its first word (not code, lists or quoted material). */
const proseKinds: ReadonlySet<FieldKind> = new Set(["review", "text", "query", "translation"]);

/**
 * The JSON Schema `pattern` each output field is decoded under (`decodingSchema`), so that it is
 * written in its language's script from the first token: a Chinese prose field opens as Chinese,
 * and the English side of a Chinese translation pair holds no Han. Without it the 1.5B teacher
 * wrote 21 of 31 "Chinese" sources of `examples/translation.yaml` in English, each rejected
 * after it was decoded. Only where the field's `language` check runs (a recipe that
 * turns it off for a field frees that field's decoding too), and only for prose kinds: an answer
 * or an instruction may open with code or an English term.
 */
export function fieldScriptPatterns(recipe: Recipe, specs: FieldSpecs): Record<string, string> {
  const direction = translationDirectionOf(recipe);
  const patterns: Record<string, string> = {};
  for (const [field, spec] of Object.entries(specs)) {
    if (!proseKinds.has(spec.kind) || spec.off?.includes("language")) continue;
    let language = spec.language ?? recipe.language;
    let pairedWithChinese = false;
    if (direction !== undefined && (field === direction.sourceField || field === direction.targetField)) {
      language = field === direction.sourceField ? direction.source : direction.target;
      const other = field === direction.sourceField ? direction.target : direction.source;
      pairedWithChinese = baseLanguage(other) === "zh";
    } else if (spec.kind === "translation" && spec.language === undefined) {
      // A translation whose language is neither named nor given by a built-in direction.
      continue;
    }
    const pattern = scriptPattern(language, { pairedWithChinese });
    if (pattern !== undefined) patterns[field] = pattern;
  }
  return patterns;
}
