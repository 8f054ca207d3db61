import { parseRecipe } from "../../src/core/recipe/loadRecipe.js";
import type { GeneratedRecord } from "../../src/core/record.js";
import { recipeForStore } from "../../src/pipeline/run/recipeForStore.js";
import { runIdFor } from "../../src/pipeline/run/runIdFor.js";
import { openStore } from "../../src/store/openStore.js";
import { labelledRecipeHead } from "./labelledRecipe.js";

/** A small labelled recipe whose run `fillStore` writes. */
export const filledRecipeText = `${labelledRecipeHead("reviews", 40, "Short product reviews labelled by sentiment.")}template:
  prompt: Write a {{ label }} review.
export:
  formats: [jsonl, openai]
  split: { train: 0.8, validation: 0.1, test: 0.1 }
`;

export interface FillStoreOptions {
  /** Recipe text [filledRecipeText]; its file name is used for messages and the run id. */
  recipe?: string;
  recipeFile?: string;
  /** Accepted records [40]. */
  accepted?: number;
  /** Rejected records, after the accepted ones [4]. */
  rejected?: number;
}

/**
 * Writes a completed run of a recipe into the store at `storeFile` (created when absent)
 * without any model: records come straight from their slot index, as a real run would have
 * stored them. Returns the run id.
 */
export function fillStore(storeFile: string, options: FillStoreOptions = {}): string {
  const loaded = parseRecipe(options.recipe ?? filledRecipeText, options.recipeFile ?? "recipe.yaml");
  const runId = runIdFor(loaded);
  const accepted = options.accepted ?? 40;
  const total = accepted + (options.rejected ?? 4);
  const store = openStore(storeFile);
  try {
    store.ensureRun({
      id: runId,
      recipeName: loaded.recipe.name,
      recipeHash: loaded.hash,
      recipe: recipeForStore(loaded.recipe),
      target: accepted,
    });
    store.putPlan(
      runId,
      Array.from({ length: total }, (_, index) => ({ index, cell: { label: labelOf(index) } })),
    );
    for (let index = 0; index < total; index += 1) store.putRecord(recordOf(runId, index, index < accepted));
    store.setRunStatus(runId, "completed");
  } finally {
    store.close();
  }
  return runId;
}

function labelOf(index: number): string {
  return index % 2 === 0 ? "positive" : "negative";
}

function recordOf(runId: string, index: number, accepted: boolean): GeneratedRecord {
  const label = labelOf(index);
  const data = { text: `Review number ${index}: a ${label} one.`, label };
  return {
    id: `${runId}-${String(index).padStart(4, "0")}`,
    status: accepted ? "accepted" : "rejected",
    ...(accepted ? {} : { reason: "duplicate" }),
    data,
    provenance: {
      runId,
      round: 1,
      slotIndex: index,
      attempt: 0,
      cell: { label },
      template: { id: "inline", version: "1" },
      messages: [{ role: "user", content: `Write a ${label} review.` }],
      model: { provider: "fake", id: "fake-model" },
      sampling: { temperature: 0.7, topP: 0.9, topK: 40, maxTokens: 64, seed: index },
      fewShot: [],
      strategy: "plain",
      rawOutput: JSON.stringify(data),
      usage: { inputTokens: 5, outputTokens: 8 },
      timing: { startedAt: "2025-01-01T00:00:00.000Z", durationMs: 1 },
    },
    decisions: accepted ? [] : [{ check: "dedup", decision: "reject", reason: "duplicate" }],
  };
}
