import type { EventSink } from "../core/events.js";
import type { LossPoint } from "./trainResultSchema.js";

/** What the progress of one optimizer step adds to its loss-curve point. */
interface StepProgress {
  stage: string | undefined;
  learningRate: number | undefined;
}

/** An event sink that passes every event on and remembers each training step's stage and learning rate. */
export interface TrainingProgressRecorder {
  events: EventSink;
  /** The loss curve with each point's stage and learning rate added where a progress event gave them. */
  annotate(curve: readonly LossPoint[]): LossPoint[];
}

/**
 * Records the training history the loss curve lacks. Both launchers (the worker and
 * `accelerate launch`) turn each worker progress message into a `worker-progress` event
 * (src/worker/toWorkerProgressEvent.ts): job `train <stage>`, or `train` alone when the stage
 * is itself named `train`, with the learning rate as value `lr`; the recorder reads them there
 * and so works the same for both. `stageNames` are the job's stages.
 */
export function recordTrainingProgress(
  events: EventSink,
  stageNames: readonly string[],
): TrainingProgressRecorder {
  const steps = new Map<number, StepProgress>();
  const bare = stageNames.includes("train") ? "train" : undefined;
  return {
    events(event) {
      if (event.type === "worker-progress" && (event.job === "train" || event.job.startsWith("train "))) {
        const stage = event.job === "train" ? bare : event.job.slice("train ".length);
        const known = steps.get(event.step);
        steps.set(event.step, {
          stage: stage ?? known?.stage,
          learningRate: event.values.lr ?? known?.learningRate,
        });
      }
      events(event);
    },
    annotate(curve) {
      return curve.map((point) => {
        const progress = steps.get(point.step);
        const stage = point.stage ?? progress?.stage;
        const learningRate = point.learningRate ?? progress?.learningRate;
        return {
          ...point,
          ...(stage === undefined ? {} : { stage }),
          ...(learningRate === undefined ? {} : { learningRate }),
        };
      });
    },
  };
}
