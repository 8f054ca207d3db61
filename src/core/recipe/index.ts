export {
  type DimensionSpec,
  type Dimensions,
  dimensionSchema,
  dimensionsSchema,
} from "./dimensionsSchema.js";
export { type ExportFormat, type ExportSettings, exportFormats, exportSchema } from "./exportSchema.js";
export { type GenerationSettings, generationSchema } from "./generationSchema.js";
export { type LoadedRecipe, loadRecipe, parseRecipe, stableStringify } from "./loadRecipe.js";
export { type ModelSettings, modelSchema } from "./modelSchema.js";
export { type OutputSettings, outputSchema } from "./outputSchema.js";
export { type PlanSettings, planSchema } from "./planSchema.js";
export { type GateSettings, gatesSchema, type QualitySettings, qualitySchema } from "./qualitySchema.js";
export { type Recipe, type RecipeInput, recipeSchema } from "./recipeSchema.js";
export { type ReviewSettings, reviewSchema } from "./reviewSchema.js";
export { type StrategySettings, strategiesSchema } from "./strategiesSchema.js";
export { type SeedSettings, seedsSchema, type TemplateSettings, templateSchema } from "./templateSchema.js";
export { type EvaluateSettings, evaluateSchema, type TrainSettings, trainSchema } from "./trainSchema.js";
