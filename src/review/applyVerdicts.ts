import { z } from "zod";
import { labelsOf } from "../core/recipe/labelsOf.js";
import type { Recipe } from "../core/recipe/recipeSchema.js";
import { compileRecordSchema } from "../core/recordSchema.js";
import { describeRequestIssue } from "../http/describeRequestIssue.js";
import type { ReviewRow, Store } from "../store/Store.js";
import { ReviewRequestError } from "./ReviewRequestError.js";

/**
 * The most seconds one verdict may carry: a record on screen for more than an hour was not being
 * reviewed all that time (the page sends such a verdict untimed; reviewLogic.ts has the same bound).
 */
export const maxVerdictSeconds = 3600;

const text = (what: string, max: number) =>
  z
    .string()
    .max(max, `${what} of at most ${max} characters`)
    .transform((value) => value.trim());

const verdictSchema = z.strictObject({
  recordId: z.string().min(1, "a record id"),
  verdict: z.enum(["correct", "wrong"]),
  reason: text("a reason", 500).optional(),
  reviewer: text("a reviewer name", 100).optional(),
  /** The reviewer's fix: a new label and/or text, kept as a new version of the record. */
  corrected: z
    .strictObject({ label: text("a label", 200).optional(), text: text("a text", 20_000).optional() })
    .optional(),
  /** Seconds from the record being shown to the verdict, as the review page measured them. */
  seconds: z
    .number("a number of seconds")
    .min(0, "a number of seconds of at least 0")
    .max(maxVerdictSeconds, `a number of seconds of at most ${maxVerdictSeconds}`)
    .optional(),
});

/** A batch of verdicts (one, or a bulk action over a filtered list). */
export const verdictRequestSchema = z.strictObject({
  verdicts: z.array(verdictSchema).min(1, "at least one verdict").max(10_000, "at most 10000 verdicts"),
});

/** Verdicts to undo, by the event ids the verdict request returned. */
export const undoRequestSchema = z.strictObject({
  events: z
    .array(z.number().int().positive("a verdict id"))
    .min(1, "at least one verdict id")
    .max(10_000, "at most 10000 verdict ids"),
});

export type VerdictRequest = z.infer<typeof verdictRequestSchema>;

/** Which records may take a verdict, and the run they belong to. */
export interface VerdictTarget {
  store: Store;
  runId: string;
  recipe: Recipe;
  /** The records of the review queue: only these take a verdict. */
  reviewable: ReadonlySet<string>;
}

function parse<T>(schema: z.ZodType<T>, body: unknown): T {
  const parsed = schema.safeParse(body);
  if (!parsed.success) throw new ReviewRequestError(describeRequestIssue(parsed.error));
  return parsed.data;
}

/**
 * Checks every verdict of a request, then stores them all in one transaction (each appended to
 * the review history and made its record's current verdict). A record marked wrong needs a
 * reason; a fix (`corrected`) makes the verdict wrong, needs a label the recipe allows and
 * must still match the output schema: the fixed data is stored as a new version beside the
 * original. Anything invalid throws a ReviewRequestError naming the first problem, and nothing
 * is stored. Returns the event ids, in request order (what undo takes).
 */
export function applyVerdicts(target: VerdictTarget, body: unknown, reviewedAt: string): number[] {
  const request = parse(verdictRequestSchema, body);
  const { store, runId, recipe } = target;
  const labels = labelsOf(recipe);
  const labelField = recipe.output.labelField;
  const validate = compileRecordSchema(recipe.output.schema);
  const rows: ReviewRow[] = request.verdicts.map((verdict, index) => {
    const where = request.verdicts.length === 1 ? "" : ` (verdict ${index + 1})`;
    if (!target.reviewable.has(verdict.recordId)) {
      const record = store.getRecord(verdict.recordId);
      throw new ReviewRequestError(
        record === undefined || record.provenance.runId !== runId
          ? `Record "${verdict.recordId}"${where} is not a record of run ${runId}.`
          : `Record "${verdict.recordId}"${where} is not in the review queue (${record.status === "rejected" ? "it was rejected" : "it was not drawn for the spot-check"}).`,
        record === undefined ? 404 : 409,
      );
    }
    const fix = verdict.corrected;
    const fixing = fix !== undefined && (fix.label !== undefined || fix.text !== undefined);
    if (fixing && verdict.verdict !== "wrong") {
      throw new ReviewRequestError(
        `Verdict${where} fixes record "${verdict.recordId}" but marks it correct; a fixed record was wrong, so send verdict "wrong".`,
      );
    }
    if (verdict.verdict === "wrong" && !verdict.reason) {
      throw new ReviewRequestError(
        `Verdict${where} marks record "${verdict.recordId}" wrong without a reason; send \`reason\` (one of the listed reasons, or your own words).`,
      );
    }
    let corrected: Record<string, unknown> | undefined;
    if (fixing) {
      const original = store.getRecord(verdict.recordId)!.data ?? {};
      corrected = { ...original };
      if (fix.label !== undefined) {
        if (labelField === undefined) {
          throw new ReviewRequestError(`Verdict${where} fixes a label, but the recipe has no label field.`);
        }
        if (labels.length > 0 && !labels.includes(fix.label)) {
          throw new ReviewRequestError(
            `Verdict${where} fixes the label to "${fix.label}"; expected one of ${labels.map((label) => `"${label}"`).join(", ")}.`,
          );
        }
        corrected[labelField] = fix.label;
      }
      if (fix.text !== undefined) {
        if (fix.text === "") throw new ReviewRequestError(`Verdict${where} fixes the text to an empty one.`);
        corrected[recipe.output.textField] = fix.text;
      }
      const problem = validate(corrected);
      if (problem !== undefined) {
        throw new ReviewRequestError(
          `Verdict${where}: the fixed record does not match the output schema (${problem}).`,
        );
      }
    }
    return {
      recordId: verdict.recordId,
      verdict: verdict.verdict,
      ...(verdict.reason ? { reason: verdict.reason } : {}),
      ...(verdict.reviewer ? { reviewer: verdict.reviewer } : {}),
      reviewedAt,
      ...(corrected === undefined ? {} : { corrected }),
      ...(verdict.seconds === undefined ? {} : { seconds: verdict.seconds }),
    };
  });
  return store.transaction(() => rows.map((row) => store.addReview(runId, row).id));
}

/**
 * Undoes verdicts by their event ids in one transaction: each verdict's record goes back to its
 * previous verdict (or to unreviewed). An id that is unknown or already undone throws a
 * ReviewRequestError (409) and nothing is undone.
 */
export function undoVerdicts(store: Store, runId: string, body: unknown): void {
  const request = parse(undoRequestSchema, body);
  store.transaction(() => {
    for (const id of request.events) {
      if (store.undoReview(runId, id) === false) {
        throw new ReviewRequestError(
          `Verdict ${id} cannot be undone: it is not a verdict of run ${runId}, or it was undone already.`,
          409,
        );
      }
    }
  });
}
