import type { Recipe } from "./recipeSchema.js";

/** The languages and fields of a translation recipe's pairs. */
export interface TranslationPairFields {
  /** Language tag of the source text (the recipe's `language`). */
  source: string;
  /** Language tag of the translation. */
  target: string;
  /** Field with the source text (`output.textField`). */
  sourceField: string;
  /** Field with the translation (`export.outputField`, else `translation`). */
  targetField: string;
}

/**
 * The direction of a translation recipe: the built-in templates name it in their id
 * (`translation-zh-en`: Chinese source, English translation), and the source must be the
 * recipe's `language`. Undefined for other tasks and for templates that do not name a pair.
 */
export function translationDirectionOf(recipe: Recipe): TranslationPairFields | undefined {
  if (recipe.task !== "translation") return undefined;
  const id = recipe.template.id;
  const named = id === undefined ? undefined : /^translation-([a-z]{2,3})-([a-z]{2,3})$/.exec(id);
  if (!named || named[1] !== recipe.language.toLowerCase().split(/[-_]/)[0]) return undefined;
  return {
    source: named[1]!,
    target: named[2]!,
    sourceField: recipe.output.textField,
    targetField: recipe.export.outputField ?? "translation",
  };
}
