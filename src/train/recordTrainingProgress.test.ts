import { describe, expect, it } from "vitest";
import type { SynthforgeEvent } from "../core/events.js";
import type { ProgressMessage } from "../worker/protocol.js";
import { toWorkerProgressEvent } from "../worker/toWorkerProgressEvent.js";
import { recordTrainingProgress } from "./recordTrainingProgress.js";

const progress = (step: number, stage: string | null, learningRate: number | null): ProgressMessage => ({
  type: "progress",
  id: "1",
  job: "train",
  stage,
  step,
  totalSteps: 4,
  epoch: 0,
  loss: 1,
  validationLoss: null,
  learningRate,
  tokensPerSecond: null,
  etaSeconds: null,
});

describe("recordTrainingProgress", () => {
  it("adds each step's stage and learning rate from the progress events and passes every event on", () => {
    const seen: SynthforgeEvent[] = [];
    const recorder = recordTrainingProgress((event) => seen.push(event), ["general", "domain"]);
    for (const message of [
      progress(1, "general", 1e-5),
      progress(2, "general", 3e-5),
      progress(3, "domain", 2e-5),
      progress(4, null, null),
    ]) {
      recorder.events(toWorkerProgressEvent(message));
    }
    recorder.events({ type: "log", level: "info", message: "done" });
    expect(seen).toHaveLength(5);
    expect(
      recorder.annotate([
        { step: 1, loss: 2 },
        { step: 2, loss: 1.5 },
        { step: 3, loss: 1.2, validationLoss: 1.3 },
        { step: 4, loss: 1 },
        { step: 5, loss: 0.9 },
      ]),
    ).toEqual([
      { step: 1, loss: 2, stage: "general", learningRate: 1e-5 },
      { step: 2, loss: 1.5, stage: "general", learningRate: 3e-5 },
      { step: 3, loss: 1.2, validationLoss: 1.3, stage: "domain", learningRate: 2e-5 },
      { step: 4, loss: 1 },
      { step: 5, loss: 0.9 },
    ]);
  });

  it("knows a stage named train, which the progress event does not repeat", () => {
    const recorder = recordTrainingProgress(() => {}, ["train"]);
    recorder.events(toWorkerProgressEvent(progress(1, "train", 3e-5)));
    expect(recorder.annotate([{ step: 1, loss: 1 }])).toEqual([
      { step: 1, loss: 1, stage: "train", learningRate: 3e-5 },
    ]);
  });

  it("ignores progress of other worker jobs", () => {
    const recorder = recordTrainingProgress(() => {}, ["train"]);
    recorder.events({ type: "worker-progress", job: "evaluate", step: 1, values: { lr: 5 } });
    expect(recorder.annotate([{ step: 1, loss: 1 }])).toEqual([{ step: 1, loss: 1 }]);
  });
});
