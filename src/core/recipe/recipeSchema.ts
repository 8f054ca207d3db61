import { z } from "zod";
import { dimensionsSchema } from "./dimensionsSchema.js";
import { exportSchema } from "./exportSchema.js";
import { generationSchema } from "./generationSchema.js";
import { inputSchema } from "./inputSchema.js";
import { judgeSchema } from "./judgeSchema.js";
import { labelsSchema } from "./labelsSchema.js";
import { modelSchema } from "./modelSchema.js";
import { outputSchema } from "./outputSchema.js";
import { planSchema } from "./planSchema.js";
import { qualitySchema } from "./qualitySchema.js";
import { reviewSchema } from "./reviewSchema.js";
import { storeSchema } from "./storeSchema.js";
import { strategiesSchema } from "./strategiesSchema.js";
import { taskTypes } from "./taskTypes.js";
import { seedsSchema, templateSchema } from "./templateSchema.js";
import { evaluateSchema, trainSchema } from "./trainSchema.js";

/** A Synthforge recipe: everything one run needs, from the plan to the fine-tune. */
export const recipeSchema = z
  .strictObject({
    version: z.literal(1).default(1).describe("Recipe format version."),
    name: z
      .string()
      .regex(/^[a-z0-9][a-z0-9._-]*$/, "a lower-case name of letters, digits, dots, dashes and underscores")
      .describe("Name of the dataset; used for the output folder."),
    description: z.string().default("").describe("What the data is for, in a sentence or two."),
    language: z
      .string()
      .min(2)
      .default("en")
      .describe("BCP 47 language tag of the generated text (en, zh, ...)."),
    task: z
      .enum(taskTypes)
      .default("classification")
      .describe("Kind of data; picks evaluation metrics and the default instruction format."),
    model: modelSchema.prefault({}),
    input: inputSchema
      .optional()
      .describe("A file of your own to annotate (`synthforge annotate`) instead of generating records."),
    output: outputSchema.describe("The shape of one record."),
    labels: labelsSchema.optional(),
    dimensions: dimensionsSchema,
    plan: planSchema.describe("How many records, spread how over the dimensions."),
    template: templateSchema.describe("The prompt: a built-in template by id, or inline text."),
    seeds: seedsSchema.optional().describe("Few-shot examples shown in prompts."),
    generation: generationSchema.prefault({}),
    strategies: strategiesSchema.prefault({}),
    judge: judgeSchema.prefault({}),
    quality: qualitySchema.prefault({}),
    review: reviewSchema.prefault({}),
    export: exportSchema.prefault({}),
    train: trainSchema.optional(),
    evaluate: evaluateSchema.optional(),
    store: storeSchema.optional(),
  })
  .describe("Synthforge recipe");

/** A validated recipe with every default filled in. */
export type Recipe = z.infer<typeof recipeSchema>;
/** A recipe as a user may write it (defaults optional). */
export type RecipeInput = z.input<typeof recipeSchema>;
