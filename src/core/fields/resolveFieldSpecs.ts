import type { Recipe } from "../recipe/recipeSchema.js";
import { defaultFieldSpecs, type FieldCheckName, type FieldSpec, type FieldSpecs } from "./fieldSpecs.js";

/** The top-level properties of the recipe's output schema, in order. */
export function outputProperties(recipe: Pick<Recipe, "output">): string[] {
  const properties = (recipe.output.schema as { properties?: unknown }).properties;
  return properties !== null && typeof properties === "object" ? Object.keys(properties) : [];
}

/**
 * Every output field's spec: the task's defaults, then the template's declarations
 * (`fieldKinds` of a built-in template), then the recipe's `quality.fields`, each over the one
 * before, field by field.
 */
export function resolveFieldSpecs(
  recipe: Pick<Recipe, "task" | "output" | "description" | "quality">,
  templateKinds?: Readonly<Record<string, FieldSpec>>,
): FieldSpecs {
  const properties = outputProperties(recipe);
  const specs = defaultFieldSpecs({
    task: recipe.task,
    properties,
    textField: recipe.output.textField,
    ...(recipe.output.labelField === undefined ? {} : { labelField: recipe.output.labelField }),
    brief: recipe.description ?? "",
  });
  for (const [field, spec] of Object.entries(templateKinds ?? {})) {
    if (properties.includes(field)) specs[field] = { ...spec };
  }
  for (const [field, settings] of Object.entries(recipe.quality.fields ?? {})) {
    const base = specs[field] ?? { kind: "text" as const };
    const off = Object.entries(settings.checks ?? {})
      .filter(([, on]) => on === false)
      .map(([check]) => check as FieldCheckName);
    specs[field] = {
      ...base,
      ...(settings.kind === undefined ? {} : { kind: settings.kind }),
      ...(settings.language === undefined ? {} : { language: settings.language }),
      ...(settings.from === undefined ? {} : { from: settings.from }),
      ...(off.length === 0 ? {} : { off }),
      ...(settings.phrases === undefined ? {} : { phrases: settings.phrases }),
    };
  }
  return specs;
}

/**
 * The first mistake in `quality.fields`, as the path of the offending setting and what was
 * expected: a field the output schema does not have, a `from` naming a field it does not have
 * or the field itself.
 */
export function fieldSettingsProblem(
  recipe: Pick<Recipe, "output" | "quality">,
): { path: (string | number)[]; expected: string } | undefined {
  const properties = outputProperties(recipe);
  for (const [field, settings] of Object.entries(recipe.quality.fields ?? {})) {
    if (!properties.includes(field)) {
      return {
        path: ["quality", "fields", field],
        expected: `names "${field}", which is not a property of output.schema (its properties: ${properties.join(", ") || "none"})`,
      };
    }
    for (const [index, source] of (settings.from ?? []).entries()) {
      if (source === field || !properties.includes(source)) {
        return {
          path: ["quality", "fields", field, "from", index],
          expected: `names "${source}"; expected another property of output.schema (${properties.filter((name) => name !== field).join(", ") || "none"})`,
        };
      }
    }
  }
  return undefined;
}
