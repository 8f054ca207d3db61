import { parse } from "csv-parse/sync";
import type { z } from "zod";
import { InputFileError } from "../core/errors/InputFileError.js";
import type { ReviewRow } from "../store/Store.js";
import { reviewLineSchema } from "./reviewLineSchema.js";

/** Reviews read from a file, and how many lines were still unreviewed. */
export interface ParsedReviews {
  reviews: ReviewRow[];
  unreviewed: number;
  /** The right label of each row marked wrong (annotation runs, with `labelChoices`), by record id. */
  labels: Map<string, string>;
}

function describe(error: z.ZodError): string {
  const issue = error.issues[0]!;
  const field = issue.path.length > 0 ? `field \`${issue.path.join(".")}\`` : "the line";
  if (issue.path[0] === "verdict") return `${field} must be "correct" or "wrong"`;
  return `${field}: ${issue.message}`;
}

export interface ParseReviewFileOptions {
  /** The run the verdicts are for, named in messages ["this run"]. */
  runId?: string;
  /**
   * Why a record of the run may not be given a verdict (it was never drawn for review, or it was
   * rejected), in words that finish "record id "x" ..."; undefined when it may [every known id may].
   */
  refuse?: (id: string) => string | undefined;
  /**
   * An annotation run's labels: a line marked wrong must then give the right label in its
   * `label` field, one of these.
   */
  labelChoices?: readonly string[];
}

/**
 * Parses and validates every line of a review file (JSONL, or CSV with a header that has `id`
 * and `verdict` columns) before returning anything: a bad line throws an InputFileError naming
 * the file and line, so nothing is stored from a file with an error. Ids must be in `knownIds`,
 * and a verdict must not be for a record that `options.refuse` turns away.
 */
export function parseReviewFile(
  file: string,
  content: string,
  knownIds: ReadonlySet<string>,
  reviewedAt: string,
  options: ParseReviewFileOptions = {},
): ParsedReviews {
  const lines: { line: number; value: unknown }[] = [];
  if (/\.csv$/i.test(file)) {
    let rows: { info: { lines: number }; record: Record<string, string> }[];
    try {
      rows = parse(content, { columns: true, info: true, skip_empty_lines: true, bom: true });
    } catch (error) {
      const line = (error as { lines?: number }).lines;
      throw new InputFileError(file, line, `is not valid CSV (${(error as Error).message})`, {
        cause: error,
      });
    }
    for (const row of rows) lines.push({ line: row.info.lines, value: row.record });
  } else {
    content.split(/\r?\n/).forEach((text, index) => {
      if (text.trim() === "") return;
      try {
        lines.push({ line: index + 1, value: JSON.parse(text) });
      } catch {
        throw new InputFileError(file, index + 1, "is not valid JSON; expected one review object per line");
      }
    });
  }
  const reviews: ReviewRow[] = [];
  const labels = new Map<string, string>();
  const seen = new Set<string>();
  let unreviewed = 0;
  for (const { line, value } of lines) {
    const parsed = reviewLineSchema.safeParse(value);
    if (!parsed.success) throw new InputFileError(file, line, describe(parsed.error));
    const review = parsed.data;
    if (!knownIds.has(review.id))
      throw new InputFileError(
        file,
        line,
        `record id "${review.id}" is not a record of ${options.runId === undefined ? "this run" : `run ${options.runId}`}`,
      );
    if (seen.has(review.id))
      throw new InputFileError(file, line, `record id "${review.id}" is reviewed twice in this file`);
    seen.add(review.id);
    if (review.verdict === undefined || review.verdict === null || review.verdict === "") {
      unreviewed += 1;
      continue;
    }
    const refusal = options.refuse?.(review.id);
    if (refusal !== undefined) throw new InputFileError(file, line, `record id "${review.id}" ${refusal}`);
    const choices = options.labelChoices;
    if (choices !== undefined && review.verdict === "wrong") {
      if (review.label === undefined || !choices.includes(review.label)) {
        throw new InputFileError(
          file,
          line,
          `field \`label\` must be the right label of a row marked wrong, one of ${choices.join(", ")}${review.label === undefined ? "" : `; got "${review.label}"`}`,
        );
      }
      labels.set(review.id, review.label);
    }
    reviews.push({
      recordId: review.id,
      verdict: review.verdict,
      reason: review.reason,
      reviewer: review.reviewer,
      reviewedAt,
    });
  }
  return { reviews, unreviewed, labels };
}
