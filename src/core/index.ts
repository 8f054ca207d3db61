export { type Config, configFromEnvironment } from "./config.js";
export * from "./errors/index.js";
export { type EventSink, ignoreEvents, type RunSummary, type SynthforgeEvent } from "./events.js";
export * from "./recipe/index.js";
export type {
  GeneratedRecord,
  Provenance,
  QualityDecision,
  RecordStatus,
  SamplingParameters,
} from "./record.js";
export { compileRecordSchema, type RecordValidator } from "./recordSchema.js";
export { writeFileAtomic } from "./writeFileAtomic.js";
