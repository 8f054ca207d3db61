import path from "node:path";
import { UsageError } from "../core/errors/UsageError.js";
import { readTrainingOutput } from "./readTrainingOutput.js";

/** The tuned student of a training output folder, as `synthforge serve` loads it. */
export interface ServedStudent {
  /** The base model: a registry name or a .gguf file. */
  baseModel: string;
  /** The GGUF LoRA adapter the training wrote. */
  adapter: string;
  /** What `/v1/models` calls it: the run's name, its task and its method (`sentiment-en-classification-lora`). */
  id: string;
}

/**
 * Reads a finished `synthforge train` output folder and names its student for serving: the
 * base model it was tuned from with its GGUF LoRA adapter on top (a classifier answers its
 * training prompt with the label; an sft student chats). A folder without a GGUF adapter is
 * refused in one sentence.
 */
export async function servedStudent(trainDir: string): Promise<ServedStudent> {
  const output = await readTrainingOutput(trainDir);
  const adapter = output.result.files?.ggufAdapter;
  if (output.task === "token-classification") {
    throw new UsageError(
      `${trainDir}: a tagging head (task token-classification) is not a chat model and cannot be served; \`synthforge evaluate\` scores it, and its model folder loads with transformers' AutoModelForTokenClassification.`,
    );
  }
  if (output.method !== "lora" || adapter === undefined) {
    throw new UsageError(
      `${trainDir}: no GGUF LoRA adapter was written (method ${output.method}); train with method lora and exportGguf on to serve the student.`,
    );
  }
  const absolute = path.resolve(trainDir);
  const run = path.basename(path.basename(absolute) === "train" ? path.dirname(absolute) : absolute);
  return { baseModel: output.baseModel, adapter, id: `${run}-${output.task}-${output.method}` };
}
