import path from "node:path";
import { writeFileAtomic } from "../../core/fs/writeFileAtomic.js";
import type { Store } from "../../store/Store.js";
import { formatRunCost, type RunCost, runCost } from "../cost/runCost.js";

/** What `report.json` of an image run holds. */
export interface ImageRunReport {
  kind: "image-classification";
  recipe: string;
  runId: string;
  generatedAt: string;
  target: number;
  accepted: number;
  rejected: number;
  rejectedByReason: Record<string, number>;
  perClass: Record<string, number>;
  /** Share of accepted images drawn over a real image of their class. */
  realBackgroundShare: number;
  /** Share of the accepted images whose defect is a pasted crop of a real image. */
  realCropShare: number;
  /** Seconds the worker spent drawing the accepted and rejected images. */
  renderSeconds: number;
  /** Up to six accepted images per class (record id and PNG, base64). */
  thumbnails: Record<string, { id: string; png: string }[]>;
  /** Students trained on the export and their evaluations on real images (store artifacts). */
  training: { name: string; value: unknown }[];
  evaluations: { name: string; value: unknown }[];
  /** Wall and CPU time of drawing and training, prices against labelling by hand. */
  cost: RunCost;
}

const THUMBNAILS = 6;

/** Builds an image run's report from the store: counts, duplicates, thumbnails, students. */
export function buildImageReport(store: Store, runId: string, recipeName: string): ImageRunReport {
  const run = store.getRun(runId);
  const counts = store.countRecords(runId);
  const perClass: Record<string, number> = {};
  const thumbnails: ImageRunReport["thumbnails"] = {};
  let real = 0;
  let cropped = 0;
  let renderSeconds = 0;
  const records = store.listRecords(runId);
  for (const record of records) {
    renderSeconds += record.provenance.timing.durationMs / 1000;
    if (record.status !== "accepted") continue;
    const label = String(record.data?.label);
    perClass[label] = (perClass[label] ?? 0) + 1;
    const generator = record.data?.generator as { background?: string; crop?: unknown } | undefined;
    if (generator?.background !== undefined && generator.background !== "procedural") real += 1;
    if (generator?.crop !== undefined) cropped += 1;
    thumbnails[label] ??= [];
    const shown = thumbnails[label];
    if (shown.length < THUMBNAILS) shown.push({ id: record.id, png: String(record.data?.image) });
  }
  const artifacts = store.listArtifacts(runId);
  return {
    kind: "image-classification",
    recipe: recipeName,
    runId,
    generatedAt: new Date().toISOString(),
    target: run?.target ?? 0,
    accepted: counts.accepted,
    rejected: counts.rejected,
    rejectedByReason: counts.rejectedByReason,
    perClass,
    realBackgroundShare: counts.accepted === 0 ? 0 : real / counts.accepted,
    realCropShare: counts.accepted === 0 ? 0 : cropped / counts.accepted,
    renderSeconds,
    thumbnails,
    training: artifacts
      .filter((artifact) => artifact.kind === "training-job")
      .map(({ name, value }) => ({ name, value })),
    evaluations: artifacts
      .filter((artifact) => artifact.kind === "evaluation")
      .map(({ name, value }) => ({ name, value })),
    cost: runCost(store, runId),
  };
}

const escapeHtml = (text: string) => text.replace(/[&<>"']/g, (character) => `&#${character.charCodeAt(0)};`);

/** The report as a standalone HTML page (thumbnails inline). */
export function renderImageReportHtml(report: ImageRunReport): string {
  const classes = Object.keys(report.perClass).sort();
  const rows = classes
    .map(
      (label) =>
        `<tr><th>${escapeHtml(label)}</th><td>${report.perClass[label]}</td><td>${(
          report.thumbnails[label] ?? []
        )
          .map(
            (thumb) =>
              `<img alt="${escapeHtml(thumb.id)}" title="${escapeHtml(thumb.id)}" width="96" height="96" src="data:image/png;base64,${thumb.png}">`,
          )
          .join(" ")}</td></tr>`,
    )
    .join("\n");
  const rejected = Object.entries(report.rejectedByReason)
    .map(([reason, count]) => `${escapeHtml(reason)}: ${count}`)
    .join(", ");
  const evaluations = report.evaluations
    .map(
      ({ name, value }) =>
        `<h3>${escapeHtml(name)}</h3><pre>${escapeHtml(JSON.stringify(value, null, 2))}</pre>`,
    )
    .join("\n");
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>${escapeHtml(report.recipe)}: image report</title>
<style>body{font-family:system-ui,sans-serif;margin:2em}td,th{padding:4px 8px;text-align:left;vertical-align:top}img{image-rendering:pixelated}</style>
</head><body>
<h1>${escapeHtml(report.recipe)}</h1>
<p>Run ${escapeHtml(report.runId)}: ${report.accepted} of ${report.target} images accepted, ${report.rejected} rejected${rejected ? ` (${rejected})` : ""}; ${(100 * report.realBackgroundShare).toFixed(0)}% drawn over a real background, ${(100 * report.realCropShare).toFixed(0)}% with a defect cropped from a real image; ${report.renderSeconds.toFixed(1)} s of drawing.</p>
<h2>Classes</h2>
<table><tr><th>class</th><th>images</th><th>first images</th></tr>
${rows}
</table>
${evaluations ? `<h2>Student on real images</h2>\n${evaluations}` : ""}
<h2>Cost</h2>
<pre>${escapeHtml(formatRunCost(report.cost).slice(1).join("\n"))}</pre>
</body></html>
`;
}

/** Writes `report.json` and `report.html` of an image run into `directory`. */
export async function writeImageReport(
  directory: string,
  report: ImageRunReport,
): Promise<{ json: string; html: string }> {
  const json = path.join(directory, "report.json");
  const html = path.join(directory, "report.html");
  await writeFileAtomic(json, `${JSON.stringify(report, null, 2)}\n`);
  await writeFileAtomic(html, renderImageReportHtml(report));
  return { json, html };
}
