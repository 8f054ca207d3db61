import { labelsOf } from "../recipe/labelsOf.js";
import type { LabelsSection } from "../recipe/labelsSchema.js";
import type { Recipe } from "../recipe/recipeSchema.js";

/** One label as prompts show it. */
export interface LabelMeaning {
  label: string;
  /** Empty when the recipe gives none: the label is shown by name alone. */
  description: string;
  examples: string[];
}

/** Every label of a recipe in the enum's order, with the meaning its `labels` section gives. */
export type LabelGuide = LabelMeaning[];

/** The recipe's label guide, or undefined when it has no `labels` section (prompts show names only). */
export function labelGuideOf(
  recipe: Pick<Recipe, "output" | "dimensions"> & { labels?: LabelsSection },
): LabelGuide | undefined {
  if (recipe.labels === undefined) return undefined;
  return buildLabelGuide(labelsOf(recipe as Recipe), recipe.labels);
}

/** The real examples a recipe's label guide shows the generator (up to three a label), in label order. */
export function labelExamplesOf(recipe: Parameters<typeof labelGuideOf>[0]): string[] {
  return (labelGuideOf(recipe) ?? []).flatMap((meaning) => meaning.examples.slice(0, 3));
}

/** `labels` in order, each with its entry of `section` (a bare string is a description). */
export function buildLabelGuide(labels: readonly string[], section: LabelsSection): LabelGuide {
  return labels.map((label) => {
    const entry = section[label];
    if (entry === undefined) return { label, description: "", examples: [] };
    if (typeof entry === "string") return { label, description: entry.trim(), examples: [] };
    return { label, description: entry.description.trim(), examples: [...(entry.examples ?? [])] };
  });
}

/**
 * The first `labels` key that is not a value of the label field, as the field path and one
 * sentence; undefined when the section fits the recipe.
 */
export function checkLabelsSection(
  recipe: Pick<Recipe, "output" | "dimensions"> & { labels?: LabelsSection },
): { field: (string | number)[]; message: string } | undefined {
  if (recipe.labels === undefined) return undefined;
  if (recipe.output.labelField === undefined) {
    return {
      field: ["labels"],
      message: "describes labels, but output.labelField names no label field; expected output.labelField set",
    };
  }
  const known = labelsOf(recipe as Recipe);
  if (known.length === 0) {
    return {
      field: ["labels"],
      message: `describes labels, but the label field "${recipe.output.labelField}" has no values to describe; expected output.schema.properties.${recipe.output.labelField}.enum or a label dimension`,
    };
  }
  for (const key of Object.keys(recipe.labels)) {
    if (!known.includes(key)) {
      const shown = known.length > 12 ? `${known.slice(0, 12).join(", ")}, …` : known.join(", ");
      return {
        field: ["labels", key],
        message: `describes "${key}", which is not a value of the label field "${recipe.output.labelField}" (${shown}); expected one of its values`,
      };
    }
  }
  return undefined;
}

/** Shortened to `limit` characters on a word boundary where one is near. */
function clip(text: string, limit: number): string {
  const flat = text.replace(/\s+/g, " ").trim();
  return flat.length <= limit ? flat : `${flat.slice(0, limit - 1).trimEnd()}…`;
}

/**
 * The label list a judge or annotator reads: one line per label, `name: description (e.g. "…")`,
 * at most `examplesPerLabel` examples each. The same text for every row, so it is a prefix the
 * model's cache keeps across rows.
 */
export function renderLabelList(guide: LabelGuide, examplesPerLabel = 1): string {
  return guide
    .map(({ label, description, examples }) => {
      const shown = examples.slice(0, examplesPerLabel).map((example) => JSON.stringify(clip(example, 90)));
      const meaning = description === "" ? "" : `: ${description}`;
      const instances = shown.length === 0 ? "" : ` (e.g. ${shown.join("; ")})`;
      return `- ${label}${meaning}${instances}`;
    })
    .join("\n");
}

/**
 * What the generator is told about the label of its slot: its meaning and real examples of it,
 * in the recipe's language (English or Chinese).
 */
/** A label's real examples as a generation prompt quotes them (the first 3, each clipped to 120 characters). */
export function quotedLabelExamples(meaning: LabelMeaning): string[] {
  return meaning.examples.slice(0, 3).map((example) => JSON.stringify(clip(example, 120)));
}

export function describeLabelForGeneration(meaning: LabelMeaning, language: string): string | undefined {
  if (meaning.description === "" && meaning.examples.length === 0) return undefined;
  const chinese = language.toLowerCase().split(/[-_]/)[0] === "zh";
  const examples = quotedLabelExamples(meaning);
  if (chinese) {
    return [
      meaning.description === "" ? "" : `标签“${meaning.label}”的含义：${meaning.description}`,
      examples.length === 0 ? "" : `该标签的真实例子（只作参考，不要照抄）：${examples.join("；")}`,
    ]
      .filter((line) => line !== "")
      .join("\n");
  }
  return [
    meaning.description === "" ? "" : `The label "${meaning.label}" means: ${meaning.description}`,
    examples.length === 0
      ? ""
      : `Real examples of this label (for reference; do not copy them): ${examples.join("; ")}`,
  ]
    .filter((line) => line !== "")
    .join("\n");
}
