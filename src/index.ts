/**
 * Synthforge's public library API. Every name a program may use is listed here by name, in the
 * order of the modules that define it (their folders are the layers of docs/architecture.md);
 * anything not exported from this file is internal.
 */

export { type Config, configFromEnvironment } from "./core/config.js";
export { ArchiveError } from "./core/errors/ArchiveError.js";
export { CancelledError } from "./core/errors/CancelledError.js";
export { type FailedGate, GateFailedError } from "./core/errors/GateFailedError.js";
export { InputFileError } from "./core/errors/InputFileError.js";
export { ModelFileError } from "./core/errors/ModelFileError.js";
export { ModelSourceError, type SourceAttempt } from "./core/errors/ModelSourceError.js";
export { OutputPathError } from "./core/errors/OutputPathError.js";
export { ProviderError } from "./core/errors/ProviderError.js";
export { ProviderSettingsError } from "./core/errors/ProviderSettingsError.js";
export { RecipeError, type RecipeErrorLocation } from "./core/errors/RecipeError.js";
export { StoreError } from "./core/errors/StoreError.js";
export { SynthforgeError } from "./core/errors/SynthforgeError.js";
export { TargetNotMetError } from "./core/errors/TargetNotMetError.js";
export { UsageError } from "./core/errors/UsageError.js";
export { WorkerError } from "./core/errors/WorkerError.js";
export { type EventSink, ignoreEvents, type RunSummary, type SynthforgeEvent } from "./core/events.js";
export {
  type FieldCheckName,
  type FieldKind,
  type FieldSpec,
  type FieldSpecs,
  fieldCheckNames,
  fieldKinds,
  guessFieldSpecs,
} from "./core/fields/fieldSpecs.js";
export { resolveFieldSpecs } from "./core/fields/resolveFieldSpecs.js";
export { writeFileAtomic } from "./core/fs/writeFileAtomic.js";
export { allocate } from "./core/plan/allocate.js";
export { type CellBalance, cellBalance } from "./core/plan/cellBalance.js";
export { cellKey } from "./core/plan/cellKey.js";
export { createPlan, dimensionValues, planCells } from "./core/plan/createPlan.js";
export type { PlanSlot } from "./core/plan/PlanSlot.js";
export { type CellTarget, planTargets } from "./core/plan/planTargets.js";
export { steerSlots } from "./core/plan/steerSlots.js";
export {
  type DimensionSpec,
  type Dimensions,
  dimensionSchema,
  dimensionsSchema,
} from "./core/recipe/dimensionsSchema.js";
export {
  type ExportFormat,
  type ExportSettings,
  exportFormats,
  exportSchema,
} from "./core/recipe/exportSchema.js";
export { type GenerationSettings, generationSchema } from "./core/recipe/generationSchema.js";
export { type InputSettings, inputSchema } from "./core/recipe/inputSchema.js";
export { type LoadedRecipe, loadRecipe, parseRecipe, stableStringify } from "./core/recipe/loadRecipe.js";
export { type ModelSettings, modelSchema } from "./core/recipe/modelSchema.js";
export { type OutputSettings, outputSchema } from "./core/recipe/outputSchema.js";
export { type PlanSettings, planSchema } from "./core/recipe/planSchema.js";
export {
  type GateSettings,
  gatesSchema,
  type QualitySettings,
  qualitySchema,
} from "./core/recipe/qualitySchema.js";
export { type Recipe, type RecipeInput, recipeSchema } from "./core/recipe/recipeSchema.js";
export { type ReviewSettings, reviewSchema } from "./core/recipe/reviewSchema.js";
export {
  type EvolutionKind,
  evolutionKinds,
  type NegativeKind,
  negativeKinds,
  type StrategySettings,
  strategiesSchema,
} from "./core/recipe/strategiesSchema.js";
export {
  type SeedSettings,
  seedsSchema,
  type TemplateSettings,
  templateSchema,
} from "./core/recipe/templateSchema.js";
export {
  type EvaluateSettings,
  evaluateSchema,
  type TrainSettings,
  trainSchema,
} from "./core/recipe/trainSchema.js";
export type {
  GeneratedRecord,
  Provenance,
  QualityDecision,
  RecordStatus,
  SamplingParameters,
} from "./core/record.js";
export { compileRecordSchema, type RecordValidator } from "./core/recordSchema.js";
export { minimumSampleToCertify, wilsonInterval } from "./core/stats/wilsonInterval.js";
export { segmentWords } from "./core/text/segmentWords.js";
export { exportContext } from "./export/exportContext.js";
export { type ExportOptions, type ExportResult, exportRun } from "./export/exportRun.js";
export type { ExportContext, ExportFormatWriter } from "./export/formats/ExportFormatWriter.js";
export { exportFormatWriters } from "./export/formats/exportFormats.js";
export { exportImages } from "./export/images/exportImages.js";
export {
  parseSplit,
  type SplitName,
  type SplitShares,
  splitNames,
  splitRecords,
} from "./export/splitRecords.js";
export {
  emptyGenerationStats,
  type GenerateRecordsOptions,
  type GenerationStats,
  generateRecords,
} from "./generate/generateRecords.js";
export { applyNegative } from "./generate/strategies/applyNegative.js";
export { assignStrategies } from "./generate/strategies/assignStrategies.js";
export {
  createStrategyPromptBuilder,
  type PromptState,
  type StrategyPromptOptions,
} from "./generate/strategies/createStrategyPromptBuilder.js";
export {
  evolvedInstructionSchema,
  evolveInstructionMessages,
} from "./generate/strategies/evolveInstructionMessages.js";
export { InstructionPool, notNovelReason } from "./generate/strategies/InstructionPool.js";
export {
  type MajorityVoteOptions,
  majorityVote,
  majorityVoteAsync,
  majorityVoteScored,
  majorityVoteThreshold,
  type PairScorer,
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
export { parseTemplate, renderTemplate, templateLimits } from "./generate/templates/renderTemplate.js";
export { resolveTemplate, type TemplateContext } from "./generate/templates/resolveTemplate.js";
export { TemplateRenderError } from "./generate/templates/TemplateRenderError.js";
export { TemplateSyntaxError } from "./generate/templates/TemplateSyntaxError.js";
export { UnknownTemplateError } from "./generate/templates/UnknownTemplateError.js";
export { type VoteOutcome, type VoteSettings, voteOnSamples } from "./generate/voteOnSamples.js";
export {
  type AnnotateRecipeOptions,
  type AnnotateSummary,
  type AnnotationVoteDetails,
  annotateRecipe,
} from "./pipeline/annotate/annotateRecipe.js";
export { type PreparedAnnotation, prepareAnnotation } from "./pipeline/annotate/prepareAnnotation.js";
export { type RunImageRecipeOptions, runImageRecipe } from "./pipeline/images/runImageRecipe.js";
export { realEvaluationImages, trainImageRecipe } from "./pipeline/images/trainImageRecipe.js";
export { createGenerationEngine, type GenerationEngine } from "./pipeline/run/createGenerationEngine.js";
export type {
  AfterRoundContext,
  BeforeRoundContext,
  RoundContext,
  RoundHook,
  RoundHooks,
} from "./pipeline/run/RoundHook.js";
export { roundQuickStats } from "./pipeline/run/roundQuickStats.js";
export { type ModelFactory, type RunRecipeOptions, runRecipe } from "./pipeline/run/runRecipe.js";
export {
  type ContinueIntoTrainingOptions,
  continueIntoTraining,
} from "./pipeline/train/continueIntoTraining.js";
export { type TrainRecipeOptions, trainRecipe } from "./pipeline/train/trainRecipe.js";
export { createQualityHook, type QualityHookOptions } from "./pipeline/verify/createQualityHook.js";
export { createMemoryResponseCache } from "./providers/cache/createMemoryResponseCache.js";
export { responseCacheKey } from "./providers/cache/responseCacheKey.js";
export {
  type CachedLanguageModel,
  type ResponseCache,
  type ResponseCacheStatistics,
  withResponseCache,
} from "./providers/cache/withResponseCache.js";
export { type CreateLanguageModelOptions, createLanguageModel } from "./providers/createLanguageModel.js";
export {
  createEmbeddedModel,
  type EmbeddedModel,
  type EmbeddedModelSettings,
  type TokenPredictionCounts,
} from "./providers/embedded/createEmbeddedModel.js";
export type {
  ChatMessage,
  GenerateRequest,
  GenerateResult,
  LanguageModel,
  ModelIdentity,
  TokenUsage,
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
export {
  createModelRegistry,
  isModelPath,
  type ModelListing,
  type ModelRegistry,
  type ModelRegistryOptions,
  type ResolvedModel,
} from "./providers/registry/createModelRegistry.js";
export { defaultModelName, defaultModels } from "./providers/registry/defaultModels.js";
export type { ModelSource, ModelSpec } from "./providers/registry/ModelSpec.js";
export {
  isStreamingModel,
  type StreamEnd,
  type StreamingModel,
  type StreamPiece,
  type StreamPrompt,
  type StreamRequest,
  type TokenLogprob,
} from "./providers/StreamingModel.js";
export {
  type AdversarialOptions,
  type AdversarialResult,
  adversarialValidation,
  type FeatureWeight,
  type SegmentedText,
} from "./quality/adversarial/adversarialValidation.js";
export { rocAuc } from "./quality/adversarial/rocAuc.js";
export {
  type AssessQualityInput,
  assessQuality,
  labelDimensionOf,
  readRecipeReference,
} from "./quality/assessQuality.js";
export { buildQualityReport, type QualityCheckInput } from "./quality/buildQualityReport.js";
export { type CheckDatasetOptions, checkDataset } from "./quality/checkDataset.js";
export type { DatasetRecord } from "./quality/DatasetRecord.js";
export { findExactDuplicates } from "./quality/dedup/findExactDuplicates.js";
export {
  type DuplicateCluster,
  findNearDuplicates,
  type NearDuplicateOptions,
  type NearDuplicateResult,
} from "./quality/dedup/findNearDuplicates.js";
export { jaccard } from "./quality/dedup/jaccard.js";
export { lshParameters } from "./quality/dedup/lshParameters.js";
export { shingleText } from "./quality/dedup/shingleText.js";
export {
  checkRecordFields,
  type FieldCheckContext,
  type FieldCheckOutcome,
} from "./quality/fields/checkRecordFields.js";
export {
  type FieldCheck,
  type FieldCheckInput,
  registerFieldCheck,
} from "./quality/fields/fieldCheckRegistry.js";
export { applyFilters, filterChecks } from "./quality/filters/applyFilters.js";
export type { FilterOutcome, IdCluster, RecordVerdict } from "./quality/filters/FilterOutcome.js";
export type { FilterSettings } from "./quality/filters/FilterSettings.js";
export { type Contradiction, findContradictions } from "./quality/filters/findContradictions.js";
export { assertGates } from "./quality/gates/assertGates.js";
export { evaluateGates } from "./quality/gates/evaluateGates.js";
export { formatGateTable } from "./quality/gates/formatGateTable.js";
export type { GateResult } from "./quality/gates/GateResult.js";
export { type ColumnOptions, readDatasetFile, readReferenceCorpus } from "./quality/io/readDatasetFile.js";
export { extractLexicon, type LexiconTerm } from "./quality/lexicon/extractLexicon.js";
export {
  type AnnotatedRow,
  type AnnotationStatistics,
  type AnnotationStatus,
  annotationStatistics,
} from "./quality/metrics/annotationStatistics.js";
export { balance, type DimensionBalance } from "./quality/metrics/balance.js";
export { type DatasetMetrics, datasetMetrics } from "./quality/metrics/datasetMetrics.js";
export { distinctN } from "./quality/metrics/distinctN.js";
export { type DomainTermRatioResult, domainTermRatio } from "./quality/metrics/domainTermRatio.js";
export { type FleissKappa, fleissKappa } from "./quality/metrics/fleissKappa.js";
export { type LengthStats, lengthStats } from "./quality/metrics/lengthStats.js";
export { type SelfBleuResult, selfBleu } from "./quality/metrics/selfBleu.js";
export { type EntropyResult, shannonEntropy } from "./quality/metrics/shannonEntropy.js";
export { type SpotCheckStatistics, spotCheckStatistics } from "./quality/metrics/spotCheckStatistics.js";
export { buildWordTable, type WordTable } from "./quality/metrics/WordTable.js";
export type { BertScoreReport, QualityReport, RoundTrendPoint } from "./quality/QualityReport.js";
export type { ReferenceCorpus } from "./quality/ReferenceCorpus.js";
export {
  type RunQualityChecksOptions,
  type RunQualityChecksResult,
  runQualityChecks,
} from "./quality/runQualityChecks.js";
export { chineseIdValid } from "./quality/sensitive/chineseIdValid.js";
export {
  detectSensitive,
  type SensitiveHit,
  type SensitiveType,
} from "./quality/sensitive/detectSensitive.js";
export { luhnValid } from "./quality/sensitive/luhn.js";
export { redactSensitive } from "./quality/sensitive/redactSensitive.js";
export { formatWorkerChecks } from "./quality/worker/formatWorkerChecks.js";
export {
  englishEncoder,
  runWorkerChecks,
  type WorkerChecksInput,
  wantsWorkerChecks,
} from "./quality/worker/runWorkerChecks.js";
export { formatRunCost, type RunCost, runCost } from "./report/cost/runCost.js";
export type { RunReport } from "./report/RunReport.js";
export { refreshRunReport } from "./report/refreshRunReport.js";
export { renderReportHtml } from "./report/renderReportHtml.js";
export { summarizeTraining } from "./report/summarizeTraining.js";
export type {
  EvaluatedDataset,
  EvaluationSummary,
  TrainingJobSummary,
  TrainingReport,
} from "./report/TrainingReport.js";
export { withTraining } from "./report/withTraining.js";
export { writeReport } from "./report/writeReport.js";
export {
  applyVerdicts,
  undoRequestSchema,
  undoVerdicts,
  verdictRequestSchema,
} from "./review/applyVerdicts.js";
export { drawSpotCheckSample } from "./review/drawSpotCheckSample.js";
export { parseReviewFile } from "./review/parseReviewFile.js";
export {
  buildPreferencePairs,
  formatLlamaFactoryPairs,
  formatTrlPairs,
  type PreferencePair,
} from "./review/preferencePairs.js";
export { ReviewRequestError } from "./review/ReviewRequestError.js";
export { buildReviewQueue, type ReviewItem, type ReviewQueue, reviewReasons } from "./review/reviewQueue.js";
export { ensureSpotCheckSample, readSpotCheckSample } from "./review/spotCheckSample.js";
export { type ReviewFeedback, summarizeReviewFeedback } from "./review/summarizeReviewFeedback.js";
export { createServeApp, type ServedModelName, servedModelName } from "./serve/createServeApp.js";
export type { ServedModel } from "./serve/runChoices.js";
export { defaultServeLimits, type ServeLimits } from "./serve/ServeLimits.js";
export { defaultMaxBodyBytes, type ServeSecurity } from "./serve/ServeSecurity.js";
export { type RunningServer, type StartServerOptions, startServer } from "./serve/startServer.js";
export { isPostgresUrl, openPostgresStore } from "./store/openPostgresStore.js";
export { defaultStorePath, type OpenStoreOptions, openStore } from "./store/openStore.js";
export { PostgresStore } from "./store/PostgresStore.js";
export { hasSlotClaims, type SlotClaims, type WorkerCounts, type WorkerRow } from "./store/SlotClaims.js";
export { SqliteStore, slotAlreadyFilled } from "./store/SqliteStore.js";
export type {
  ArtifactKind,
  ArtifactRow,
  ReviewEventRow,
  ReviewRow,
  RoundRow,
  RunRow,
  RunStatus,
  SlotRow,
  SlotStatus,
  Store,
  StoredDecision,
} from "./store/Store.js";
export { spotCheckArtifactName } from "./store/spotCheckArtifactName.js";
export {
  type EvaluateTrainingOptions,
  evaluateTraining,
  type ReferenceSet,
} from "./train/evaluateTraining.js";
export type { EvaluationResult } from "./train/evaluationResultSchema.js";
export { formatEvaluation } from "./train/formatEvaluation.js";
export { type LabelledExample, readLabelledExamples } from "./train/readLabelledExamples.js";
export { type Launcher, runTrainJob } from "./train/runTrainJob.js";
export { type TrainDatasetOptions, trainDataset } from "./train/trainDataset.js";
export { type PreferenceJob, type PreferenceResult, trainPreferences } from "./train/trainPreferences.js";
export type { TrainResult } from "./train/trainResultSchema.js";
export { createReviewApp, type ReviewAppOptions } from "./web/createReviewApp.js";
export {
  type RunningReviewServer,
  type StartReviewServerOptions,
  startReviewServer,
} from "./web/startReviewServer.js";
export {
  ensureWorkerEnvironment,
  type WorkerEnvironment,
  type WorkerEnvironmentOptions,
  workerEnvironmentExists,
} from "./worker/ensureWorkerEnvironment.js";
export { findPython } from "./worker/findPython.js";
export {
  type EvaluateJob,
  type EvaluateJobInput,
  type ExportJob,
  type ExportJobInput,
  evaluateJobSchema,
  evaluationExampleSchema,
  exportJobSchema,
  PROTOCOL_VERSION,
  type ProgressMessage,
  progressMessageSchema,
  type TrainJob,
  type TrainJobInput,
  trainJobSchema,
  trainStageJobSchema,
  type WorkerMessage,
  type WorkerRequest,
  workerErrorKinds,
  workerMessageSchema,
  workerRequestSchema,
} from "./worker/protocol.js";
export { protocolJsonSchemaText } from "./worker/protocolJsonSchemaText.js";
export {
  type StartWorkerOptions,
  startWorker,
  type WorkerClient,
  type WorkerMethods,
} from "./worker/startWorker.js";
export { requirementsHash, workerPackageDir, workerVenvDir } from "./worker/workerPaths.js";
