/**
 * Synthforge's public library API. Everything a program may use is listed here by name;
 * anything not exported from this file is internal.
 */
export * from "./core/index.js";
export { allocate } from "./generate/plan/allocate.js";
export { createPlan, dimensionValues, planCells } from "./generate/plan/createPlan.js";
export type { PlanSlot } from "./generate/plan/PlanSlot.js";
export { renderTemplate } from "./generate/templates/renderTemplate.js";
export type {
  ChatMessage,
  GenerateRequest,
  GenerateResult,
  LanguageModel,
  ModelIdentity,
} from "./providers/LanguageModel.js";
