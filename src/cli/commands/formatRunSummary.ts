import path from "node:path";
import type { RunSummary } from "../../core/events.js";

/** The closing block of `synthforge run`: accepted and rejected records, tokens, time, files. */
export function formatRunSummary(summary: RunSummary, target: number): string {
  const reasons = Object.entries(summary.rejectedByReason)
    .sort(([, a], [, b]) => b - a)
    .map(([reason, count]) => `${reason} ${count}`)
    .join(", ");
  const rate = summary.seconds > 0 ? summary.outputTokens / summary.seconds : 0;
  const lines = [
    `Run ${summary.runId}`,
    `  accepted  ${summary.accepted} of ${target}`,
    `  rejected  ${summary.rejected}${reasons ? ` (${reasons})` : ""}`,
    `  tokens    ${summary.inputTokens} in, ${summary.outputTokens} out, ${summary.modelCalls} model calls (this invocation)`,
    `  time      ${formatSeconds(summary.seconds)}${summary.outputTokens > 0 ? `, ${rate.toFixed(1)} output tokens/s` : ""}`,
  ];
  if (summary.files.length > 0) {
    const directory = path.dirname(summary.files[0]!);
    lines.push(
      `  files     ${displayPath(directory)}/: ${summary.files.map((file) => path.basename(file)).join(", ")}`,
    );
  }
  return lines.join("\n");
}

function formatSeconds(seconds: number): string {
  if (seconds < 60) return `${seconds.toFixed(1)} s`;
  const minutes = Math.floor(seconds / 60);
  return `${minutes} min ${Math.round(seconds - minutes * 60)} s`;
}

function displayPath(directory: string): string {
  const relative = path.relative(process.cwd(), directory);
  return relative === "" ? "." : relative.startsWith("..") ? directory : relative;
}
