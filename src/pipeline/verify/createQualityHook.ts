import path from "node:path";
import { assertGates } from "../../quality/gates/assertGates.js";
import type { QualityReport } from "../../quality/QualityReport.js";
import type { ReferenceCorpus } from "../../quality/ReferenceCorpus.js";
import { runQualityChecks } from "../../quality/runQualityChecks.js";
import { withTraining } from "../../report/withTraining.js";
import { writeReport } from "../../report/writeReport.js";
import type { RoundHook } from "../run/RoundHook.js";
import { fieldSpecsOf } from "./fieldSpecsOf.js";

/** Settings of the quality round hook. */
export interface QualityHookOptions {
  /** Reference corpus already read; otherwise the recipe's `quality.reference` is read once per round. */
  reference?: ReferenceCorpus;
  /**
   * Throw GateFailedError when a gate fails [true]. Gates are enforced after the round that
   * reaches the target; after earlier rounds a failed gate is a warning, since the next round
   * regenerates the slots of rejected records.
   */
  enforceGates?: boolean;
  /**
   * Folder `report.html` and `report.json` are written to after each round: the export folder
   * [recipe `export.dir`, else `out/<recipe name>`], relative to `cwd`. `false` writes no files.
   */
  reportDirectory?: string | false;
  /** Folder a relative report folder resolves against [process.cwd()]. */
  cwd?: string;
  /** Called with each round's report (after it is stored and written). */
  onReport?: (report: QualityReport, files: { html: string; json: string } | undefined) => void;
}

/**
 * The quality stage as a round hook for `runRecipe`: after each round it runs
 * `runQualityChecks` (records it rejects re-open their slots for the next round), writes
 * report.html/report.json next to the export, adds the main numbers to the round summary, and
 * fails the run with GateFailedError when a gate still fails once the target is reached.
 */
export function createQualityHook(options: QualityHookOptions = {}): RoundHook {
  return {
    name: "quality",
    async afterRound(context) {
      const { recipe } = context.loaded;
      const { report, rejected } = await runQualityChecks({
        store: context.store,
        runId: context.runId,
        recipe,
        fields: fieldSpecsOf(recipe),
        directory: context.loaded.directory,
        reference: options.reference,
        round: context.round,
        events: context.events,
        signal: context.signal,
      });
      const files =
        options.reportDirectory === false
          ? undefined
          : await writeReport(
              withTraining(report, context.store),
              path.resolve(
                options.cwd ?? process.cwd(),
                options.reportDirectory ?? recipe.export.dir ?? path.join("out", recipe.name),
              ),
            );
      options.onReport?.(report, files);
      context.summary["quality rejected"] = rejected.length;
      context.summary.entropy = Number(report.metrics.diversity.entropy.toFixed(3));
      if (report.adversarial) context.summary["adversarial AUC"] = Number(report.adversarial.auc.toFixed(3));
      if (files) context.summary.report = files.html;
      for (const warning of report.warnings) context.events({ type: "log", level: "warn", message: warning });
      if (!(options.enforceGates ?? true)) return;
      const failed = report.gates.filter((gate) => gate.status === "fail");
      if (failed.length === 0) return;
      const targetReached = context.store.countRecords(context.runId).accepted >= recipe.plan.count;
      if (targetReached) assertGates(report.gates);
      context.events({
        type: "log",
        level: "warn",
        message: `After round ${context.round} the ${failed.map((gate) => gate.gate).join(", ")} gate${failed.length === 1 ? "" : "s"} fail${failed.length === 1 ? "s" : ""}; the next round regenerates the rejected records' slots.`,
      });
    },
  };
}
