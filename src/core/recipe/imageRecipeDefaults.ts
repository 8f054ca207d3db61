import type { Recipe } from "./recipeSchema.js";

/**
 * An image recipe (`task: image-classification`) names its classes in `generator.classes` and
 * needs no `output`, `template` or `dimensions`: they are filled in from the classes (one plan
 * dimension `label`, a record of a label and an image), so the plan, store and export work on it
 * as on text records. Fields the recipe writes itself are kept.
 */
export function withImageDefaults(data: Record<string, unknown>): Record<string, unknown> {
  if (data.task !== "image-classification") return data;
  const generator = data.generator as { classes?: unknown } | undefined;
  const classes =
    generator?.classes !== null && typeof generator?.classes === "object" && !Array.isArray(generator.classes)
      ? Object.keys(generator.classes as object)
      : [];
  return {
    ...data,
    ...(data.output === undefined
      ? {
          output: {
            schema: {
              type: "object",
              properties: {
                label: { type: "string", enum: classes },
                image: { type: "string", description: "PNG, base64" },
                sha256: { type: "string" },
              },
              required: ["label", "image", "sha256"],
            },
            labelField: "label",
          },
        }
      : {}),
    ...(data.dimensions === undefined ? { dimensions: { label: classes } } : {}),
    ...(data.template === undefined ? { template: { prompt: "{{ label }}" } } : {}),
  };
}

/**
 * Why recipe data cannot be an image recipe, checked before the schema (whose messages about
 * the filled-in fields would mislead): an image task without a generator, or a generator on a
 * text task.
 */
export function imageRecipeProblem(
  data: Record<string, unknown>,
): { field: string; message: string } | undefined {
  const isImage = data.task === "image-classification";
  if (isImage && data.generator === undefined) {
    return {
      field: "task",
      message: "is image-classification, which needs a generator section (classes and their defects)",
    };
  }
  if (!isImage && data.generator !== undefined) {
    return {
      field: "generator",
      message: `draws images, which needs task: image-classification (the recipe's task is ${String(data.task ?? "classification")})`,
    };
  }
  return undefined;
}

/** Why a validated image recipe's dimensions or evaluation do not match its classes. */
export function imageRecipeMismatch(recipe: Recipe): { field: string; message: string } | undefined {
  if (recipe.task !== "image-classification" || recipe.generator === undefined) return undefined;
  const classes = Object.keys(recipe.generator.classes);
  const dimensions = Object.keys(recipe.dimensions);
  if (dimensions.length !== 1 || dimensions[0] !== "label") {
    return {
      field: "dimensions",
      message: `expected only a label dimension in an image recipe (its values: the generator's classes); found ${dimensions.join(", ")}`,
    };
  }
  const spec = recipe.dimensions.label!;
  const values = Array.isArray(spec) ? spec : Object.keys(spec);
  const stray = values.find((value) => !classes.includes(value));
  if (stray !== undefined) {
    return {
      field: "dimensions",
      message: `has the label "${stray}", which is not one of generator.classes (${classes.join(", ")})`,
    };
  }
  const negative = recipe.generator.evaluate?.negativeClass;
  if (negative !== undefined && !classes.includes(negative)) {
    return {
      field: "generator",
      message: `evaluate.negativeClass "${negative}" is not one of generator.classes (${classes.join(", ")})`,
    };
  }
  return undefined;
}
