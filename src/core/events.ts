/**
 * Everything a long-running job tells the outside world. Stages emit events; the CLI turns
 * them into a progress bar, plain log lines, or JSON lines (`--json`).
 */
export type SynthforgeEvent =
  | { type: "log"; level: "debug" | "info" | "warn"; message: string }
  | { type: "download"; what: string; receivedBytes: number; totalBytes: number | undefined; source: string }
  | { type: "task-start"; task: string; total: number | undefined; unit: string }
  | { type: "task-progress"; task: string; done: number; total: number | undefined; detail?: string }
  | { type: "task-end"; task: string; done: number }
  | { type: "run-start"; runId: string; recipe: string; target: number; alreadyAccepted: number }
  | { type: "round-start"; runId: string; round: number; slots: number }
  | {
      type: "record";
      runId: string;
      recordId: string;
      status: "accepted" | "rejected";
      reason?: string;
      outputTokens: number;
      accepted: number;
      target: number;
    }
  | { type: "round-end"; runId: string; round: number; summary: Record<string, number | string> }
  | { type: "run-end"; runId: string; summary: RunSummary }
  | { type: "metric"; name: string; value: number }
  | {
      type: "worker-progress";
      job: string;
      step: number;
      totalSteps?: number;
      values: Record<string, number>;
    };

/** The closing numbers of a generation run. */
export interface RunSummary {
  runId: string;
  accepted: number;
  rejected: number;
  rejectedByReason: Record<string, number>;
  inputTokens: number;
  /** Of inputTokens, those the model's prompt cache held and did not evaluate again (when it can tell). */
  cachedInputTokens?: number;
  outputTokens: number;
  modelCalls: number;
  /** What verification by the judge cost in this invocation (absent when the judge is off). */
  judge?: { calls: number; inputTokens: number; outputTokens: number; seconds: number };
  seconds: number;
  files: string[];
  /**
   * With `--worker`: this process's id, and whether it finished the run (hooks, gates, export)
   * or left that to another; the token counts above are then this worker's own.
   */
  worker?: { id: string; finishedRun: boolean };
}

/** Where events go. A no-op sink is fine for library use. */
export type EventSink = (event: SynthforgeEvent) => void;

export const ignoreEvents: EventSink = () => {};
