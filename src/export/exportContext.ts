import { findEntityField } from "../core/entities/entityField.js";
import { UsageError } from "../core/errors/UsageError.js";
import type { Recipe } from "../core/recipe/recipeSchema.js";
import type { ExportContext } from "./formats/ExportFormatWriter.js";

const taskInstructions: Partial<Record<Recipe["task"], string>> = {
  classification: "Classify the text.",
  "multi-label": "Assign every label that applies to the text.",
  translation: "Translate the text.",
  summarization: "Summarize the text.",
  paraphrase: "Paraphrase the text.",
  rewriting: "Rewrite the text.",
  extraction: "Extract the requested information from the text.",
  qa: "Answer the question.",
};

/**
 * Decides how records map onto instruction-tuning examples. Records in Alpaca's layout (fields
 * `instruction` and `output`, and `input` when present; neither export field set) keep their own
 * instruction, input and output. Otherwise, input: `export.inputField`, else
 * the text field. Target: `export.outputField`, else the label field, else the first other
 * schema field. Instruction: `export.instruction`, else the recipe description (or a sentence
 * for the task), followed by the allowed labels when the target is an enum.
 */
export function exportContext(recipe: Recipe): ExportContext {
  const properties = (recipe.output.schema.properties ?? {}) as Record<string, { enum?: unknown[] }>;
  const fields = Object.keys(properties);
  const settings = recipe.export;
  // Records in Alpaca's layout carry their own instruction: the instruction recipes' records.
  const alpacaLayout =
    settings.inputField === undefined &&
    settings.outputField === undefined &&
    fields.includes("instruction") &&
    fields.includes("output");
  const inputField = alpacaLayout
    ? fields.includes("input")
      ? "input"
      : "instruction"
    : (settings.inputField ??
      (fields.includes(recipe.output.textField) ? recipe.output.textField : fields[0]));
  const outputField = alpacaLayout
    ? "output"
    : (settings.outputField ?? recipe.output.labelField ?? fields.find((field) => field !== inputField));
  for (const [name, field] of [
    ["export.inputField", inputField],
    ["export.outputField", outputField],
  ] as const) {
    if (field === undefined || !fields.includes(field)) {
      throw new UsageError(
        `${name} ${field === undefined ? "cannot be chosen" : `names "${field}", which is not`} a field of output.schema (fields: ${fields.join(", ")}); set it in the recipe's export section.`,
      );
    }
  }
  const labels = properties[outputField!]?.enum;
  const hint = Array.isArray(labels) ? `Answer with one of: ${labels.map(String).join(", ")}.` : "";
  const base = recipe.description.trim() || (taskInstructions[recipe.task] ?? "");
  const instruction = settings.instruction ?? [base, hint].filter(Boolean).join(" ");
  return {
    fields,
    instruction,
    ...(alpacaLayout ? { instructionField: "instruction" } : {}),
    inputField: inputField!,
    outputField: outputField!,
    language: recipe.language,
    entities: findEntityField(recipe.output.schema, recipe.output.textField, recipe.language),
  };
}
