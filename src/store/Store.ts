import type { PlanSlot } from "../core/plan/PlanSlot.js";
import type { GeneratedRecord, QualityDecision, RecordStatus } from "../core/record.js";

export type RunStatus = "running" | "completed" | "failed";

export interface RunRow {
  /** Derived from the recipe hash: rerunning the same recipe continues the same run. */
  id: string;
  recipeName: string;
  recipeHash: string;
  /** The validated recipe (secrets removed) as JSON. */
  recipe: unknown;
  target: number;
  status: RunStatus;
  createdAt: string;
  updatedAt: string;
}

export type SlotStatus = "open" | "filled" | "exhausted";

export interface SlotRow extends PlanSlot {
  status: SlotStatus;
  attempts: number;
}

export interface RoundRow {
  round: number;
  startedAt: string;
  endedAt: string | undefined;
  summary: Record<string, number | string> | undefined;
}

export interface StoredDecision extends QualityDecision {
  recordId: string;
}

export interface ReviewRow {
  recordId: string;
  verdict: "correct" | "wrong";
  reason?: string;
  reviewer?: string;
  reviewedAt: string;
  /**
   * The reviewer's fixed version of the record's data (a corrected label or text), when they
   * fixed it. The record itself keeps the original; this is the new version.
   */
  corrected?: Record<string, unknown>;
  /**
   * Seconds from the record being shown to the verdict, as the review app measured them (its
   * share of the time for a bulk verdict); absent for verdicts from a review file.
   */
  seconds?: number;
}

/** One verdict as it was given, in the append-only review history (what undo works on). */
export interface ReviewEventRow extends ReviewRow {
  /** Increasing id of the event within the store. */
  id: number;
  /** When it was undone; an undone verdict no longer counts. */
  undoneAt?: string;
}

/** Reports, exports, training jobs, evaluations: named JSON documents attached to a run. */
export type ArtifactKind = "quality-report" | "export" | "training-job" | "evaluation" | "spot-check-sample";

export interface ArtifactRow {
  kind: ArtifactKind;
  name: string;
  value: unknown;
  updatedAt: string;
}

/**
 * The persistence interface every stage uses. Every write is idempotent: writing the same
 * record, decision, review or artifact twice leaves one row, so a crash followed by a rerun
 * loses nothing and duplicates nothing. The embedded implementation is SQLite (WAL).
 */
export interface Store {
  /** Creates the run if it does not exist; returns the stored row either way. */
  ensureRun(run: {
    id: string;
    recipeName: string;
    recipeHash: string;
    recipe: unknown;
    target: number;
  }): RunRow;
  getRun(id: string): RunRow | undefined;
  /** Most recently updated run, optionally of one recipe name. */
  latestRun(recipeName?: string): RunRow | undefined;
  listRuns(): RunRow[];
  setRunStatus(id: string, status: RunStatus): void;

  startRound(runId: string, round: number): void;
  endRound(runId: string, round: number, summary: Record<string, number | string>): void;
  listRounds(runId: string): RoundRow[];

  /** Stores the plan once; later calls with the same run leave the stored plan as it is. */
  putPlan(runId: string, slots: PlanSlot[]): void;
  /** Appends slots with new indexes (later rounds); existing indexes are left alone. */
  addSlots(runId: string, slots: PlanSlot[]): void;
  listSlots(runId: string, status?: SlotStatus): SlotRow[];
  setSlotStatus(runId: string, index: number, status: SlotStatus): void;

  /**
   * Stores a record and, in the same transaction, counts the attempt on its slot and marks
   * the slot filled when the record is accepted. Writing an id that exists changes nothing.
   */
  putRecord(record: GeneratedRecord): void;
  getRecord(id: string): GeneratedRecord | undefined;
  listRecords(runId: string, filter?: { status?: RecordStatus }): GeneratedRecord[];
  /** Moves a record between accepted and rejected (a quality filter's verdict). */
  setRecordStatus(id: string, status: RecordStatus, reason?: string): void;
  countRecords(runId: string): {
    accepted: number;
    rejected: number;
    rejectedByReason: Record<string, number>;
  };

  /** Upserts decisions keyed by (record, check). */
  putDecisions(runId: string, decisions: StoredDecision[]): void;
  listDecisions(runId: string, check?: string): StoredDecision[];

  /**
   * Upserts reviews keyed by record (the current verdict of each), and appends each to the
   * review history, all in one transaction.
   */
  putReviews(runId: string, reviews: ReviewRow[]): void;
  /** The current verdict of each reviewed record. */
  listReviews(runId: string): ReviewRow[];
  /**
   * Records one verdict in one transaction: appends it to the history and makes it the
   * record's current review. Returns the event, whose id `undoReview` takes.
   */
  addReview(runId: string, review: ReviewRow): ReviewEventRow;
  /**
   * Undoes one verdict in one transaction: marks the event undone and makes the record's latest
   * verdict that is not undone its current review (or leaves it unreviewed). Returns the
   * record's current review afterwards, or `false` when the event is unknown or already undone.
   */
  undoReview(runId: string, eventId: number): ReviewRow | undefined | false;
  /** The review history of a run, oldest first (undone verdicts included). */
  listReviewEvents(runId: string): ReviewEventRow[];

  /** Upserts an artifact keyed by (run, kind, name). */
  putArtifact(runId: string, kind: ArtifactKind, name: string, value: unknown): void;
  listArtifacts(runId: string, kind?: ArtifactKind): ArtifactRow[];

  /** Response cache of model calls, keyed by a hash of (model, messages, parameters, seed). */
  getCachedResponse(key: string): unknown;
  putCachedResponse(key: string, value: unknown): void;

  /** Runs `work` in one transaction. */
  transaction<T>(work: () => T): T;
  close(): void;
}
