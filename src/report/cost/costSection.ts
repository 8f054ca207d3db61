import { escapeHtml } from "../escapeHtml.js";
import { formatRunCost, type RunCost } from "./runCost.js";

/** The report's cost section (empty for a report of a file). */
export function costSection(cost: RunCost | undefined): string {
  if (cost === undefined) return "";
  return `<section id="cost"><h2>Cost</h2><pre>${escapeHtml(formatRunCost(cost).slice(1).join("\n"))}</pre></section>`;
}
