import type Database from "better-sqlite3";
import type { PlanSlot } from "../core/plan/PlanSlot.js";
import type { GeneratedRecord, QualityDecision, RecordStatus } from "../core/record.js";
import type {
  ArtifactKind,
  ArtifactRow,
  ReviewEventRow,
  ReviewRow,
  RoundRow,
  RunRow,
  RunStatus,
  SlotRow,
  SlotStatus,
  Store,
  StoredDecision,
} from "./Store.js";

interface RunTableRow {
  id: string;
  recipe_name: string;
  recipe_hash: string;
  recipe: string;
  target: number;
  status: RunStatus;
  created_at: string;
  updated_at: string;
}

interface RecordTableRow {
  id: string;
  status: RecordStatus;
  reason: string | null;
  data: string | null;
  provenance: string;
}

interface DecisionTableRow {
  record_id: string;
  check_name: string;
  decision: QualityDecision["decision"];
  reason: string | null;
  details: string | null;
}

/** Reason given to an accepted record written into a slot that already holds one. */
export const slotAlreadyFilled = "slot-already-filled";

const now = () => new Date().toISOString();
const parseJson = (text: string | null): unknown => (text === null ? undefined : JSON.parse(text));

/**
 * The embedded Store on SQLite (better-sqlite3, WAL). Every write is one transaction and
 * idempotent: records are keyed by their derived id, decisions by (record, check), reviews
 * by record, artifacts by (run, kind, name). A slot never holds more than one accepted
 * record, which is what keeps a run at exactly its target count.
 */
export class SqliteStore implements Store {
  readonly file: string;
  readonly #database: Database.Database;
  /** Prepared statements by their SQL: compiling one costs more than running it (a put per record). */
  readonly #statements = new Map<string, Database.Statement>();

  constructor(database: Database.Database, file: string) {
    this.#database = database;
    this.file = file;
  }

  #prepare(sql: string): Database.Statement {
    let statement = this.#statements.get(sql);
    if (statement === undefined) {
      statement = this.#database.prepare(sql);
      this.#statements.set(sql, statement);
    }
    return statement;
  }

  ensureRun(run: {
    id: string;
    recipeName: string;
    recipeHash: string;
    recipe: unknown;
    target: number;
  }): RunRow {
    const time = now();
    this.#prepare(
      `INSERT OR IGNORE INTO runs (id, recipe_name, recipe_hash, recipe, target, status, created_at, updated_at)
         VALUES (?, ?, ?, ?, ?, 'running', ?, ?)`,
    ).run(run.id, run.recipeName, run.recipeHash, JSON.stringify(run.recipe), run.target, time, time);
    return this.getRun(run.id)!;
  }

  getRun(id: string): RunRow | undefined {
    const row = this.#prepare("SELECT * FROM runs WHERE id = ?").get(id) as RunTableRow | undefined;
    return row && toRun(row);
  }

  latestRun(recipeName?: string): RunRow | undefined {
    const row = (
      recipeName === undefined
        ? this.#prepare("SELECT * FROM runs ORDER BY updated_at DESC, rowid DESC LIMIT 1").get()
        : this.#prepare(
            "SELECT * FROM runs WHERE recipe_name = ? ORDER BY updated_at DESC, rowid DESC LIMIT 1",
          ).get(recipeName)
    ) as RunTableRow | undefined;
    return row && toRun(row);
  }

  listRuns(): RunRow[] {
    const rows = this.#prepare(
      "SELECT * FROM runs ORDER BY updated_at DESC, rowid DESC",
    ).all() as RunTableRow[];
    return rows.map(toRun);
  }

  setRunStatus(id: string, status: RunStatus): void {
    this.#prepare("UPDATE runs SET status = ?, updated_at = ? WHERE id = ?").run(status, now(), id);
  }

  startRound(runId: string, round: number): void {
    this.#prepare("INSERT OR IGNORE INTO rounds (run_id, round, started_at) VALUES (?, ?, ?)").run(
      runId,
      round,
      now(),
    );
  }

  endRound(runId: string, round: number, summary: Record<string, number | string>): void {
    this.#prepare("UPDATE rounds SET ended_at = ?, summary = ? WHERE run_id = ? AND round = ?").run(
      now(),
      JSON.stringify(summary),
      runId,
      round,
    );
  }

  listRounds(runId: string): RoundRow[] {
    const rows = this.#prepare(
      "SELECT round, started_at, ended_at, summary FROM rounds WHERE run_id = ? ORDER BY round",
    ).all(runId) as { round: number; started_at: string; ended_at: string | null; summary: string | null }[];
    return rows.map((row) => ({
      round: row.round,
      startedAt: row.started_at,
      endedAt: row.ended_at ?? undefined,
      summary: parseJson(row.summary) as RoundRow["summary"],
    }));
  }

  putPlan(runId: string, slots: PlanSlot[]): void {
    this.transaction(() => {
      const existing = this.#prepare("SELECT 1 FROM slots WHERE run_id = ? LIMIT 1").get(runId);
      if (existing === undefined) this.addSlots(runId, slots);
    });
  }

  addSlots(runId: string, slots: PlanSlot[]): void {
    const insert = this.#prepare(
      "INSERT OR IGNORE INTO slots (run_id, slot_index, cell, status, attempts) VALUES (?, ?, ?, 'open', 0)",
    );
    this.transaction(() => {
      for (const slot of slots) insert.run(runId, slot.index, JSON.stringify(slot.cell));
    });
  }

  listSlots(runId: string, status?: SlotStatus): SlotRow[] {
    const rows = (
      status === undefined
        ? this.#prepare("SELECT * FROM slots WHERE run_id = ? ORDER BY slot_index").all(runId)
        : this.#prepare("SELECT * FROM slots WHERE run_id = ? AND status = ? ORDER BY slot_index").all(
            runId,
            status,
          )
    ) as { slot_index: number; cell: string; status: SlotStatus; attempts: number }[];
    return rows.map((row) => ({
      index: row.slot_index,
      cell: JSON.parse(row.cell) as Record<string, string>,
      status: row.status,
      attempts: row.attempts,
    }));
  }

  setSlotStatus(runId: string, index: number, status: SlotStatus): void {
    this.#prepare("UPDATE slots SET status = ? WHERE run_id = ? AND slot_index = ?").run(
      status,
      runId,
      index,
    );
  }

  putRecord(record: GeneratedRecord): void {
    const { runId, slotIndex, attempt, round } = record.provenance;
    this.transaction(() => {
      if (this.#prepare("SELECT 1 FROM records WHERE id = ?").get(record.id) !== undefined) return;
      let status = record.status;
      let reason = record.reason;
      if (status === "accepted" && this.#hasAcceptedRecord(runId, slotIndex)) {
        status = "rejected";
        reason = slotAlreadyFilled;
      }
      this.#prepare(
        `INSERT INTO records (id, run_id, slot_index, attempt, round, status, reason, data, provenance, created_at)
           VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
      ).run(
        record.id,
        runId,
        slotIndex,
        attempt,
        round,
        status,
        reason ?? null,
        record.data === undefined ? null : JSON.stringify(record.data),
        JSON.stringify(record.provenance),
        now(),
      );
      this.#prepare(
        `UPDATE slots SET attempts = MAX(attempts, ?)${status === "accepted" ? ", status = 'filled'" : ""}
           WHERE run_id = ? AND slot_index = ?`,
      ).run(attempt + 1, runId, slotIndex);
      this.putDecisions(
        runId,
        record.decisions.map((decision) => ({ ...decision, recordId: record.id })),
      );
    });
  }

  getRecord(id: string): GeneratedRecord | undefined {
    const row = this.#prepare("SELECT * FROM records WHERE id = ?").get(id) as RecordTableRow | undefined;
    if (!row) return undefined;
    const decisions = this.#prepare("SELECT * FROM decisions WHERE record_id = ? ORDER BY rowid").all(
      id,
    ) as DecisionTableRow[];
    return toRecord(row, decisions.map(toDecision));
  }

  listRecords(runId: string, filter: { status?: RecordStatus } = {}): GeneratedRecord[] {
    const rows = (
      filter.status === undefined
        ? this.#prepare("SELECT * FROM records WHERE run_id = ? ORDER BY sequence").all(runId)
        : this.#prepare("SELECT * FROM records WHERE run_id = ? AND status = ? ORDER BY sequence").all(
            runId,
            filter.status,
          )
    ) as RecordTableRow[];
    const byRecord = new Map<string, QualityDecision[]>();
    const decisions = this.#prepare("SELECT * FROM decisions WHERE run_id = ? ORDER BY rowid").all(
      runId,
    ) as DecisionTableRow[];
    for (const decision of decisions) {
      const list = byRecord.get(decision.record_id) ?? [];
      list.push(toDecision(decision));
      byRecord.set(decision.record_id, list);
    }
    return rows.map((row) => toRecord(row, byRecord.get(row.id) ?? []));
  }

  /**
   * Rejecting the accepted record of a slot re-opens the slot (a later round fills it again);
   * accepting a record fills its slot, unless the slot already holds another accepted record.
   */
  setRecordStatus(id: string, status: RecordStatus, reason?: string): void {
    this.transaction(() => {
      const row = this.#prepare("SELECT run_id, slot_index FROM records WHERE id = ?").get(id) as
        | { run_id: string; slot_index: number }
        | undefined;
      if (!row) return;
      if (status === "accepted") {
        const other = this.#prepare(
          "SELECT 1 FROM records WHERE run_id = ? AND slot_index = ? AND status = 'accepted' AND id != ?",
        ).get(row.run_id, row.slot_index, id);
        if (other !== undefined) return;
        this.#prepare("UPDATE records SET status = 'accepted', reason = NULL WHERE id = ?").run(id);
        this.setSlotStatus(row.run_id, row.slot_index, "filled");
        return;
      }
      this.#prepare("UPDATE records SET status = 'rejected', reason = ? WHERE id = ?").run(
        reason ?? null,
        id,
      );
      if (!this.#hasAcceptedRecord(row.run_id, row.slot_index)) {
        this.#prepare(
          "UPDATE slots SET status = 'open' WHERE run_id = ? AND slot_index = ? AND status = 'filled'",
        ).run(row.run_id, row.slot_index);
      }
    });
  }

  countRecords(runId: string): {
    accepted: number;
    rejected: number;
    rejectedByReason: Record<string, number>;
  } {
    const rows = this.#prepare(
      "SELECT status, reason, COUNT(*) AS n FROM records WHERE run_id = ? GROUP BY status, reason",
    ).all(runId) as { status: RecordStatus; reason: string | null; n: number }[];
    const counts = { accepted: 0, rejected: 0, rejectedByReason: {} as Record<string, number> };
    for (const row of rows) {
      if (row.status === "accepted") {
        counts.accepted += row.n;
      } else {
        counts.rejected += row.n;
        const reason = row.reason ?? "unknown";
        counts.rejectedByReason[reason] = (counts.rejectedByReason[reason] ?? 0) + row.n;
      }
    }
    return counts;
  }

  putDecisions(runId: string, decisions: StoredDecision[]): void {
    const upsert = this.#prepare(
      `INSERT INTO decisions (run_id, record_id, check_name, decision, reason, details) VALUES (?, ?, ?, ?, ?, ?)
       ON CONFLICT (record_id, check_name) DO UPDATE SET
         decision = excluded.decision, reason = excluded.reason, details = excluded.details`,
    );
    this.transaction(() => {
      for (const decision of decisions) {
        upsert.run(
          runId,
          decision.recordId,
          decision.check,
          decision.decision,
          decision.reason ?? null,
          decision.details === undefined ? null : JSON.stringify(decision.details),
        );
      }
    });
  }

  listDecisions(runId: string, check?: string): StoredDecision[] {
    const rows = (
      check === undefined
        ? this.#prepare("SELECT * FROM decisions WHERE run_id = ? ORDER BY rowid").all(runId)
        : this.#prepare("SELECT * FROM decisions WHERE run_id = ? AND check_name = ? ORDER BY rowid").all(
            runId,
            check,
          )
    ) as DecisionTableRow[];
    return rows.map((row) => ({ ...toDecision(row), recordId: row.record_id }));
  }

  putReviews(runId: string, reviews: ReviewRow[]): void {
    this.transaction(() => {
      for (const review of reviews) this.addReview(runId, review);
    });
  }

  listReviews(runId: string): ReviewRow[] {
    const rows = this.#prepare("SELECT * FROM reviews WHERE run_id = ? ORDER BY rowid").all(
      runId,
    ) as ReviewTableRow[];
    return rows.map(toReview);
  }

  addReview(runId: string, review: ReviewRow): ReviewEventRow {
    return this.transaction(() => {
      const corrected = review.corrected === undefined ? null : JSON.stringify(review.corrected);
      const { lastInsertRowid } = this.#prepare(
        `INSERT INTO review_events (run_id, record_id, verdict, reason, reviewer, reviewed_at, corrected, seconds)
           VALUES (?, ?, ?, ?, ?, ?, ?, ?)`,
      ).run(
        runId,
        review.recordId,
        review.verdict,
        review.reason ?? null,
        review.reviewer ?? null,
        review.reviewedAt,
        corrected,
        review.seconds ?? null,
      );
      this.#setCurrentReview(runId, review);
      return { ...review, id: Number(lastInsertRowid) };
    });
  }

  undoReview(runId: string, eventId: number): ReviewRow | undefined | false {
    return this.transaction(() => {
      const event = this.#prepare(
        "SELECT * FROM review_events WHERE id = ? AND run_id = ? AND undone_at IS NULL",
      ).get(eventId, runId) as ReviewEventTableRow | undefined;
      if (event === undefined) return false;
      this.#prepare("UPDATE review_events SET undone_at = ? WHERE id = ?").run(now(), eventId);
      const latest = this.#prepare(
        "SELECT * FROM review_events WHERE run_id = ? AND record_id = ? AND undone_at IS NULL ORDER BY id DESC LIMIT 1",
      ).get(runId, event.record_id) as ReviewEventTableRow | undefined;
      if (latest === undefined) {
        this.#prepare("DELETE FROM reviews WHERE run_id = ? AND record_id = ?").run(runId, event.record_id);
        return undefined;
      }
      const current = toReview(latest);
      this.#setCurrentReview(runId, current);
      return current;
    });
  }

  listReviewEvents(runId: string): ReviewEventRow[] {
    const rows = this.#prepare("SELECT * FROM review_events WHERE run_id = ? ORDER BY id").all(
      runId,
    ) as ReviewEventTableRow[];
    return rows.map((row) => ({
      ...toReview(row),
      id: row.id,
      ...(row.undone_at === null ? {} : { undoneAt: row.undone_at }),
    }));
  }

  putArtifact(runId: string, kind: ArtifactKind, name: string, value: unknown): void {
    this.#prepare(
      `INSERT INTO artifacts (run_id, kind, name, value, updated_at) VALUES (?, ?, ?, ?, ?)
         ON CONFLICT (run_id, kind, name) DO UPDATE SET value = excluded.value, updated_at = excluded.updated_at`,
    ).run(runId, kind, name, JSON.stringify(value ?? null), now());
  }

  listArtifacts(runId: string, kind?: ArtifactKind): ArtifactRow[] {
    const rows = (
      kind === undefined
        ? this.#prepare("SELECT * FROM artifacts WHERE run_id = ? ORDER BY rowid").all(runId)
        : this.#prepare("SELECT * FROM artifacts WHERE run_id = ? AND kind = ? ORDER BY rowid").all(
            runId,
            kind,
          )
    ) as { kind: ArtifactKind; name: string; value: string; updated_at: string }[];
    return rows.map((row) => ({
      kind: row.kind,
      name: row.name,
      value: JSON.parse(row.value),
      updatedAt: row.updated_at,
    }));
  }

  getCachedResponse(key: string): unknown {
    const row = this.#prepare("SELECT value FROM response_cache WHERE key = ?").get(key) as
      | { value: string }
      | undefined;
    return row === undefined ? undefined : JSON.parse(row.value);
  }

  putCachedResponse(key: string, value: unknown): void {
    this.#prepare("INSERT OR REPLACE INTO response_cache (key, value, created_at) VALUES (?, ?, ?)").run(
      key,
      JSON.stringify(value ?? null),
      now(),
    );
  }

  transaction<T>(work: () => T): T {
    return this.#database.transaction(work)();
  }

  close(): void {
    if (this.#database.open) this.#database.close();
  }

  #setCurrentReview(runId: string, review: ReviewRow): void {
    this.#prepare(
      `INSERT INTO reviews (run_id, record_id, verdict, reason, reviewer, reviewed_at, corrected, seconds)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?)
         ON CONFLICT (run_id, record_id) DO UPDATE SET verdict = excluded.verdict, reason = excluded.reason,
           reviewer = excluded.reviewer, reviewed_at = excluded.reviewed_at, corrected = excluded.corrected,
           seconds = excluded.seconds`,
    ).run(
      runId,
      review.recordId,
      review.verdict,
      review.reason ?? null,
      review.reviewer ?? null,
      review.reviewedAt,
      review.corrected === undefined ? null : JSON.stringify(review.corrected),
      review.seconds ?? null,
    );
  }

  #hasAcceptedRecord(runId: string, slotIndex: number): boolean {
    return (
      this.#prepare(
        "SELECT 1 FROM records WHERE run_id = ? AND slot_index = ? AND status = 'accepted' LIMIT 1",
      ).get(runId, slotIndex) !== undefined
    );
  }
}

interface ReviewTableRow {
  record_id: string;
  verdict: ReviewRow["verdict"];
  reason: string | null;
  reviewer: string | null;
  reviewed_at: string;
  corrected: string | null;
  seconds: number | null;
}

interface ReviewEventTableRow extends ReviewTableRow {
  id: number;
  undone_at: string | null;
}

function toReview(row: ReviewTableRow): ReviewRow {
  return {
    recordId: row.record_id,
    verdict: row.verdict,
    ...(row.reason === null ? {} : { reason: row.reason }),
    ...(row.reviewer === null ? {} : { reviewer: row.reviewer }),
    reviewedAt: row.reviewed_at,
    ...(row.corrected === null ? {} : { corrected: JSON.parse(row.corrected) as Record<string, unknown> }),
    ...(row.seconds === null || row.seconds === undefined ? {} : { seconds: Number(row.seconds) }),
  };
}

function toRun(row: RunTableRow): RunRow {
  return {
    id: row.id,
    recipeName: row.recipe_name,
    recipeHash: row.recipe_hash,
    recipe: JSON.parse(row.recipe),
    target: row.target,
    status: row.status,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
  };
}

function toDecision(row: DecisionTableRow): QualityDecision {
  return {
    check: row.check_name,
    decision: row.decision,
    ...(row.reason === null ? {} : { reason: row.reason }),
    ...(row.details === null ? {} : { details: JSON.parse(row.details) }),
  };
}

function toRecord(row: RecordTableRow, decisions: QualityDecision[]): GeneratedRecord {
  return {
    id: row.id,
    status: row.status,
    ...(row.reason === null ? {} : { reason: row.reason }),
    data: parseJson(row.data) as Record<string, unknown> | undefined,
    provenance: JSON.parse(row.provenance),
    decisions,
  };
}
