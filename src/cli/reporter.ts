import cliProgress from "cli-progress";
import type { EventSink, SynthforgeEvent } from "../core/events.js";

export type OutputMode = "pretty" | "plain" | "json" | "quiet";

export interface Reporter {
  sink: EventSink;
  /** Prints a final human-readable block (suppressed by --quiet and --json). */
  print(text: string): void;
  /** Stops any live progress bar; call before exiting. */
  close(): void;
}

/**
 * Renders events: a progress bar with rate and ETA on a terminal ("pretty"), plain
 * line logs otherwise, JSON lines for machines, or only warnings when quiet.
 */
export function createReporter(mode: OutputMode, stream: NodeJS.WriteStream = process.stderr): Reporter {
  let bar: cliProgress.SingleBar | undefined;
  let barTask: string | undefined;
  let lastPlainLine = 0;
  const stopBar = () => {
    bar?.stop();
    bar = undefined;
    barTask = undefined;
  };
  const write = (line: string) => {
    if (bar) bar.stop();
    stream.write(`${line}\n`);
    if (bar && barTask) startBar(barTask, bar.getTotal(), barUnit, bar.getProgress() * bar.getTotal());
  };
  let barUnit = "";
  const startBar = (task: string, total: number, unit = "", value = 0) => {
    barUnit = unit;
    const units = unit === "" ? "" : ` ${unit}`;
    bar = new cliProgress.SingleBar(
      {
        format: `${task} [{bar}] {value}/{total}${units} {percentage}% | {rate}${units}/s | ETA {eta_formatted} {detail}`,
        stream,
        hideCursor: true,
        etaBuffer: 50,
        fps: 5,
      },
      cliProgress.Presets.shades_classic,
    );
    barTask = task;
    bar.start(total, value, { rate: "0.0", detail: "" });
  };
  const started = new Map<string, number>();
  const rateOf = (task: string, done: number): string => {
    const seconds = (Date.now() - (started.get(task) ?? Date.now())) / 1000;
    return seconds > 0 ? (done / seconds).toFixed(1) : "0.0";
  };

  const sink: EventSink = (event: SynthforgeEvent) => {
    if (mode === "json") {
      process.stdout.write(`${JSON.stringify(event)}\n`);
      return;
    }
    if (mode === "quiet") {
      if (event.type === "log" && event.level === "warn") stream.write(`warning: ${event.message}\n`);
      return;
    }
    switch (event.type) {
      case "log":
        if (event.level !== "debug")
          write(event.level === "warn" ? `warning: ${event.message}` : event.message);
        return;
      case "task-start":
        started.set(event.task, Date.now());
        if (mode === "pretty" && event.total !== undefined) startBar(event.task, event.total, event.unit);
        else
          write(
            `${event.task}: started${event.total === undefined ? "" : ` (${event.total} ${event.unit})`}`,
          );
        return;
      case "task-progress": {
        const rate = rateOf(event.task, event.done);
        if (mode === "pretty" && bar && barTask === event.task) {
          if (event.total !== undefined && event.total !== bar.getTotal()) bar.setTotal(event.total);
          bar.update(event.done, { rate, detail: event.detail ?? "" });
        } else if (Date.now() - lastPlainLine > 2000 || event.done === event.total) {
          lastPlainLine = Date.now();
          const total = event.total === undefined ? "" : `/${event.total}`;
          write(`${event.task}: ${event.done}${total} (${rate}/s)${event.detail ? ` ${event.detail}` : ""}`);
        }
        return;
      }
      case "task-end":
        if (barTask === event.task) stopBar();
        write(`${event.task}: done (${event.done})`);
        return;
      case "download": {
        const task = `download ${event.what}`;
        if (!started.has(task)) {
          started.set(task, Date.now());
          if (mode === "pretty" && event.totalBytes) startBar(task, Math.round(event.totalBytes / 1e6), "MB");
          else write(`${task} from ${event.source}`);
        }
        const mb = Math.round(event.receivedBytes / 1e6);
        if (bar && barTask === task) {
          bar.update(mb, { rate: rateOf(task, event.receivedBytes / 1e6), detail: "" });
          if (event.totalBytes !== undefined && event.receivedBytes >= event.totalBytes) stopBar();
        } else if (Date.now() - lastPlainLine > 2000) {
          lastPlainLine = Date.now();
          write(`${task}: ${mb}${event.totalBytes ? `/${Math.round(event.totalBytes / 1e6)}` : ""} MB`);
        }
        return;
      }
      case "run-start":
        write(
          `run ${event.runId}, target ${event.target} records${event.alreadyAccepted ? `, ${event.alreadyAccepted} already accepted (resuming)` : ""}`,
        );
        return;
      case "round-start":
        write(`round ${event.round}: ${event.slots} slots to fill`);
        return;
      case "round-end":
        write(
          `round ${event.round} done: ${Object.entries(event.summary)
            .map(([key, value]) => `${key} ${value}`)
            .join(", ")}`,
        );
        return;
      case "worker-progress":
        if (mode === "pretty" && bar && barTask === event.job) {
          bar.update(event.step, { rate: "", detail: formatValues(event.values) });
        } else if (Date.now() - lastPlainLine > 2000) {
          lastPlainLine = Date.now();
          write(
            `${event.job}: step ${event.step}${event.totalSteps ? `/${event.totalSteps}` : ""} ${formatValues(event.values)}`,
          );
        }
        return;
      default:
        return;
    }
  };
  return {
    sink,
    print(text) {
      if (mode === "json" || mode === "quiet") return;
      stopBar();
      process.stdout.write(`${text}\n`);
    },
    close: stopBar,
  };
}

function formatValues(values: Record<string, number>): string {
  return Object.entries(values)
    .map(([key, value]) => {
      if (key === "eta s") return `ETA ${formatDuration(value)}`;
      if (key === "lr") return `lr ${value.toExponential(1)}`;
      return `${key} ${Number.isInteger(value) ? value : Number(value.toPrecision(4))}`;
    })
    .join(" ");
}

function formatDuration(seconds: number): string {
  const whole = Math.max(0, Math.round(seconds));
  if (whole < 60) return `${whole}s`;
  const minutes = Math.floor(whole / 60);
  if (minutes < 60) return `${minutes}m${String(whole % 60).padStart(2, "0")}s`;
  return `${Math.floor(minutes / 60)}h${String(minutes % 60).padStart(2, "0")}m`;
}
