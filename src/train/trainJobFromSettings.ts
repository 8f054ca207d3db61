import { resolvedTrainSettings, type TrainSettings } from "../core/recipe/trainSchema.js";
import type { TrainJobInput } from "../worker/protocol.js";

/** What a training job needs besides the recipe's `train` settings. */
export interface TrainJobInputs {
  /** The resolved base model (GGUF file, model folder or hub id); see resolveBaseModel. */
  baseModel: string;
  /** Datasets trained on in order; absolute paths. */
  stages: { name: string; data: string; epochs?: number | undefined }[];
  /** Validation JSONL; left out, the worker splits the last stage's data. */
  validation?: string | undefined;
  /** Folder for the adapter, checkpoints, splits and the resolved configuration. */
  output: string;
  textField: string;
  labelField: string;
  /** The label set; left out, the worker takes the labels seen in the data. */
  labels?: string[] | undefined;
  /** Record fields that become control tokens (empty: none). */
  controlFields: string[];
  /** Where dequantized GGUF base models are cached. */
  modelCacheDir: string;
  /** Instruction shown before each text (a translation recipe's); left out, the worker builds one from the labels. */
  instruction?: string | undefined;
}

/** Combines the recipe's (or flags') training settings with the resolved inputs into a worker job. */
export function trainJobFromSettings(settings: TrainSettings, inputs: TrainJobInputs): TrainJobInput {
  const rates = resolvedTrainSettings(settings);
  return {
    baseModel: inputs.baseModel,
    method: rates.method,
    task: settings.task ?? "classification",
    loraRank: settings.lora.rank,
    loraAlpha: settings.lora.alpha,
    loraDropout: settings.lora.dropout,
    loraTargetModules: settings.lora.targetModules ?? null,
    prefixVirtualTokens: settings.prefix.virtualTokens,
    learningRate: rates.learningRate,
    minLearningRate: settings.minLearningRate,
    warmupRatio: settings.warmupRatio,
    epochs: rates.epochs,
    maxSteps: settings.maxSteps ?? null,
    batchSize: settings.batchSize,
    gradientAccumulation: rates.gradientAccumulation,
    weightDecay: settings.weightDecay,
    dropout: settings.dropout,
    earlyStoppingPatience: settings.earlyStoppingPatience,
    ema: settings.ema,
    gradientCheckpointing: settings.gradientCheckpointing,
    mixedPrecision: settings.mixedPrecision,
    maxLength: settings.maxLength,
    controlFields: settings.controlTokens ? inputs.controlFields : [],
    stages: inputs.stages.map((stage) => ({
      name: stage.name,
      data: stage.data,
      epochs: stage.epochs ?? null,
    })),
    validation: inputs.validation ?? null,
    textField: inputs.textField,
    labelField: inputs.labelField,
    labels: inputs.labels ?? null,
    ...(inputs.instruction === undefined ? {} : { instruction: inputs.instruction }),
    seed: settings.seed,
    exportMerged: settings.exportMerged,
    output: inputs.output,
    modelCacheDir: inputs.modelCacheDir,
  };
}
