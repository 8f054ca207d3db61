import path from "node:path";
import type { Command } from "commander";
import { z } from "zod";
import { InputFileError } from "../../core/errors/InputFileError.js";
import { UsageError } from "../../core/errors/UsageError.js";
import { readInputFile } from "../../core/fs/readInputFile.js";
import { writeFileAtomic } from "../../core/fs/writeFileAtomic.js";
import { labelsOf } from "../../core/recipe/labelsOf.js";
import { loadRecipe } from "../../core/recipe/loadRecipe.js";
import { spotCheckStatistics } from "../../quality/metrics/spotCheckStatistics.js";
import { humanLabelCheck } from "../../review/annotationChecks.js";
import { formatSpotCheckSample } from "../../review/formatSpotCheckSample.js";
import { parseReviewFile } from "../../review/parseReviewFile.js";
import {
  buildPreferencePairs,
  formatLlamaFactoryPairs,
  formatTrlPairs,
} from "../../review/preferencePairs.js";
import { drawRunSample, ensureSpotCheckSample } from "../../review/spotCheckSample.js";
import { defaultStorePath, openStore } from "../../store/openStore.js";
import { spotCheckArtifactName } from "../../store/spotCheckArtifactName.js";
import type { CliContext } from "../context.js";
import { listenFailure } from "../listenFailure.js";
import { parseFlags } from "../parseFlags.js";
import { findQualityRun } from "./check.js";

const sampleFlagsSchema = z.object({
  run: z.string().optional(),
  store: z.string().optional(),
  out: z.string().optional(),
  format: z.enum(["jsonl", "csv"]).optional(),
});
const importFlagsSchema = z.object({ run: z.string().optional(), store: z.string().optional() });
const pairsFlagsSchema = z.object({
  run: z.string().optional(),
  store: z.string().optional(),
  out: z.string().min(1).default("preference-pairs.jsonl"),
  llamafactory: z.string().min(1).optional(),
});
const serveFlagsSchema = z.object({
  run: z.string().optional(),
  store: z.string().optional(),
  host: z.string().min(1, "an address to listen on, e.g. 127.0.0.1"),
  port: z
    .string()
    .regex(/^\d+$/, "a port number between 0 and 65535")
    .transform(Number)
    .pipe(z.number().max(65_535, "a port number between 0 and 65535")),
  token: z.string().min(16, "a token of at least 16 characters").optional(),
  first: z.string().min(1, "a file of record ids, one a line").optional(),
});

/** Record ids, one a line (blank lines and `#` comments skipped), each a record of the run. */
async function readRecordIds(file: string, known: ReadonlySet<string>, runId: string): Promise<string[]> {
  const ids: string[] = [];
  (await readInputFile(file)).split(/\r?\n/).forEach((line, index) => {
    const id = line.trim();
    if (id === "" || id.startsWith("#")) return;
    if (!known.has(id))
      throw new InputFileError(file, index + 1, `record id "${id}" is not a record of run ${runId}`);
    ids.push(id);
  });
  return ids;
}

function text(value: unknown): string | undefined {
  return typeof value === "string"
    ? value
    : typeof value === "number" || typeof value === "boolean"
      ? String(value)
      : undefined;
}

/** `synthforge review sample|import`: the human spot-check, through files until the review app exists. */
export function registerReviewCommand(program: Command, context: CliContext): void {
  const review = program
    .command("review")
    .description("Human spot-check of a run: write a stratified sample, import the verdicts.");
  review
    .command("sample")
    .description(
      "Draw the seeded, stratified spot-check sample of accepted records and write it for reviewers.",
    )
    .argument("[recipe]", "recipe whose run to sample (default: the latest run)")
    .option("--run <id>", "run id (or its start)")
    .option("--store <file>", "SQLite store file (default: .synthforge/store.sqlite)")
    .option("--out <file>", "review file to write (.jsonl or .csv; default: review-sample.jsonl)")
    .option("--format <format>", "jsonl or csv (default: from the file name)")
    .action(async (file: string | undefined, rawFlags: unknown) => {
      const parsed = sampleFlagsSchema.safeParse(rawFlags);
      if (!parsed.success) throw new UsageError("--format: expected jsonl or csv.");
      const flags = parsed.data;
      const out = flags.out ?? (flags.format === "csv" ? "review-sample.csv" : "review-sample.jsonl");
      const format = flags.format ?? (/\.csv$/i.test(out) ? "csv" : "jsonl");
      const loaded = file === undefined ? undefined : await loadRecipe(file);
      const storeFile = flags.store ?? defaultStorePath();
      const store = openStore(storeFile, { mode: "existing" });
      try {
        const { run, recipe } = findQualityRun(store, storeFile, flags.run, loaded);
        const accepted = store.listRecords(run.id, { status: "accepted" });
        const labelField = recipe.output.labelField;
        const lines = accepted.map((record) => ({
          id: record.id,
          text: text(record.data?.[recipe.output.textField]) ?? JSON.stringify(record.data),
          label: labelField ? text(record.data?.[labelField]) : undefined,
          cell: record.provenance.cell,
        }));
        // An annotation run's disputed rows first, then the stratified sample of the rest.
        const ids = drawRunSample(accepted, recipe);
        const byId = new Map(lines.map((line) => [line.id, line]));
        // The file first: a file that cannot be written leaves the store as it was.
        await writeFileAtomic(
          out,
          formatSpotCheckSample(
            ids.map((id) => byId.get(id)!),
            format,
          ),
        );
        store.putArtifact(run.id, "spot-check-sample", spotCheckArtifactName, {
          ids,
          settings: recipe.review,
          drawnAt: new Date().toISOString(),
          accepted: accepted.length,
        });
        context.reporter.print(
          `Wrote ${ids.length} of ${accepted.length} accepted records of run ${run.id} (seed ${recipe.review.seed}) to ${out}. Fill in "verdict" (correct or wrong) and a "reason" for wrong ones, then run \`synthforge review import ${out}\`.`,
        );
      } finally {
        store.close();
      }
    });
  review
    .command("import")
    .description(
      "Import reviewer verdicts (JSONL or CSV with id, verdict, reason); every line is checked before anything is stored.",
    )
    .argument("<file>", "review file")
    .option("--run <id>", "run id (or its start)")
    .option("--store <file>", "SQLite store file (default: .synthforge/store.sqlite)")
    .action(async (file: string, rawFlags: unknown) => {
      const flags = importFlagsSchema.parse(rawFlags);
      const content = await readInputFile(file);
      const storeFile = flags.store ?? defaultStorePath();
      const store = openStore(storeFile, { mode: "existing" });
      try {
        const { run, recipe } = findQualityRun(store, storeFile, flags.run, undefined);
        const records = new Map(store.listRecords(run.id).map((record) => [record.id, record]));
        const sample = store
          .listArtifacts(run.id, "spot-check-sample")
          .find((artifact) => artifact.name === spotCheckArtifactName)?.value as
          | { ids?: string[] }
          | undefined;
        const sampled = new Set(sample?.ids ?? []);
        const runName = flags.run === undefined ? `${run.id} (the latest in ${storeFile})` : run.id;
        const which = `run ${runName}`;
        // Only records drawn for the spot-check, and still accepted, take a verdict: any other
        // verdict would skew the error rate the gate reads.
        const refuse = (id: string): string | undefined => {
          const record = records.get(id);
          if (record?.status === "rejected") {
            return `was rejected${record.reason ? ` (${record.reason})` : ""}, so it takes no verdict; expected ids of the spot-check sample of ${which}`;
          }
          if (sample === undefined) {
            return `was never drawn for review: ${which} has no spot-check sample yet; run \`synthforge review sample\` first`;
          }
          if (!sampled.has(id)) {
            return `was never drawn for review; expected ids of the spot-check sample of ${which}, as \`synthforge review sample\` wrote them`;
          }
          return undefined;
        };
        // On an annotation run, a row marked wrong gives its right label, which the output then carries.
        const annotation = recipe.input !== undefined && recipe.output.labelField !== undefined;
        const { reviews, unreviewed, labels } = parseReviewFile(
          file,
          content,
          new Set(records.keys()),
          new Date().toISOString(),
          { refuse, runId: runName, ...(annotation ? { labelChoices: labelsOf(recipe) } : {}) },
        );
        store.transaction(() => {
          store.putReviews(run.id, reviews);
          store.putDecisions(
            run.id,
            [...labels].map(([recordId, label]) => ({
              recordId,
              check: humanLabelCheck,
              decision: "pass" as const,
              details: { label },
            })),
          );
        });
        const statistics = spotCheckStatistics(
          store.listReviews(run.id),
          sample?.ids,
          recipe.quality.gates.spotCheckErrorRate ?? undefined,
        );
        if (statistics.warning)
          context.reporter.sink({ type: "log", level: "warn", message: statistics.warning });
        const rate = statistics.errorRate;
        context.reporter.print(
          `Imported ${reviews.length} reviews into ${which}${unreviewed > 0 ? ` (${unreviewed} lines not reviewed yet)` : ""}. Error rate ${(rate.value * 100).toFixed(1)}% (${statistics.wrong} wrong of ${statistics.reviewed}), Wilson 95% interval [${(rate.lower * 100).toFixed(1)}%, ${(rate.upper * 100).toFixed(1)}%].`,
        );
      } finally {
        store.close();
      }
    });
  review
    .command("serve")
    .description(
      "Review the spot-check sample in the browser: a local web app over the run's store (verdicts, fixes, undo, live statistics).",
    )
    .argument("[recipe]", "recipe whose run to review (default: the latest run)")
    .option("--run <id>", "run id (or its start)")
    .option("--store <file>", "SQLite store file (default: .synthforge/store.sqlite)")
    .option("--host <address>", "address to listen on; any but loopback requires a token", "127.0.0.1")
    .option("--port <n>", "TCP port (0 picks a free one)", "8787")
    .option(
      "--token <token>",
      "token reviewers must have (default off loopback: a random one, printed in the URL)",
    )
    .option("--first <file>", "record ids to review before the sample, one a line (e.g. a disputed queue)")
    .action(async (file: string | undefined, rawFlags: unknown) => {
      const flags = parseFlags(serveFlagsSchema, rawFlags);
      const loaded = file === undefined ? undefined : await loadRecipe(file);
      const storeFile = flags.store ?? defaultStorePath();
      const store = openStore(storeFile, { mode: "existing" });
      try {
        const { run, recipe } = findQualityRun(store, storeFile, flags.run, loaded);
        const first =
          flags.first === undefined
            ? undefined
            : await readRecordIds(
                flags.first,
                new Set(store.listRecords(run.id).map((record) => record.id)),
                run.id,
              );
        const { sample, drawn, replaced } = ensureSpotCheckSample(store, run.id, recipe);
        const { startReviewServer } = await import("../../web/startReviewServer.js");
        const server = await startReviewServer({
          store,
          runId: run.id,
          recipe,
          host: flags.host,
          port: flags.port,
          ...(flags.token === undefined ? {} : { token: flags.token }),
          ...(first === undefined ? {} : { first }),
        }).catch((error: unknown) => {
          throw listenFailure(error, flags.host, flags.port);
        });
        const what = drawn
          ? `drew the spot-check sample (${sample.ids.length} records, seed ${recipe.review.seed})`
          : replaced > 0
            ? `replaced ${replaced} regenerated records of the sample with their slots' new ones`
            : `${sample.ids.length} records in the sample`;
        context.reporter.print(
          `Reviewing run ${run.id}: ${what}${first?.length ? `, ${first.length} record${first.length === 1 ? "" : "s"} first` : ""}. Open ${server.url}${server.token === undefined ? "" : " (the token in it is required; share it only with reviewers)"}. Ctrl-C stops.`,
        );
        if (!context.signal.aborted) {
          await new Promise<void>((resolve) =>
            context.signal.addEventListener("abort", () => resolve(), { once: true }),
          );
        }
        await server.close();
      } finally {
        store.close();
      }
    });
  review
    .command("pairs")
    .description(
      "Export the review as DPO preference pairs (chosen = fixed or confirmed, rejected = the wrong original) for TRL, LLaMA-Factory and `synthforge train --method dpo`.",
    )
    .argument("[recipe]", "recipe whose run to export (default: the latest run)")
    .option("--run <id>", "run id (or its start)")
    .option("--store <file>", "SQLite store file (default: .synthforge/store.sqlite)")
    .option("--out <file>", "JSONL in TRL's conversational preference format", "preference-pairs.jsonl")
    .option(
      "--llamafactory <dir>",
      "also write the pairs and a dataset_info.json for LLaMA-Factory into this folder",
    )
    .action(async (file: string | undefined, rawFlags: unknown) => {
      const flags = pairsFlagsSchema.parse(rawFlags);
      const loaded = file === undefined ? undefined : await loadRecipe(file);
      const storeFile = flags.store ?? defaultStorePath();
      const store = openStore(storeFile, { mode: "existing" });
      try {
        const { run, recipe } = findQualityRun(store, storeFile, flags.run, loaded);
        const { pairs, skipped } = buildPreferencePairs(
          store.listRecords(run.id),
          store.listReviews(run.id),
          recipe,
        );
        if (pairs.length === 0) {
          throw new UsageError(
            `Run ${run.id} has no preference pairs: ${skipped.length > 0 ? `${skipped.length} records marked wrong have neither a fix nor a confirmed record of their condition` : "no record was marked wrong"}; review it first (\`synthforge review serve\`).`,
          );
        }
        await writeFileAtomic(flags.out, formatTrlPairs(pairs));
        if (flags.llamafactory !== undefined) {
          const name = "synthforge_preference_pairs";
          const { data, datasetInfo } = formatLlamaFactoryPairs(pairs, `${name}.jsonl`, name);
          await writeFileAtomic(path.join(flags.llamafactory, `${name}.jsonl`), data);
          await writeFileAtomic(path.join(flags.llamafactory, "dataset_info.json"), datasetInfo);
        }
        const fixed = pairs.filter((pair) => pair.source === "fixed").length;
        context.reporter.print(
          `Wrote ${pairs.length} preference pairs of run ${run.id} to ${flags.out} (${fixed} with the reviewer's fix as chosen, ${pairs.length - fixed} with a confirmed record of the same condition)${skipped.length > 0 ? `; ${skipped.length} wrong records had neither and were left out` : ""}${flags.llamafactory === undefined ? "" : `; LLaMA-Factory files in ${flags.llamafactory}`}. Train on them with \`synthforge train --method dpo --data ${flags.out}\`.`,
        );
      } finally {
        store.close();
      }
    });
}
