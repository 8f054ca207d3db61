import type { TrainJobInput } from "../worker/protocol.js";
import type { TrainResult } from "./trainResultSchema.js";

/** What the store keeps of a training job (`training-job` artifact, keyed by output folder). */
export function trainingArtifact(job: TrainJobInput, result: TrainResult): Record<string, unknown> {
  return {
    job,
    output: result.output,
    steps: result.steps,
    totalSteps: result.totalSteps,
    cancelled: result.cancelled,
    stoppedEarly: result.stoppedEarly,
    bestValidationLoss: result.bestValidationLoss,
    finalTrainLoss: result.finalTrainLoss,
    tokensPerSecond: result.tokensPerSecond,
    seconds: result.seconds,
    peakMemoryMb: result.peakMemoryMb,
    trainableParameters: result.trainableParameters,
    totalParameters: result.totalParameters,
    lossCurve: result.lossCurve,
    labels: result.labels,
    files: result.files ?? {},
  };
}
