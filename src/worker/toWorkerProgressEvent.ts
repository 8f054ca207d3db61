import type { SynthforgeEvent } from "../core/events.js";
import type { ProgressMessage } from "./protocol.js";

/** Turns a worker progress message into the `worker-progress` event the reporter renders. */
export function toWorkerProgressEvent(
  message: ProgressMessage,
): Extract<SynthforgeEvent, { type: "worker-progress" }> {
  const values: Record<string, number> = {};
  if (message.job === "train") values.epoch = Math.round(message.epoch * 100) / 100;
  if (message.loss !== null) values.loss = message.loss;
  if (message.validationLoss !== null) values["val loss"] = message.validationLoss;
  if (message.learningRate !== null) values.lr = message.learningRate;
  if (message.tokensPerSecond !== null) values["tok/s"] = Math.round(message.tokensPerSecond);
  if (message.etaSeconds !== null) values["eta s"] = Math.round(message.etaSeconds);
  return {
    type: "worker-progress",
    job: message.stage && message.stage !== message.job ? `${message.job} ${message.stage}` : message.job,
    step: message.step,
    totalSteps: message.totalSteps,
    values,
  };
}
