import type { Recipe } from "../core/recipe/recipeSchema.js";
import type { GeneratedRecord, QualityDecision } from "../core/record.js";

/** One record as the report shows it: its text, label and condition, and every decision about it. */
export interface RecordExample {
  id: string;
  text: string;
  label: string | undefined;
  /** The control values it was generated under, as "label positive, domain cafe". */
  condition: string;
  reason: string | undefined;
  decisions: QualityDecision[];
}

/** What the report's Records section shows: the records themselves, so a person can judge. */
export interface RecordExamples {
  /** Accepted records, a few per condition (plan cell). */
  acceptedByCondition: { condition: string; accepted: number; examples: RecordExample[] }[];
  /** Every rejection reason code with its count and examples. */
  rejectedByReason: { reason: string; count: number; examples: RecordExample[] }[];
  /** Accepted records the judge was least sure of (fewest agreeing votes, lowest rubric score). */
  lowestScoring: RecordExample[];
}

const perCondition = 3;
const perReason = 5;
const lowest = 10;

/** The reason code of a stored reason: `leak: placeholder …` → `leak`. */
export function reasonCode(reason: string | undefined): string {
  if (reason === undefined) return "other";
  return /^[a-z-]+/.exec(reason)?.[0] ?? "other";
}

/**
 * Picks the records the report shows: deterministic (generation order), so the same run always
 * shows the same examples.
 */
export function recordExamples(records: readonly GeneratedRecord[], recipe: Recipe): RecordExamples {
  const { textField, labelField } = recipe.output;
  const example = (record: GeneratedRecord): RecordExample => {
    const text = record.data?.[textField];
    return {
      id: record.id,
      text: typeof text === "string" ? text : record.provenance.rawOutput.slice(0, 500),
      label: labelField === undefined ? undefined : String(record.data?.[labelField] ?? ""),
      condition: Object.entries(record.provenance.cell)
        .map(([name, value]) => `${name} ${value}`)
        .join(", "),
      reason: record.reason,
      // The rule checks run during generation and again in the quality stage: shown once.
      decisions: record.decisions.filter(
        (decision, index, all) =>
          all.findIndex(
            (other) =>
              other.check === decision.check &&
              other.decision === decision.decision &&
              other.reason === decision.reason,
          ) === index,
      ),
    };
  };
  const accepted = records.filter((record) => record.status === "accepted");
  const byCondition = new Map<string, GeneratedRecord[]>();
  for (const record of accepted) {
    const key = example(record).condition;
    byCondition.set(key, [...(byCondition.get(key) ?? []), record]);
  }
  const byReason = new Map<string, GeneratedRecord[]>();
  for (const record of records) {
    if (record.status !== "rejected" || record.reason === "surplus") continue;
    const code = reasonCode(record.reason);
    byReason.set(code, [...(byReason.get(code) ?? []), record]);
  }
  const confidence = (record: GeneratedRecord): number => {
    let score = 0;
    for (const decision of record.decisions) {
      const details = decision.details as
        | { agreeing?: number; votes?: unknown[]; score?: number }
        | undefined;
      if (decision.check === "label-vote" && details?.votes)
        score += (details.agreeing ?? 0) / details.votes.length;
      if (decision.check === "rubric" && typeof details?.score === "number") score += details.score / 5;
    }
    return score;
  };
  const judged = accepted.filter((record) =>
    record.decisions.some((decision) => decision.check === "label-vote"),
  );
  return {
    acceptedByCondition: [...byCondition.entries()]
      .sort(([a], [b]) => a.localeCompare(b))
      .map(([condition, list]) => ({
        condition,
        accepted: list.length,
        examples: list.slice(0, perCondition).map(example),
      })),
    rejectedByReason: [...byReason.entries()]
      .sort(([, a], [, b]) => b.length - a.length)
      .map(([reason, list]) => ({
        reason,
        count: list.length,
        examples: list.slice(0, perReason).map(example),
      })),
    lowestScoring: [...judged]
      .sort((a, b) => confidence(a) - confidence(b))
      .slice(0, lowest)
      .map(example),
  };
}
