import { readFile } from "node:fs/promises";
import path from "node:path";
import { z } from "zod";
import { UsageError } from "../core/errors/UsageError.js";
import { type TrainTask, trainTasks } from "../core/recipe/trainSchema.js";
import { type TrainResult, trainResultSchema } from "./trainResultSchema.js";

const resolvedConfigSchema = z.looseObject({
  config: z.looseObject({
    base_model: z.string(),
    method: z.enum(["lora", "prefix", "full"]),
    task: z.enum(trainTasks),
    max_length: z.number().int(),
    text_field: z.string(),
    label_field: z.string(),
  }),
});

/** A finished training output folder, as evaluation reads it. */
export interface TrainingOutput {
  directory: string;
  result: TrainResult;
  /** The base model the job trained (as the worker loads it). */
  baseModel: string;
  method: "lora" | "prefix" | "full";
  task: TrainTask;
  maxLength: number;
  /** Record fields of the text and the label in the training data (and its splits). */
  textField: string;
  labelField: string;
  /** The PEFT adapter folder (lora, prefix). */
  adapter: string | undefined;
  /** The fine-tuned model folder (full). */
  model: string | undefined;
}

/** Reads `train_log.json` and `resolved_config.json` of a training output folder. */
export async function readTrainingOutput(directory: string): Promise<TrainingOutput> {
  const read = async (name: string) => {
    const file = path.join(directory, name);
    try {
      return JSON.parse(await readFile(file, "utf8")) as unknown;
    } catch (error) {
      throw new UsageError(
        `${file} cannot be read (${(error as NodeJS.ErrnoException).code ?? (error as Error).message}); expected the output folder of a finished \`synthforge train\`.`,
      );
    }
  };
  const result = trainResultSchema.safeParse(await read("train_log.json"));
  const resolved = resolvedConfigSchema.safeParse(await read("resolved_config.json"));
  if (!result.success || !resolved.success) {
    throw new UsageError(
      `${directory}: train_log.json or resolved_config.json is not a Synthforge training log.`,
    );
  }
  const files = result.data.files ?? {};
  return {
    directory,
    result: result.data,
    baseModel: resolved.data.config.base_model,
    method: resolved.data.config.method,
    task: resolved.data.config.task,
    maxLength: resolved.data.config.max_length,
    textField: resolved.data.config.text_field,
    labelField: resolved.data.config.label_field,
    adapter: files.adapter,
    model: files.model,
  };
}
