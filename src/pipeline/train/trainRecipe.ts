import type { Config } from "../../core/config.js";
import { type EventSink, ignoreEvents } from "../../core/events.js";
import type { LoadedRecipe } from "../../core/recipe/loadRecipe.js";
import { type TrainSettings, trainSchema } from "../../core/recipe/trainSchema.js";
import { refreshRunReport } from "../../report/refreshRunReport.js";
import type { Store } from "../../store/Store.js";
import { withRecipeTrainDefaults } from "../../train/recipeTrainDefaults.js";
import { type RecipeTrainingInputs, recipeTrainingInputs } from "../../train/recipeTrainingInputs.js";
import type { Launcher } from "../../train/runTrainJob.js";
import { type TrainedDataset, trainDataset } from "../../train/trainDataset.js";
import { trainingArtifact } from "../../train/trainingArtifact.js";

/** Options of {@link trainRecipe}. */
export interface TrainRecipeOptions {
  config: Config;
  /** Store of the recipe's run: the job is recorded as a `training-job` artifact. */
  store?: Store;
  /** Run the artifact belongs to. */
  runId: string;
  /** Export folder of the generated data [recipe `export.dir`, else `out/<name>`]. */
  exportDir?: string | undefined;
  /** Settings that override the recipe's `train` section (command-line flags). */
  overrides?: Partial<TrainSettings>;
  /** Training output folder [recipe `train.output`, else `<export>/train`]. */
  output?: string | undefined;
  launcher?: Launcher;
  processes?: number | undefined;
  events?: EventSink;
  signal?: AbortSignal;
}

/** A recipe's fine-tune: where its data came from, the job and its result. */
export interface TrainedRecipe extends TrainedDataset {
  inputs: RecipeTrainingInputs;
}

/** Fine-tunes on a recipe's generated data as its `train` section says (defaults when absent). */
export async function trainRecipe(loaded: LoadedRecipe, options: TrainRecipeOptions): Promise<TrainedRecipe> {
  const inputs = recipeTrainingInputs(loaded, { exportDir: options.exportDir });
  const settings = withRecipeTrainDefaults(
    trainSchema.parse({ ...(loaded.recipe.train ?? {}), ...(options.overrides ?? {}) }),
    loaded.recipe,
  );
  const trained = await trainDataset({
    config: options.config,
    settings,
    inputs: {
      stages: inputs.stages,
      validation: inputs.validation,
      output: options.output ?? inputs.output,
      textField: inputs.textField,
      labelField: inputs.labelField,
      labels: inputs.labels,
      controlFields: inputs.controlFields,
      instruction: inputs.instruction,
    },
    baseDirectory: loaded.directory,
    events: options.events ?? ignoreEvents,
    ...(options.launcher === undefined ? {} : { launcher: options.launcher }),
    ...(options.processes === undefined ? {} : { processes: options.processes }),
    ...(options.signal === undefined ? {} : { signal: options.signal }),
  });
  options.store?.putArtifact(
    options.runId,
    "training-job",
    trained.result.output,
    trainingArtifact(trained.job, trained.result),
  );
  if (options.store !== undefined) await refreshRunReport(options.store, options.runId);
  return { ...trained, inputs };
}
