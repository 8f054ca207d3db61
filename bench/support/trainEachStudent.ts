// The part of a generated-vs-real bench that is the same for every task: write each training set
// and a few of its rows as validation, fine-tune the same student on each with the same settings
// (`trainDataset`, as `synthforge train` runs it), and evaluate each on the same held-out file,
// the untuned base beside the first. Each bench turns the evaluations into its own metric table.
import { writeFileSync } from "node:fs";
import path from "node:path";
import type { Config } from "../../src/core/config.js";
import { type EvaluateTrainingOptions, evaluateTraining } from "../../src/train/evaluateTraining.js";
import type { EvaluationResult } from "../../src/train/evaluationResultSchema.js";
import { trainDataset } from "../../src/train/trainDataset.js";

type TrainSettings = Parameters<typeof trainDataset>[0]["settings"];

/** One evaluated model: "base", or "tuned on <n> <set name>". */
export interface StudentResult {
  model: string;
  metrics: EvaluationResult["results"][number]["metrics"];
  /** Seconds the training took (undefined for the base). */
  trainSeconds: number | undefined;
}

/** Writes `rows` as JSON lines in `work`, returning the file. */
export function writeJsonLines(work: string, name: string, rows: readonly object[]): string {
  const file = path.join(work, name);
  writeFileSync(file, rows.map((row) => `${JSON.stringify(row)}\n`).join(""));
  return file;
}

export async function trainEachStudent(options: {
  work: string;
  config: Config;
  settings: TrainSettings;
  /** The training sets in order, e.g. [["generated", rows], ["real", rows]]: the base is evaluated with the first. */
  sets: readonly (readonly [string, readonly object[]])[];
  /** Held-out JSONL the students are scored on. */
  test: string;
  textField: string;
  labelField: string;
  /** The instruction before each text (the recipe's `export.instruction`), if any. */
  instruction: string | undefined;
  /** Evaluation settings of the task (translation target, answer length). */
  evaluate?: Pick<EvaluateTrainingOptions, "translationTarget" | "maxNewTokens">;
  /** Called after each set with every result so far (a bench saves them, so a stopped run keeps them). */
  onResults?: (results: readonly StudentResult[]) => void;
}): Promise<StudentResult[]> {
  const results: StudentResult[] = [];
  for (const [index, [name, rows]] of options.sets.entries()) {
    const started = performance.now();
    const trained = await trainDataset({
      config: options.config,
      settings: options.settings,
      inputs: {
        stages: [{ name: "train", data: writeJsonLines(options.work, `${name}.jsonl`, rows) }],
        validation: writeJsonLines(options.work, `${name}-validation.jsonl`, rows.slice(0, 8)),
        output: path.join(options.work, `train-${name}`),
        textField: options.textField,
        labelField: options.labelField,
        labels: undefined,
        controlFields: [],
        instruction: options.instruction,
      },
    });
    const trainSeconds = (performance.now() - started) / 1000;
    const { evaluation } = await evaluateTraining({
      config: options.config,
      trainDir: trained.result.output,
      heldOut: options.test,
      includeBase: index === 0,
      ...options.evaluate,
    });
    for (const row of evaluation.results) {
      const base = row.model === "base";
      results.push({
        model: base ? "base" : `tuned on ${rows.length} ${name}`,
        metrics: row.metrics,
        trainSeconds: base ? undefined : Math.round(trainSeconds),
      });
    }
    options.onResults?.(results);
  }
  return results;
}
