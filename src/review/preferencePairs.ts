import { cellKey } from "../core/plan/cellKey.js";
import type { Recipe } from "../core/recipe/recipeSchema.js";
import type { GeneratedRecord } from "../core/record.js";
import type { ReviewRow } from "../store/Store.js";

type Message = { role: "system" | "user" | "assistant"; content: string };

/**
 * One preference pair in TRL's conversational preference format (what `DPOTrainer` reads):
 * the prompt as the teacher was sent it, the chosen answer (the reviewer's fixed version, or a
 * record of the same condition they confirmed), and the rejected one (the original they marked
 * wrong).
 */
export interface PreferencePair {
  prompt: Message[];
  chosen: Message[];
  rejected: Message[];
  /** Where the pair came from (ignored by trainers). */
  recordId: string;
  reason: string | undefined;
  source: "fixed" | "confirmed";
}

export interface PreferencePairs {
  pairs: PreferencePair[];
  /** Wrong records without a fix and without a confirmed record of their condition. */
  skipped: string[];
}

const answer = (data: Record<string, unknown>): Message[] => [
  { role: "assistant", content: JSON.stringify(data) },
];

/**
 * The review as preference pairs: every record marked wrong gives one pair, rejected = the
 * original answer, chosen = the reviewer's fixed version when there is one, else a confirmed
 * record of the same condition (and label), taken in turn so that one confirmed record is not
 * repeated while others are left. Deterministic in the order of the reviews.
 */
export function buildPreferencePairs(
  records: readonly GeneratedRecord[],
  reviews: readonly ReviewRow[],
  recipe: Recipe,
): PreferencePairs {
  const byId = new Map(records.map((record) => [record.id, record]));
  const labelField = recipe.output.labelField;
  const keyOf = (record: GeneratedRecord) =>
    `${cellKey(record.provenance.cell)}|${labelField === undefined ? "" : String(record.data?.[labelField] ?? "")}`;
  const confirmed = new Map<string, GeneratedRecord[]>();
  for (const review of reviews) {
    const record = byId.get(review.recordId);
    if (review.verdict !== "correct" || record?.data === undefined) continue;
    const key = keyOf(record);
    confirmed.set(key, [...(confirmed.get(key) ?? []), record]);
  }
  const used = new Map<string, number>();
  const pairs: PreferencePair[] = [];
  const skipped: string[] = [];
  for (const review of reviews) {
    const record = byId.get(review.recordId);
    if (review.verdict !== "wrong" || record?.data === undefined) continue;
    const prompt = record.provenance.messages.map((message) => ({ ...message }));
    if (review.corrected) {
      pairs.push({
        prompt,
        chosen: answer(review.corrected),
        rejected: answer(record.data),
        recordId: record.id,
        reason: review.reason,
        source: "fixed",
      });
      continue;
    }
    // A confirmed record of the condition the prompt asked for: the cell, and the label the
    // slot wanted (a wrong label's record still has its cell's label in the plan).
    const wanted = `${cellKey(record.provenance.cell)}|${labelField === undefined ? "" : (record.provenance.cell[labelField] ?? String(record.data[labelField] ?? ""))}`;
    const candidates = confirmed.get(wanted) ?? [];
    if (candidates.length === 0) {
      skipped.push(record.id);
      continue;
    }
    const turn = used.get(wanted) ?? 0;
    used.set(wanted, turn + 1);
    pairs.push({
      prompt,
      chosen: answer(candidates[turn % candidates.length]!.data!),
      rejected: answer(record.data),
      recordId: record.id,
      reason: review.reason,
      source: "confirmed",
    });
  }
  return { pairs, skipped };
}

/** The pairs as JSON lines in TRL's conversational preference format (plus the source fields). */
export function formatTrlPairs(pairs: readonly PreferencePair[]): string {
  return pairs.map((pair) => `${JSON.stringify(pair)}\n`).join("");
}

/**
 * The pairs in LLaMA-Factory's sharegpt preference format: `messages` (system, user...), and
 * `chosen` / `rejected` as one assistant message each; `dataset_info.json` names the file.
 */
export function formatLlamaFactoryPairs(
  pairs: readonly PreferencePair[],
  fileName: string,
  datasetName: string,
): { data: string; datasetInfo: string } {
  const data = pairs
    .map((pair) =>
      JSON.stringify({
        messages: pair.prompt,
        chosen: pair.chosen[0],
        rejected: pair.rejected[0],
      }),
    )
    .map((line) => `${line}\n`)
    .join("");
  const datasetInfo = {
    [datasetName]: {
      file_name: fileName,
      formatting: "sharegpt",
      ranking: true,
      columns: { messages: "messages", chosen: "chosen", rejected: "rejected" },
      tags: {
        role_tag: "role",
        content_tag: "content",
        user_tag: "user",
        assistant_tag: "assistant",
        system_tag: "system",
      },
    },
  };
  return { data, datasetInfo: `${JSON.stringify(datasetInfo, null, 2)}\n` };
}
