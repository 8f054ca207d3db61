import path from "node:path";
import type { RunSummary } from "../../core/events.js";
import { reasonCode } from "../../quality/recordExamples.js";

/** Where the run's other outputs are, for the closing block. */
export interface RunLocations {
  /** The quality report (report.html), when one was written. */
  report?: string;
  /** The store holding every record and its provenance: a SQLite file, or a postgres:// URL (shown as it is). */
  store?: string;
}

/** The closing block of `synthforge run`: accepted and rejected records, tokens, time, files. */
export function formatRunSummary(summary: RunSummary, target: number, locations: RunLocations = {}): string {
  // Grouped by reason code: "duplicate: same text as rec_…" of each record counts as one "duplicate".
  const byCode = new Map<string, number>();
  for (const [reason, count] of Object.entries(summary.rejectedByReason)) {
    const code = reasonCode(reason);
    byCode.set(code, (byCode.get(code) ?? 0) + count);
  }
  const reasons = [...byCode]
    .sort(([, a], [, b]) => b - a)
    .map(([reason, count]) => `${reason} ${count}`)
    .join(", ");
  const rate = summary.seconds > 0 ? summary.outputTokens / summary.seconds : 0;
  const lines = [
    `Run ${summary.runId}`,
    `  accepted  ${summary.accepted} of ${target}`,
    `  rejected  ${summary.rejected}${reasons ? ` (${reasons})` : ""}`,
    `  tokens    ${summary.inputTokens} in${summary.cachedInputTokens === undefined ? "" : ` (${summary.cachedInputTokens} of them from the prompt cache, not evaluated again)`}, ${summary.outputTokens} out, ${summary.modelCalls} model calls (this invocation)`,
    `  time      ${formatSeconds(summary.seconds)}${summary.outputTokens > 0 ? `, ${rate.toFixed(1)} output tokens/s` : ""}`,
  ];
  if (summary.judge) {
    const { calls, inputTokens, outputTokens, seconds } = summary.judge;
    lines.push(
      `  judge     ${calls} calls, ${inputTokens} in, ${outputTokens} out, ${formatSeconds(seconds)} of slot time (summed over the slots generating in parallel)`,
    );
  }
  if (summary.files.length > 0) {
    const directory = path.dirname(summary.files[0]!);
    lines.push(`  files     ${displayPath(directory)}/`);
    lines.push(
      ...wrapList(summary.files.map((file) => path.basename(file))).map((line) => `            ${line}`),
    );
  }
  if (locations.report !== undefined) lines.push(`  report    ${displayPath(locations.report)}`);
  if (locations.store !== undefined)
    lines.push(
      `  store     ${/^[a-z]+:\/\//i.test(locations.store) ? locations.store : displayPath(locations.store)} (every record with its provenance)`,
    );
  return lines.join("\n");
}

/** Comma-separated names in lines of at most about 70 characters. */
function wrapList(names: string[]): string[] {
  const lines: string[] = [];
  let line = "";
  for (const name of names) {
    const next = line === "" ? name : `${line}, ${name}`;
    if (next.length > 70 && line !== "") {
      lines.push(`${line},`);
      line = name;
    } else {
      line = next;
    }
  }
  if (line !== "") lines.push(line);
  return lines;
}

function formatSeconds(seconds: number): string {
  if (seconds < 60) return `${seconds.toFixed(1)} s`;
  const minutes = Math.floor(seconds / 60);
  return `${minutes} min ${Math.round(seconds - minutes * 60)} s`;
}

function displayPath(target: string): string {
  const relative = path.relative(process.cwd(), target);
  return relative === "" ? "." : relative.startsWith("..") ? target : relative;
}
