import type { Recipe } from "../core/recipe/recipeSchema.js";
import type { GeneratedRecord } from "../core/record.js";
import type { Store } from "../store/Store.js";
import { spotCheckArtifactName } from "../store/spotCheckArtifactName.js";
import { disputedRecordIds } from "./annotationChecks.js";
import { drawSpotCheckSample } from "./drawSpotCheckSample.js";

/** The stored spot-check sample (run artifact "spot-check-sample"). */
export interface StoredSample {
  ids: string[];
  settings: Recipe["review"];
  drawnAt: string;
  accepted: number;
  /** Sampled records that were regenerated, each with the record of the same slot that took its place. */
  replaced?: { from: string; to: string }[];
}

/** A field of a record as text (numbers and booleans written out), or undefined. */
export function fieldText(value: unknown): string | undefined {
  return typeof value === "string"
    ? value
    : typeof value === "number" || typeof value === "boolean"
      ? String(value)
      : undefined;
}

/** The text a reviewer reads of a record: its text field, else the whole record as JSON. */
export function recordText(record: Pick<GeneratedRecord, "data">, recipe: Recipe): string {
  return fieldText(record.data?.[recipe.output.textField]) ?? JSON.stringify(record.data ?? null);
}

/** The record's label, when the recipe has a label field. */
export function recordLabel(record: Pick<GeneratedRecord, "data">, recipe: Recipe): string | undefined {
  const field = recipe.output.labelField;
  return field === undefined ? undefined : fieldText(record.data?.[field]);
}

/** The stratum a record is sampled in: its plan cell and its label. */
export function recordStratum(record: GeneratedRecord, recipe: Recipe): Record<string, string> {
  const label = recordLabel(record, recipe);
  return { ...record.provenance.cell, ...(label === undefined ? {} : { label }) };
}

/** The run's stored sample, if one was drawn. */
export function readSpotCheckSample(store: Store, runId: string): StoredSample | undefined {
  return store
    .listArtifacts(runId, "spot-check-sample")
    .find((artifact) => artifact.name === spotCheckArtifactName)?.value as StoredSample | undefined;
}

/**
 * Draws the sample of the run's accepted records (docs/metrics.md: 5%, at least 30, stratified,
 * seeded). An annotation run's disputed rows (votes that did not agree) all come first, in
 * file order, so a reviewer settles them before the spot-check of the confirmed ones.
 */
export function drawRunSample(records: readonly GeneratedRecord[], recipe: Recipe): string[] {
  const accepted = records
    .filter((record) => record.status === "accepted")
    .sort((a, b) => a.provenance.slotIndex - b.provenance.slotIndex);
  const disputed = disputedRecordIds(accepted);
  const first = new Set(disputed);
  return [
    ...disputed,
    ...drawSpotCheckSample(
      accepted
        .filter((record) => !first.has(record.id))
        .map((record) => ({ id: record.id, stratum: recordStratum(record, recipe) })),
      recipe.review,
    ),
  ];
}

/**
 * The run's spot-check sample, drawn and stored when there is none. When sampled records were
 * rejected since (a later round regenerated them after a review), each is replaced by the
 * accepted record now in its slot, so the sample keeps its strata and the new records get
 * reviewed ("re-sampled"); the change is stored in the same transaction as it is computed.
 */
export function ensureSpotCheckSample(
  store: Store,
  runId: string,
  recipe: Recipe,
): { sample: StoredSample; drawn: boolean; replaced: number } {
  return store.transaction(() => {
    const records = store.listRecords(runId);
    const stored = readSpotCheckSample(store, runId);
    const accepted = records.filter((record) => record.status === "accepted");
    if (stored === undefined) {
      const sample: StoredSample = {
        ids: drawRunSample(records, recipe),
        settings: recipe.review,
        drawnAt: new Date().toISOString(),
        accepted: accepted.length,
      };
      store.putArtifact(runId, "spot-check-sample", spotCheckArtifactName, sample);
      return { sample, drawn: true, replaced: 0 };
    }
    const byId = new Map(records.map((record) => [record.id, record]));
    const acceptedInSlot = new Map(accepted.map((record) => [record.provenance.slotIndex, record.id]));
    const inSample = new Set(stored.ids);
    const replaced: { from: string; to: string }[] = [];
    const ids = stored.ids.map((id) => {
      const record = byId.get(id);
      if (record === undefined || record.status === "accepted") return id;
      const next = acceptedInSlot.get(record.provenance.slotIndex);
      if (next === undefined || inSample.has(next)) return id;
      inSample.add(next);
      replaced.push({ from: id, to: next });
      return next;
    });
    if (replaced.length === 0) return { sample: stored, drawn: false, replaced: 0 };
    const sample: StoredSample = {
      ...stored,
      ids,
      accepted: accepted.length,
      replaced: [...(stored.replaced ?? []), ...replaced],
    };
    store.putArtifact(runId, "spot-check-sample", spotCheckArtifactName, sample);
    return { sample, drawn: false, replaced: replaced.length };
  });
}
