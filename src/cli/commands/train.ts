import { existsSync } from "node:fs";
import path from "node:path";
import type { Command } from "commander";
import { z } from "zod";
import { CancelledError } from "../../core/errors/CancelledError.js";
import { InputFileError } from "../../core/errors/InputFileError.js";
import { UsageError } from "../../core/errors/UsageError.js";
import { checkDirectory } from "../../core/fs/makeDirectory.js";
import { loadRecipe } from "../../core/recipe/loadRecipe.js";
import { type TrainSettings, trainSchema, trainTasks } from "../../core/recipe/trainSchema.js";
import { runIdFor } from "../../pipeline/run/runIdFor.js";
import { trainRecipe } from "../../pipeline/train/trainRecipe.js";
import { defaultStorePath, openStore } from "../../store/openStore.js";
import { formatTrainResult } from "../../train/formatTrainResult.js";
import { trainDataset } from "../../train/trainDataset.js";
import { trainingArtifact } from "../../train/trainingArtifact.js";
import type { TrainResult } from "../../train/trainResultSchema.js";
import type { CliContext } from "../context.js";
import { parseFlags } from "../parseFlags.js";

const positiveInteger = z
  .string()
  .regex(/^[1-9]\d*$/, "a whole number, at least 1")
  .transform(Number);
const positiveNumber = z
  .string()
  .regex(/^(\d+\.?\d*|\.\d+)(e-?\d+)?$/i, "a positive number such as 3e-5")
  .transform(Number)
  .refine((value) => value > 0, "a positive number such as 3e-5");

const trainFlagsSchema = z.object({
  data: z.string().optional(),
  validation: z.string().optional(),
  textField: z.string().default("text"),
  labelField: z.string().default("label"),
  labels: z.string().optional(),
  task: z.enum(trainTasks).optional(),
  baseModel: z.string().optional(),
  method: z.enum(["lora", "prefix", "full", "dpo"]).optional(),
  beta: positiveNumber.optional(),
  epochs: positiveNumber.optional(),
  maxSteps: positiveInteger.optional(),
  batchSize: positiveInteger.optional(),
  gradientAccumulation: positiveInteger.optional(),
  learningRate: positiveNumber.optional(),
  loraRank: positiveInteger.optional(),
  maxLength: positiveInteger.optional(),
  merged: z.boolean().optional(),
  out: z.string().optional(),
  exportDir: z.string().optional(),
  launcher: z.enum(["worker", "accelerate"]).default("worker"),
  processes: positiveInteger.optional(),
  store: z.string().optional(),
});
type TrainFlags = z.infer<typeof trainFlagsSchema>;

/** Registers the fine-tuning flags shared by `train` (and documented in docs/training.md). */
function overridesFrom(flags: TrainFlags): Partial<TrainSettings> {
  const overrides: Partial<TrainSettings> = {};
  if (flags.baseModel !== undefined) overrides.baseModel = flags.baseModel;
  if (flags.method !== undefined && flags.method !== "dpo") overrides.method = flags.method;
  if (flags.task !== undefined) overrides.task = flags.task;
  if (flags.epochs !== undefined) overrides.epochs = flags.epochs;
  if (flags.maxSteps !== undefined) overrides.maxSteps = flags.maxSteps;
  if (flags.batchSize !== undefined) overrides.batchSize = flags.batchSize;
  if (flags.gradientAccumulation !== undefined) overrides.gradientAccumulation = flags.gradientAccumulation;
  if (flags.learningRate !== undefined) overrides.learningRate = flags.learningRate;
  if (flags.maxLength !== undefined) overrides.maxLength = flags.maxLength;
  if (flags.merged !== undefined) overrides.exportMerged = flags.merged;
  return overrides;
}

/** `synthforge train <recipe>` or `synthforge train --data <file>`: fine-tune in the Python worker. */
export function registerTrainCommand(program: Command, context: CliContext): void {
  program
    .command("train")
    .description(
      "Fine-tune a model (LoRA, prefix tuning or full) on a recipe's generated data or on a JSONL file; Ctrl-C saves a checkpoint and rerunning resumes.",
    )
    .argument("[recipe]", "recipe YAML file: trains on its export (see its `train` section)")
    .option("--data <file>", "training JSONL instead of a recipe (classification: text and label fields)")
    .option("--validation <file>", "validation JSONL with --data (default: split off the data)")
    .option("--text-field <name>", "record field with the text, with --data", "text")
    .option("--label-field <name>", "record field with the label, with --data", "label")
    .option("--labels <list>", "comma-separated label set, with --data (default: the labels in the data)")
    .option(
      "--task <task>",
      "classification (train to generate the label), sft (chat-style) or token-classification (a tagging head, for entity data)",
    )
    .option(
      "--base-model <ref>",
      "registry name, .gguf file, model folder or hub id [smollm2-135m-instruct; a non-English recipe: qwen2.5-coder-0.5b-instruct; token-classification: all-minilm-l6-v2]",
    )
    .option(
      "--method <method>",
      "lora, prefix or full [lora; token-classification: full]; dpo: a LoRA adapter trained by DPO on the preference pairs of --data (`synthforge review pairs`)",
    )
    .option("--beta <n>", "DPO beta, with --method dpo [0.1]")
    .option("--epochs <n>", "epochs over the data [3; token-classification 20]")
    .option("--max-steps <n>", "stop after this many optimizer steps")
    .option("--batch-size <n>", "examples per micro-batch [4]")
    .option(
      "--gradient-accumulation <n>",
      "micro-batches per optimizer step [full 8, LoRA and prefix 2, tagging head 1]",
    )
    .option(
      "--learning-rate <x>",
      "peak learning rate of the cosine schedule [full 3e-5, LoRA 5e-4, prefix 1e-2, tagging head 1e-4]",
    )
    .option("--lora-rank <n>", "LoRA rank [8]")
    .option("--max-length <n>", "longest tokenized example [256]")
    .option("--merged", "also write the base model with the LoRA adapter merged in (<out>/merged)")
    .option("--out <dir>", "output folder (default: <export dir>/train, or next to --data)")
    .option(
      "--export-dir <dir>",
      "where `synthforge run` exported the recipe's data [export.dir, else out/<name>]",
    )
    .option(
      "--launcher <launcher>",
      "worker (one process) or accelerate (`accelerate launch` with FSDP)",
      "worker",
    )
    .option("--processes <n>", "processes for --launcher accelerate [one per GPU, else 1]")
    .option("--store <file>", "SQLite store file (default: .synthforge/store.sqlite)")
    .action(async (recipeFile: string | undefined, rawFlags: unknown) => {
      const flags = parseFlags(trainFlagsSchema, rawFlags);
      if ((recipeFile === undefined) === (flags.data === undefined)) {
        throw new UsageError("train: give a recipe file or --data <file> (one of the two).");
      }
      // A file in the way of the output is found now, not after the worker has set up and trained.
      if (flags.out !== undefined) await checkDirectory(flags.out);
      if (flags.method === "dpo") {
        if (flags.data === undefined || recipeFile !== undefined) {
          throw new UsageError(
            "--method dpo: give the preference pairs with --data <pairs.jsonl> (from `synthforge review pairs`), not a recipe.",
          );
        }
        const data = path.resolve(flags.data);
        if (!existsSync(data)) {
          throw new InputFileError(
            data,
            undefined,
            "does not exist; expected a JSONL file of preference pairs",
          );
        }
        const { trainPreferences } = await import("../../train/trainPreferences.js");
        const result = await trainPreferences(
          {
            data,
            output: path.resolve(flags.out ?? path.join(path.dirname(data), "dpo")),
            ...(flags.baseModel === undefined ? {} : { baseModel: flags.baseModel }),
            ...(flags.beta === undefined ? {} : { beta: flags.beta }),
            ...(flags.learningRate === undefined ? {} : { learningRate: flags.learningRate }),
            ...(flags.epochs === undefined ? {} : { epochs: flags.epochs }),
            ...(flags.maxSteps === undefined ? {} : { maxSteps: flags.maxSteps }),
            ...(flags.batchSize === undefined ? {} : { batchSize: flags.batchSize }),
            ...(flags.loraRank === undefined ? {} : { loraRank: flags.loraRank }),
            ...(flags.maxLength === undefined ? {} : { maxLength: flags.maxLength }),
          },
          { config: context.config, events: context.reporter.sink, signal: context.signal },
        );
        const summary = `DPO on ${result.pairs} preference pairs: ${result.steps} steps in ${result.seconds.toFixed(0)} s, loss ${result.lossCurve[0]?.loss.toFixed(3) ?? "–"} → ${result.finalLoss?.toFixed(3) ?? "–"}; the adapter prefers the chosen answer (more than the base model does) on ${(result.rewardAccuracy * 100).toFixed(0)}% of the pairs (mean reward margin ${result.meanRewardMargin.toFixed(3)}). LoRA adapter: ${result.adapter}`;
        if (result.cancelled) throw new CancelledError(summary);
        context.reporter.print(summary);
        return;
      }
      const overrides = overridesFrom(flags);
      const report = (result: TrainResult) => {
        if (result.cancelled) throw new CancelledError(formatTrainResult(result));
        context.reporter.print(formatTrainResult(result));
      };
      const common = {
        config: context.config,
        events: context.reporter.sink,
        signal: context.signal,
        launcher: flags.launcher,
        processes: flags.processes,
      };
      const store = openStore(flags.store ?? defaultStorePath());
      try {
        if (recipeFile !== undefined) {
          const loaded = await loadRecipe(recipeFile);
          if (flags.loraRank !== undefined) {
            overrides.lora = { ...trainSchema.parse(loaded.recipe.train ?? {}).lora, rank: flags.loraRank };
          }
          const runId = store.latestRun(loaded.recipe.name)?.id ?? runIdFor(loaded);
          const { result } = await trainRecipe(loaded, {
            ...common,
            store,
            runId,
            overrides,
            exportDir: flags.exportDir,
            output: flags.out === undefined ? undefined : path.resolve(flags.out),
          });
          report(result);
          return;
        }
        const data = path.resolve(flags.data!);
        for (const file of [
          data,
          flags.validation === undefined ? undefined : path.resolve(flags.validation),
        ]) {
          if (file !== undefined && !existsSync(file)) {
            throw new InputFileError(
              file,
              undefined,
              "does not exist; expected a JSONL file of training examples",
            );
          }
        }
        if (flags.loraRank !== undefined)
          overrides.lora = { ...trainSchema.parse({}).lora, rank: flags.loraRank };
        const settings = trainSchema.parse(overrides);
        const { job, result } = await trainDataset({
          ...common,
          settings,
          inputs: {
            stages: [{ name: "train", data }],
            validation: flags.validation === undefined ? undefined : path.resolve(flags.validation),
            output: path.resolve(flags.out ?? path.join(path.dirname(data), "train")),
            textField: flags.textField,
            labelField: flags.labelField,
            labels: flags.labels?.split(",").map((label) => label.trim()),
            controlFields: [],
          },
        });
        store.putArtifact(`dataset:${data}`, "training-job", result.output, trainingArtifact(job, result));
        report(result);
      } finally {
        store.close();
      }
    });
}
