import { labelsOf } from "../core/recipe/labelsOf.js";
import type { Recipe } from "../core/recipe/recipeSchema.js";
import type { GeneratedRecord, QualityDecision } from "../core/record.js";
import type { ReviewRow } from "../store/Store.js";
import { recordLabel, recordText } from "./spotCheckSample.js";

/** The short list of reasons a reviewer picks from (free text may follow after ": "). */
export const reviewReasons = [
  "wrong label",
  "off topic",
  "not the requested condition",
  "unnatural or machine-like",
  "truncated or broken",
  "sensitive or unsafe",
] as const;

/** What the judge said about a record: its votes on the label and its rubric score. */
export interface JudgeSummary {
  votes?: unknown[];
  agreeing?: number;
  confirmed?: boolean;
  score?: number;
  reason?: string;
}

/** One record as the reviewer sees it. */
export interface ReviewItem {
  id: string;
  text: string;
  label: string | undefined;
  /** The plan cell (control-dimension values) the record was generated for. */
  cell: Record<string, string>;
  judge: JudgeSummary | undefined;
  /** Listed first (e.g. records people disputed while annotating). */
  first: boolean;
  /** Its current verdict, when it has one. */
  review: ReviewRow | undefined;
}

/** The review of a run: the records to check, in order, with what the app needs to show them. */
export interface ReviewQueue {
  items: ReviewItem[];
  labelField: string | undefined;
  textField: string;
  /** The values a fixed label may take (empty: any text). */
  labels: string[];
  reasons: readonly string[];
}

export interface ReviewQueueOptions {
  /**
   * Records to put before the sample, in this order (e.g. the `disputed` queue of an annotation
   * pass); accepted records only, those already in the sample move up rather than appear twice.
   */
  first?: readonly string[];
}

/** The judge's `label-vote` and `rubric` decisions of a record, summed up for display. */
export function judgeSummary(decisions: readonly QualityDecision[]): JudgeSummary | undefined {
  let summary: JudgeSummary | undefined;
  for (const decision of decisions) {
    if (decision.check === "label-vote") {
      const details = decision.details as { votes?: unknown[]; agreeing?: number } | undefined;
      summary = {
        ...summary,
        ...(details?.votes === undefined ? {} : { votes: details.votes }),
        ...(details?.agreeing === undefined ? {} : { agreeing: details.agreeing }),
        confirmed: decision.decision === "pass",
      };
    } else if (decision.check === "rubric") {
      const details = decision.details as { score?: number; reason?: string } | undefined;
      summary = {
        ...summary,
        ...(typeof details?.score === "number" ? { score: details.score } : {}),
        ...(typeof details?.reason === "string" ? { reason: details.reason } : {}),
      };
    }
  }
  return summary;
}

/**
 * The review queue of a run: the records of `first` (still accepted), then the spot-check
 * sample in its stored order, each with its text, label, condition, the judge's votes and
 * score, and its current verdict.
 */
export function buildReviewQueue(
  records: readonly GeneratedRecord[],
  sampleIds: readonly string[],
  reviews: readonly ReviewRow[],
  recipe: Recipe,
  options: ReviewQueueOptions = {},
): ReviewQueue {
  const byId = new Map(records.map((record) => [record.id, record]));
  const reviewOf = new Map(reviews.map((review) => [review.recordId, review]));
  const firstIds = (options.first ?? []).filter((id) => byId.get(id)?.status === "accepted");
  const firstSet = new Set(firstIds);
  const ordered = [...new Set([...firstIds, ...sampleIds])];
  const items = ordered.flatMap((id): ReviewItem[] => {
    const record = byId.get(id);
    if (record === undefined) return [];
    return [
      {
        id,
        text: recordText(record, recipe),
        label: recordLabel(record, recipe),
        cell: record.provenance.cell,
        judge: judgeSummary(record.decisions),
        first: firstSet.has(id),
        review: reviewOf.get(id),
      },
    ];
  });
  return {
    items,
    labelField: recipe.output.labelField,
    textField: recipe.output.textField,
    labels: labelsOf(recipe),
    reasons: reviewReasons,
  };
}
