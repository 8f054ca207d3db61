import { type ProportionInterval, wilsonInterval } from "../../core/stats/wilsonInterval.js";
import type { GateResult } from "../gates/GateResult.js";
import { type FleissKappa, fleissKappa } from "./fleissKappa.js";

/** Where one annotated row stands: agreed by the votes, disputed, settled by a person, or not annotated. */
export type AnnotationStatus = "confirmed" | "disputed" | "reviewed" | "failed";

/** One row's votes as the statistics read them. */
export interface AnnotatedRow {
  status: AnnotationStatus;
  /** The label (or `yes`/`no` of an output check) each vote gave. */
  votes: readonly string[];
  /** The row's label after the vote (and a review), for label annotation. */
  label: string | undefined;
}

/** The numbers of an annotation run (docs/metrics.md, "The judge and votes"). */
export interface AnnotationStatistics {
  rows: number;
  /** Rows with an annotation (all but `failed`). */
  annotated: number;
  confirmed: number;
  disputed: number;
  /** Disputed rows a person has settled. */
  reviewed: number;
  failed: number;
  /** Votes per row and how many must agree. */
  votes: number;
  minimumAgreement: number;
  /** Confirmed ÷ annotated (rows a person settled count as not confirmed by the vote), with its Wilson interval. */
  confirmedShare: ProportionInterval;
  /** Mean share of a row's votes that agree with its majority. */
  agreementRate: number;
  /** Fleiss' kappa of the votes, overall and per label. */
  kappa: FleissKappa;
  /** Rows per final label. */
  labelCounts: Record<string, number>;
  /**
   * True when the rule cannot dispute any row: with L labels, some label always gets at least
   * ⌈votes ÷ L⌉ votes, so a `minimumAgreement` at or under that confirms every row (2 of 3 on a
   * two-label task).
   */
  vacuous: boolean;
}

/** Statistics of `rows`; `categories` are the labels (or `yes`, `no`). */
export function annotationStatistics(
  rows: readonly AnnotatedRow[],
  categories: readonly string[],
  settings: { votes: number; minimumAgreement: number },
): AnnotationStatistics {
  const count = (status: AnnotationStatus) => rows.filter((row) => row.status === status).length;
  const annotatedRows = rows.filter((row) => row.status !== "failed");
  const confirmed = count("confirmed");
  const agreement = annotatedRows.map((row) => {
    if (row.votes.length === 0) return 1;
    const tally = new Map<string, number>();
    for (const vote of row.votes) tally.set(vote, (tally.get(vote) ?? 0) + 1);
    return Math.max(...tally.values()) / row.votes.length;
  });
  const labelCounts: Record<string, number> = {};
  for (const row of annotatedRows) {
    if (row.label !== undefined) labelCounts[row.label] = (labelCounts[row.label] ?? 0) + 1;
  }
  return {
    rows: rows.length,
    annotated: annotatedRows.length,
    confirmed,
    disputed: count("disputed"),
    reviewed: count("reviewed"),
    failed: count("failed"),
    votes: settings.votes,
    minimumAgreement: settings.minimumAgreement,
    confirmedShare: wilsonInterval(confirmed, annotatedRows.length),
    agreementRate:
      agreement.length === 0 ? 0 : agreement.reduce((sum, value) => sum + value, 0) / agreement.length,
    kappa: fleissKappa(
      annotatedRows.map((row) => row.votes),
      categories,
    ),
    labelCounts,
    vacuous:
      categories.length > 0 && Math.ceil(settings.votes / categories.length) >= settings.minimumAgreement,
  };
}

/** The confirmed-rate gate (`quality.gates.labelConfirmed`) on an annotation run; none when the gate is off. */
export function annotationGates(statistics: AnnotationStatistics, threshold: number | null): GateResult[] {
  if (threshold === null) return [];
  const measured = statistics.annotated > 0;
  const value = measured ? statistics.confirmedShare.value : undefined;
  return [
    {
      gate: "labelConfirmed",
      metric: `share of annotated rows whose ${statistics.minimumAgreement} of ${statistics.votes} votes agree`,
      value,
      threshold,
      comparison: ">=",
      status: value === undefined ? "not measured" : value >= threshold ? "pass" : "fail",
      note: measured ? undefined : "no row was annotated",
    },
  ];
}
