import { labelGuideOf } from "../core/labels/labelGuide.js";
import type { Recipe } from "../core/recipe/recipeSchema.js";
import type { GeneratedRecord } from "../core/record.js";
import type { DatasetRecord } from "./DatasetRecord.js";
import { promptInstructions } from "./fields/promptInstructions.js";

function asText(value: unknown): string | undefined {
  if (typeof value === "string") return value;
  if (typeof value === "number" || typeof value === "boolean") return String(value);
  return undefined;
}

/** The instructions a record was generated from (system and user turns, label examples left out), for the prompt-copy check. */
export function promptText(record: GeneratedRecord, recipe?: Recipe): string {
  return promptInstructions(record.provenance.messages, recipe ? labelGuideOf(recipe) : undefined);
}

/** Generation order: round, then start time, then slot and attempt; the id breaks ties. */
export function generationOrder(a: GeneratedRecord, b: GeneratedRecord): number {
  return (
    a.provenance.round - b.provenance.round ||
    a.provenance.timing.startedAt.localeCompare(b.provenance.timing.startedAt) ||
    a.provenance.slotIndex - b.provenance.slotIndex ||
    a.provenance.attempt - b.provenance.attempt ||
    a.id.localeCompare(b.id)
  );
}

/** A stored record as the quality stage sees it: its text and label fields, its cell, its validity. */
export function toDatasetRecord(record: GeneratedRecord, recipe: Recipe): DatasetRecord {
  const { textField, labelField } = recipe.output;
  const text = asText(record.data?.[textField]);
  const label = labelField ? asText(record.data?.[labelField]) : undefined;
  const rest = record.data
    ? Object.fromEntries(Object.entries(record.data).filter(([key]) => key !== textField))
    : undefined;
  const valid =
    record.data !== undefined && text !== undefined && !(record.reason ?? "").startsWith("schema");
  return {
    id: record.id,
    text: valid ? text : undefined,
    label,
    cell: record.provenance.cell,
    output: labelField ? (label ?? "") : JSON.stringify(rest ?? null),
    valid,
    prompt: promptText(record, recipe),
    fields: Object.fromEntries(
      Object.entries(record.data ?? {}).flatMap(([key, value]) => {
        const field = asText(value);
        return field === undefined ? [] : [[key, field]];
      }),
    ),
    ...(record.data ? { data: record.data as Record<string, unknown> } : {}),
    stoppedAtTokenLimit:
      record.reason === "truncated" ||
      (record.provenance.sampling.maxTokens > 0 &&
        record.provenance.usage.outputTokens >= record.provenance.sampling.maxTokens),
  };
}
