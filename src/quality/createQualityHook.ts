import type { RoundHook } from "../pipeline/RoundHook.js";
import { assertGates } from "./gates/assertGates.js";
import type { ReferenceCorpus } from "./ReferenceCorpus.js";
import { runQualityChecks } from "./runQualityChecks.js";

/** Settings of the quality round hook. */
export interface QualityHookOptions {
  /** Reference corpus already read; otherwise the recipe's `quality.reference` is read once per round. */
  reference?: ReferenceCorpus;
  /** Throw GateFailedError when a gate fails after a round [true]. */
  enforceGates?: boolean;
}

/**
 * The quality stage as a round hook for `runRecipe`: after each round it runs
 * `runQualityChecks` (records it rejects re-open their slots for the next round), adds the
 * main numbers to the round summary, and fails the run with GateFailedError when a gate fails.
 */
export function createQualityHook(options: QualityHookOptions = {}): RoundHook {
  return {
    name: "quality",
    async afterRound(context) {
      const { report, rejected } = await runQualityChecks({
        store: context.store,
        runId: context.runId,
        recipe: context.loaded.recipe,
        directory: context.loaded.directory,
        reference: options.reference,
        round: context.round,
        events: context.events,
      });
      context.summary["quality rejected"] = rejected.length;
      context.summary.entropy = Number(report.metrics.diversity.entropy.toFixed(3));
      if (report.adversarial) context.summary["adversarial AUC"] = Number(report.adversarial.auc.toFixed(3));
      for (const warning of report.warnings) context.events({ type: "log", level: "warn", message: warning });
      if (options.enforceGates ?? true) assertGates(report.gates);
    },
  };
}
