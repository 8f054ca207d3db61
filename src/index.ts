/**
 * Synthforge's public library API. Everything a program may use is listed here by name;
 * anything not exported from this file is internal.
 */
export * from "./core/index.js";
export {
  type EvolutionKind,
  evolutionKinds,
  type NegativeKind,
  negativeKinds,
} from "./core/recipe/strategiesSchema.js";
export { allocate } from "./generate/plan/allocate.js";
export { type CellBalance, cellBalance } from "./generate/plan/cellBalance.js";
export { cellKey } from "./generate/plan/cellKey.js";
export { createPlan, dimensionValues, planCells } from "./generate/plan/createPlan.js";
export type { PlanSlot } from "./generate/plan/PlanSlot.js";
export { type CellTarget, planTargets } from "./generate/plan/planTargets.js";
export { steerSlots } from "./generate/plan/steerSlots.js";
export { applyNegative } from "./generate/strategies/applyNegative.js";
export { assignStrategies } from "./generate/strategies/assignStrategies.js";
export {
  evolvedInstructionSchema,
  evolveInstructionMessages,
} from "./generate/strategies/evolveInstructionMessages.js";
export {
  type MajorityVoteOptions,
  majorityVote,
  majorityVoteAsync,
  majorityVoteThreshold,
  type VoteResult,
  type VoteSample,
} from "./generate/strategies/majorityVote.js";
export {
  NoveltyFilter,
  type NoveltyFilterOptions,
  type NoveltyMatch,
} from "./generate/strategies/NoveltyFilter.js";
export { negativeInstruction } from "./generate/strategies/negativeInstruction.js";
export { type FewShotPick, pickFewShot } from "./generate/strategies/pickFewShot.js";
export { evolutionKindOf, planEvolution } from "./generate/strategies/planEvolution.js";
export {
  type NegativeMarking,
  planNegatives,
  type StrategySlot,
} from "./generate/strategies/planNegatives.js";
export {
  type NextRoundDecision,
  planNextRound,
  type RoundBudgets,
  type RoundState,
  type RoundStats,
} from "./generate/strategies/planNextRound.js";
export {
  longestCommonSubsequence,
  type RougeScore,
  rougeL,
  rougeLWords,
} from "./generate/strategies/rougeL.js";
export { roundBudgets } from "./generate/strategies/roundBudgets.js";
export { segmentWords } from "./generate/strategies/segmentWords.js";
export {
  type SelfInstructOptions,
  selfInstructMessages,
} from "./generate/strategies/selfInstructMessages.js";
export {
  type BuiltinTemplate,
  builtinTemplateSchema,
  type TemplateSlot,
  type TemplateTask,
  templateTasks,
} from "./generate/templates/BuiltinTemplate.js";
export { builtinTemplates, findBuiltinTemplate } from "./generate/templates/builtinTemplates.js";
export { outputSchemaMismatch } from "./generate/templates/outputSchemaMismatch.js";
export type { ResolvedTemplate } from "./generate/templates/ResolvedTemplate.js";
export {
  phrasingIndex,
  type RenderedSlotMessages,
  renderSlotMessages,
  type SlotMessagesInput,
} from "./generate/templates/renderSlotMessages.js";
export { parseTemplate, renderTemplate } from "./generate/templates/renderTemplate.js";
export { resolveTemplate, type TemplateContext } from "./generate/templates/resolveTemplate.js";
export { UnknownTemplateError } from "./generate/templates/UnknownTemplateError.js";
export { createMemoryResponseCache } from "./providers/cache/createMemoryResponseCache.js";
export { responseCacheKey } from "./providers/cache/responseCacheKey.js";
export {
  type CachedLanguageModel,
  type ResponseCache,
  type ResponseCacheStatistics,
  withResponseCache,
} from "./providers/cache/withResponseCache.js";
export type {
  ChatMessage,
  GenerateRequest,
  GenerateResult,
  LanguageModel,
  ModelIdentity,
} from "./providers/LanguageModel.js";
export {
  createOpenAICompatibleModel,
  type OpenAICompatibleModel,
  type OpenAICompatibleOptions,
  type OpenAICompatibleResult,
  type OpenAICompatibleTotals,
} from "./providers/openai-compatible/createOpenAICompatibleModel.js";
export type {
  OpenAICompatibleSettings,
  StructuredOutputMode,
} from "./providers/openai-compatible/OpenAICompatibleSettings.js";
export { openAICompatibleSettingsFrom } from "./providers/openai-compatible/openAICompatibleSettingsFrom.js";
export {
  builtInPrices,
  costOf,
  type ModelPrice,
  priceFor,
} from "./providers/openai-compatible/priceTable.js";
export { createServeApp } from "./serve/createServeApp.js";
export { type RunningServer, type StartServerOptions, startServer } from "./serve/startServer.js";
