import path from "node:path";
import type { Command } from "commander";
import { z } from "zod";
import { UsageError } from "../../core/errors/UsageError.js";
import { loadRecipe } from "../../core/recipe/loadRecipe.js";
import { checkExportFolder } from "../../export/exportRun.js";
import { type AnnotateSummary, annotateRecipe } from "../../pipeline/annotate/annotateRecipe.js";
import { prepareAnnotation } from "../../pipeline/annotate/prepareAnnotation.js";
import { defaultStorePath, openStore } from "../../store/openStore.js";
import type { CliContext } from "../context.js";

const annotateFlagsSchema = z.object({
  store: z.string().optional(),
  out: z.string().optional(),
  gates: z.boolean().default(true),
});

/** `synthforge annotate <recipe>`: label the rows of the recipe's `input` file, 2 of 3 votes each. */
export function registerAnnotateCommand(program: Command, context: CliContext): void {
  program
    .command("annotate")
    .description(
      "Annotate your own file (the recipe's input section): each row voted on k times, confirmed or disputed; rerunning continues where it stopped.",
    )
    .argument("<recipe>", "recipe YAML file with an input section")
    .option("--store <file>", "SQLite store file (default: .synthforge/store.sqlite)")
    .option("--out <dir>", "output folder (default: the recipe's export.dir, else out/<name>)")
    .option("--no-gates", "write the output but do not fail when the confirmed share is under its gate")
    .action(async (file: string, rawFlags: unknown) => {
      const parsed = annotateFlagsSchema.safeParse(rawFlags);
      if (!parsed.success)
        throw new UsageError(
          `--${String(parsed.error.issues[0]!.path[0])}: ${parsed.error.issues[0]!.message}.`,
        );
      const flags = parsed.data;
      const loaded = await loadRecipe(file);
      // The recipe, the input file and the output folder are checked before the store is opened.
      const prepared = await prepareAnnotation(loaded);
      await checkExportFolder(loaded.recipe, flags.out);
      const storeFile = flags.store ?? defaultStorePath();
      const store = openStore(storeFile);
      let summary: AnnotateSummary | undefined;
      try {
        summary = await annotateRecipe(loaded, {
          store,
          prepared,
          config: context.config,
          events: context.reporter.sink,
          signal: context.signal,
          enforceGates: false,
          ...(flags.out === undefined ? {} : { outDir: flags.out }),
        });
      } finally {
        store.close();
      }
      context.reporter.print(formatAnnotateSummary(summary, prepared.file, storeFile, file));
      if (flags.gates) {
        const { assertGates } = await import("../../quality/gates/assertGates.js");
        assertGates(summary.gates);
      }
    });
}

function percent(value: number): string {
  return `${(value * 100).toFixed(1)}%`;
}

/** The closing block: rows by status, agreement, kappa, speed, files. */
export function formatAnnotateSummary(
  summary: AnnotateSummary,
  input: string,
  store: string,
  recipeFile = "<recipe>",
): string {
  const s = summary.statistics;
  const kappa = s.kappa.kappa === undefined ? "–" : s.kappa.kappa.toFixed(3);
  const perLabel = Object.entries(s.kappa.categories)
    .map(([label, entry]) => `${label} ${entry.kappa === undefined ? "–" : entry.kappa.toFixed(3)}`)
    .join(", ");
  const relative = (file: string) => {
    const shown = path.relative(process.cwd(), file);
    return shown.startsWith("..") ? file : shown;
  };
  const lines = [
    `Annotation ${summary.runId} of ${input}`,
    `  rows       ${s.rows}: ${s.confirmed} confirmed, ${s.disputed} disputed, ${s.reviewed} settled by review, ${s.failed} failed`,
    `  confirmed  ${percent(s.confirmedShare.value)} (95% CI ${percent(s.confirmedShare.lower)}–${percent(s.confirmedShare.upper)}), ${s.minimumAgreement} of ${s.votes} votes`,
    `  agreement  ${percent(s.agreementRate)} of votes with the majority; Fleiss' kappa ${kappa}${perLabel ? ` (${perLabel})` : ""}`,
  ];
  if (s.vacuous) {
    lines.push(
      `  note       with ${Object.keys(s.kappa.categories).length} labels, ${s.minimumAgreement} of ${s.votes} votes always agree: set judge.minimumAgreement: ${s.votes} for a vote that can dispute`,
    );
  }
  if (summary.annotatedNow > 0) {
    lines.push(
      `  time       ${summary.annotatedNow} rows in ${summary.seconds.toFixed(1)} s, ${(summary.annotatedNow / summary.seconds).toFixed(2)} rows/s (this invocation)`,
    );
  }
  for (const gate of summary.gates) {
    lines.push(
      `  gate       ${gate.gate} ${gate.value === undefined ? "not measured" : percent(gate.value)} (needs ${gate.comparison} ${percent(gate.threshold)}): ${gate.status}`,
    );
  }
  lines.push(`  output     ${relative(summary.annotatedFile)}`);
  lines.push(`  report     ${relative(summary.report)}`);
  lines.push(`  store      ${store}`);
  if (s.disputed > 0) {
    lines.push(
      `  review     \`synthforge review sample ${recipeFile}\` (or \`review serve\`) serves the ${s.disputed} disputed rows first`,
    );
  }
  return lines.join("\n");
}
