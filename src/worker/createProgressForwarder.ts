import type { EventSink } from "../core/events.js";
import type { ProgressMessage } from "./protocol.js";
import { toWorkerProgressEvent } from "./toWorkerProgressEvent.js";

/** Turns a worker's progress messages into task-start / worker-progress / task-end events. */
export interface ProgressForwarder {
  progress(message: ProgressMessage): void;
  /** Ends the task in progress, if any (on a result or an error). */
  finish(): void;
}

/** One progress bar per job and stage: a new stage ends the previous bar and starts its own. */
export function createProgressForwarder(events: EventSink): ProgressForwarder {
  let current: string | undefined;
  let lastStep = 0;
  const finish = () => {
    if (current !== undefined) events({ type: "task-end", task: current, done: lastStep });
    current = undefined;
  };
  return {
    progress(message) {
      const event = toWorkerProgressEvent(message);
      if (current !== event.job) {
        finish();
        current = event.job;
        events({ type: "task-start", task: event.job, total: event.totalSteps, unit: "steps" });
      }
      lastStep = event.step;
      events(event);
    },
    finish,
  };
}
