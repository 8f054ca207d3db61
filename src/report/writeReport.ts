import path from "node:path";
import { makeReplaceableFolder } from "../core/fs/replaceFolder.js";
import { writeFileAtomic } from "../core/fs/writeFileAtomic.js";
import type { RunReport } from "./RunReport.js";
import { renderReportHtml } from "./renderReportHtml.js";

/**
 * Writes `report.json` (every number) and `report.html` (self-contained) into `directory`, each
 * file atomically. A folder that does not exist yet is made the way an export makes its folder,
 * so the export that follows into it replaces its files in one step, keeping the report.
 */
export async function writeReport(
  report: RunReport,
  directory: string,
): Promise<{ html: string; json: string }> {
  await makeReplaceableFolder(directory);
  const json = path.join(directory, "report.json");
  const html = path.join(directory, "report.html");
  await writeFileAtomic(json, `${JSON.stringify(report, null, 2)}\n`);
  await writeFileAtomic(html, await renderReportHtml(report));
  return { html, json };
}
