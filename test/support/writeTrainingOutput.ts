import { mkdirSync, writeFileSync } from "node:fs";
import path from "node:path";

/** A finished training output folder as the worker writes it (train_log.json, resolved_config.json). */
export function writeTrainingOutput(
  folder: string,
  options: { task: "sft" | "classification"; method?: "lora" | "full"; gguf?: boolean; baseModel?: string },
): string {
  mkdirSync(folder, { recursive: true });
  const files: Record<string, string> = { resolvedConfig: path.join(folder, "resolved_config.json") };
  if (options.gguf !== false) files.ggufAdapter = path.join(folder, "adapter.gguf");
  writeFileSync(
    path.join(folder, "train_log.json"),
    JSON.stringify({
      output: folder,
      steps: 4,
      totalSteps: 4,
      cancelled: false,
      stoppedEarly: false,
      resumedFromStep: null,
      bestValidationLoss: null,
      finalTrainLoss: 1.2,
      tokensPerSecond: null,
      seconds: 3,
      peakMemoryMb: 100,
      trainableParameters: 10,
      totalParameters: 100,
      lossCurve: [],
      labels: null,
      instruction: null,
      splits: {},
      checkpoint: null,
      files,
    }),
  );
  writeFileSync(
    path.join(folder, "resolved_config.json"),
    JSON.stringify({
      config: {
        base_model: options.baseModel ?? "smollm2-135m-instruct",
        method: options.method ?? "lora",
        task: options.task,
        max_length: 256,
        text_field: "text",
        label_field: "label",
      },
    }),
  );
  return folder;
}
