import { mkdir, writeFile } from "node:fs/promises";
import path from "node:path";
import type { RunReport } from "./RunReport.js";
import { renderReportHtml } from "./renderReportHtml.js";

/** Writes `report.json` (every number) and `report.html` (self-contained) into `directory`. */
export async function writeReport(
  report: RunReport,
  directory: string,
): Promise<{ html: string; json: string }> {
  await mkdir(directory, { recursive: true });
  const json = path.join(directory, "report.json");
  const html = path.join(directory, "report.html");
  await writeFile(json, `${JSON.stringify(report, null, 2)}\n`);
  await writeFile(html, await renderReportHtml(report));
  return { html, json };
}
