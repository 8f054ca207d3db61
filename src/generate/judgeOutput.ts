import type { QualityDecision, RecordStatus } from "../core/record.js";
import type { RecordValidator } from "../core/recordSchema.js";

/** What the generation stage concludes about one model output. */
export interface OutputVerdict {
  status: RecordStatus;
  /**
   * Short reason code when rejected: `parse`, `truncated`, `too-long`, `too-short`, `schema` or
   * `label-mismatch`.
   */
  reason?: string;
  /** The parsed record, when the output parsed as a JSON object. */
  data: Record<string, unknown> | undefined;
  decisions: QualityDecision[];
}

export interface JudgeOptions {
  validate: RecordValidator;
  /** Control values of the slot the output was generated for. */
  cell: Record<string, string>;
  /** The output's label field; checked against the cell value of the dimension of the same name. */
  labelField: string | undefined;
  /** True when the model stopped at its token limit: output that does not parse was cut off. */
  stoppedAtTokenLimit?: boolean;
  /** `maxLength` of string fields: a longer text is rejected as `too-long` (decoding does not cut it). */
  lengthLimits?: Record<string, number>;
  /** `minLength` of string fields: a shorter text is rejected as `too-short` (decoding does not lengthen it). */
  minimumLengths?: Record<string, number>;
}

/**
 * Parses and checks one output: it must be a JSON object, validate against the output schema,
 * and (when the plan has a dimension named like the label field) carry the label the slot
 * asked for. A failure is a rejection with a reason, never an exception.
 */
export function judgeOutput(json: unknown, text: string, options: JudgeOptions): OutputVerdict {
  const value = json ?? tryParse(text);
  if (value === null || typeof value !== "object" || Array.isArray(value)) {
    const cut = value === undefined && (options.stoppedAtTokenLimit === true || endsUnfinished(text));
    const reason = cut
      ? `truncated: the model stopped at its token limit before closing its answer: ${preview(text)}`
      : value === undefined
        ? `output is not JSON: ${preview(text)}`
        : `expected a JSON object, got ${preview(JSON.stringify(value))}`;
    return {
      status: "rejected",
      reason: cut ? "truncated" : "parse",
      data: undefined,
      decisions: [{ check: cut ? "truncated" : "schema", decision: "reject", reason }],
    };
  }
  const data = value as Record<string, unknown>;
  for (const [field, limit] of Object.entries(options.lengthLimits ?? {})) {
    const fieldValue = data[field];
    const length = typeof fieldValue === "string" ? [...fieldValue].length : 0;
    if (length > limit) {
      return {
        status: "rejected",
        reason: "too-long",
        data,
        decisions: [
          {
            check: "schema",
            decision: "reject",
            reason: `too-long: field \`${field}\` has ${length} characters, more than its maxLength of ${limit}`,
          },
        ],
      };
    }
  }
  for (const [field, minimum] of Object.entries(options.minimumLengths ?? {})) {
    const fieldValue = data[field];
    if (typeof fieldValue !== "string") continue;
    const length = [...fieldValue].length;
    if (length < minimum) {
      return {
        status: "rejected",
        reason: "too-short",
        data,
        decisions: [
          {
            check: "schema",
            decision: "reject",
            reason: `too-short: field \`${field}\` has ${length} characters, fewer than its minLength of ${minimum}`,
          },
        ],
      };
    }
  }
  const problem = options.validate(data);
  if (problem !== undefined) {
    return {
      status: "rejected",
      reason: "schema",
      data,
      decisions: [{ check: "schema", decision: "reject", reason: problem }],
    };
  }
  const decisions: QualityDecision[] = [{ check: "schema", decision: "pass" }];
  const field = options.labelField;
  const wanted = field === undefined ? undefined : options.cell[field];
  if (field !== undefined && wanted !== undefined) {
    const got = data[field];
    if (String(got) !== wanted) {
      decisions.push({
        check: "label",
        decision: "reject",
        reason: `label ${JSON.stringify(got)} but the slot asked for ${JSON.stringify(wanted)}`,
      });
      return { status: "rejected", reason: "label-mismatch", data, decisions };
    }
    decisions.push({ check: "label", decision: "pass" });
  }
  return { status: "accepted", data, decisions };
}

/**
 * True when the text is JSON that stops before it is complete (an unterminated string, an
 * object never closed): an answer cut off, however the model came to stop, not a malformed one.
 */
function endsUnfinished(text: string): boolean {
  const trimmed = text.trimEnd();
  if (!trimmed.startsWith("{")) return false;
  try {
    JSON.parse(trimmed);
    return false;
  } catch (error) {
    const message = (error as Error).message;
    if (/Unterminated string|Unexpected end of JSON input/.test(message)) return true;
    const position = /position (\d+)/.exec(message);
    return position !== null && Number(position[1]) >= trimmed.length;
  }
}

function tryParse(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

function preview(text: string): string {
  const flat = text.replace(/\s+/g, " ").trim();
  return flat.length > 60 ? `${flat.slice(0, 57)}...` : flat === "" ? "(empty)" : flat;
}
