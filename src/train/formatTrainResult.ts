import type { TrainResult } from "./trainResultSchema.js";

/** The closing lines of `synthforge train`. */
export function formatTrainResult(result: TrainResult): string {
  const round = (value: number | null, digits = 4) => (value === null ? "-" : value.toFixed(digits));
  const lines = [
    result.cancelled
      ? `Training stopped at step ${result.steps}/${result.totalSteps}; checkpoint saved in ${result.checkpoint ?? result.output} (run the same command again to resume).`
      : `Trained ${result.steps}/${result.totalSteps} steps in ${result.seconds.toFixed(0)} s${result.stoppedEarly ? " (stopped early: validation loss stopped improving)" : ""}${result.resumedFromStep === null ? "" : `, resumed from step ${result.resumedFromStep}`}.`,
    `  train loss ${round(result.finalTrainLoss)}, best validation loss ${round(result.bestValidationLoss)}, ${round(result.tokensPerSecond, 0)} tokens/s, peak memory ${result.peakMemoryMb.toFixed(0)} MB`,
    `  trainable parameters ${result.trainableParameters.toLocaleString("en")} of ${result.totalParameters.toLocaleString("en")}`,
  ];
  for (const [name, file] of Object.entries(result.files ?? {})) lines.push(`  ${name}: ${file}`);
  return lines.join("\n");
}
