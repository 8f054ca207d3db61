import type { Config } from "../../core/config.js";
import { CancelledError } from "../../core/errors/CancelledError.js";
import type { EventSink } from "../../core/events.js";
import type { LoadedRecipe } from "../../core/recipe/loadRecipe.js";
import { refreshRunReport } from "../../report/refreshRunReport.js";
import type { Store } from "../../store/Store.js";
import { evaluateTraining } from "../../train/evaluateTraining.js";
import { formatEvaluation } from "../../train/formatEvaluation.js";
import { formatTrainResult } from "../../train/formatTrainResult.js";
import { recipeEvaluationInputs } from "../../train/recipeEvaluationInputs.js";
import { trainRecipe } from "./trainRecipe.js";

/** Options of {@link continueIntoTraining}. */
export interface ContinueIntoTrainingOptions {
  config: Config;
  store: Store;
  runId: string;
  /** The export folder `synthforge run` wrote to. */
  exportDir?: string | undefined;
  events: EventSink;
  signal?: AbortSignal;
}

/**
 * What `synthforge run` does after generating when the recipe has a `train` section:
 * fine-tune on the export, then compare base and tuned on the held-out split (when the export
 * has a test split, or the trainer split one off) and on the recipe's `evaluate.reference`.
 * Logs the training summary as soon as training ends; returns the evaluation's text to print.
 */
export async function continueIntoTraining(
  loaded: LoadedRecipe,
  options: ContinueIntoTrainingOptions,
): Promise<string> {
  const signal = options.signal === undefined ? {} : { signal: options.signal };
  const trained = await trainRecipe(loaded, {
    config: options.config,
    store: options.store,
    runId: options.runId,
    exportDir: options.exportDir,
    events: options.events,
    ...signal,
  });
  if (trained.result.cancelled) throw new CancelledError(formatTrainResult(trained.result));
  // Shown now, not after the evaluation: the user sees the adapter as soon as it exists.
  options.events({ type: "log", level: "info", message: formatTrainResult(trained.result) });
  const lines: string[] = [];
  const evaluation = recipeEvaluationInputs(loaded);
  const { reference } = evaluation;
  const heldOut = trained.inputs.test ?? trained.result.splits.test ?? null;
  if (heldOut === null && reference === undefined)
    return "Nothing to evaluate on: no test split and no evaluate.reference.";
  const { evaluation: result, file } = await evaluateTraining({
    config: options.config,
    trainDir: trained.result.output,
    heldOut,
    reference,
    limit: evaluation.limit,
    translationTarget: evaluation.translationTarget,
    maxNewTokens: evaluation.maxNewTokens,
    events: options.events,
    ...signal,
  });
  options.store.putArtifact(options.runId, "evaluation", trained.result.output, result);
  await refreshRunReport(options.store, options.runId);
  lines.push(formatEvaluation(result), "", `Evaluation written to ${file}`);
  return lines.join("\n");
}
