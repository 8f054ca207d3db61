import { createYieldPoint } from "../../core/concurrency/createYieldPoint.js";
import { fieldCheckNames } from "../../core/fields/fieldSpecs.js";
import type { QualityDecision } from "../../core/record.js";
import type { DatasetRecord } from "../DatasetRecord.js";
import { findExactDuplicates } from "../dedup/findExactDuplicates.js";
import { clustersOf, findNearDuplicates } from "../dedup/findNearDuplicates.js";
import { checkRecordFields } from "../fields/checkRecordFields.js";
import { countCharacters } from "../metrics/lengthStats.js";
import { compileWordList, detectSensitive, type SensitiveType } from "../sensitive/detectSensitive.js";
import { redactSensitive } from "../sensitive/redactSensitive.js";
import { isCjkLanguage } from "../text/isCjkLanguage.js";
import { normalizeText } from "../text/normalizeText.js";
import { checkRecordText } from "./checkRecordText.js";
import type { FilterOutcome, RecordVerdict } from "./FilterOutcome.js";
import { toIdClusters } from "./FilterOutcome.js";
import type { FilterSettings } from "./FilterSettings.js";
import { findContradictions } from "./findContradictions.js";

/** Names of the checks the filters store decisions under. */
export const filterChecks = [
  "length",
  ...fieldCheckNames,
  "sensitive",
  "contradiction",
  "exact-duplicate",
  "near-duplicate",
] as const;

/**
 * Runs the filters in order — length bounds, the degeneration and leak checks of
 * `checkRecordText` (truncated, language, symbols, repetition, leak), sensitive content (redact
 * or reject), contradictions,
 * exact duplicates, MinHash LSH near-duplicates — over the valid records. A record rejected by
 * one filter is not seen by the later ones. Deterministic: the same records in the same order
 * give the same decisions, so storing them again changes nothing.
 */
export async function applyFilters(
  records: readonly DatasetRecord[],
  settings: FilterSettings,
): Promise<FilterOutcome> {
  const verdicts: RecordVerdict[] = records.map((record) => ({
    status: record.valid && record.text !== undefined ? "accepted" : "rejected",
    reason: record.valid ? undefined : record.stoppedAtTokenLimit ? "truncated" : "schema",
    text: record.text,
    decisions: [],
  }));
  // Per-record work is linear in the text's length, but many long texts still take seconds:
  // pausing between records keeps Ctrl-C working.
  const pause = createYieldPoint(settings.signal);
  const alive = () => verdicts.flatMap((verdict, index) => (verdict.status === "accepted" ? [index] : []));
  const decide = (index: number, decision: QualityDecision) => {
    const verdict = verdicts[index]!;
    verdict.decisions.push(decision);
    if (decision.decision === "reject") {
      verdict.status = "rejected";
      verdict.reason = decision.reason;
    }
  };

  let lengthRejected = 0;
  if (settings.length) {
    const { min, max } = settings.length;
    for (const index of alive()) {
      const characters = countCharacters(verdicts[index]!.text!);
      const inside = characters >= min && characters <= max;
      if (!inside) lengthRejected += 1;
      decide(
        index,
        inside
          ? { check: "length", decision: "pass" }
          : {
              check: "length",
              decision: "reject",
              reason: `length: ${characters} characters, outside [${min}, ${max}]`,
              details: { characters },
            },
      );
    }
  }

  const textRejected: Record<string, number> = {};
  for (const index of alive()) {
    await pause();
    const record = records[index]!;
    const decisions = settings.fields
      ? checkRecordFields(record.data ?? record.fields ?? {}, settings.fields, {
          language: settings.language,
          ...(settings.labels ? { labels: settings.labels } : {}),
          ...(settings.examples ? { examples: settings.examples } : {}),
          ...(settings.description === undefined ? {} : { description: settings.description }),
          ...(record.prompt === undefined ? {} : { prompt: record.prompt }),
          ...(record.stoppedAtTokenLimit ? { stoppedAtTokenLimit: true } : {}),
        }).decisions
      : checkRecordText(verdicts[index]!.text!, {
          language: settings.language,
          ...(settings.labels ? { labels: settings.labels } : {}),
          ...(settings.examples ? { examples: settings.examples } : {}),
          ...(settings.description === undefined ? {} : { description: settings.description }),
          ...(settings.maxLength === undefined ? {} : { maxLength: settings.maxLength }),
          ...(record.prompt === undefined ? {} : { prompt: record.prompt }),
          ...(record.stoppedAtTokenLimit ? { stoppedAtTokenLimit: true } : {}),
        });
    for (const decision of decisions) {
      decide(index, decision);
      if (decision.decision === "reject")
        textRejected[decision.check] = (textRejected[decision.check] ?? 0) + 1;
    }
  }

  const hitsByType: Partial<Record<SensitiveType, number>> = {};
  let recordsWithHits = 0;
  if (settings.sensitive.action !== "off") {
    const words = compileWordList(settings.sensitive.words);
    for (const index of alive()) {
      await pause();
      const text = verdicts[index]!.text!;
      const hits = detectSensitive(text, words);
      if (hits.length === 0) {
        decide(index, { check: "sensitive", decision: "pass" });
        continue;
      }
      recordsWithHits += 1;
      for (const hit of hits) hitsByType[hit.type] = (hitsByType[hit.type] ?? 0) + 1;
      const types = [...new Set(hits.map((hit) => hit.type))].join(", ");
      // Spans and types only: the matched personal data itself is never stored.
      const spans = hits.map(({ type, start, end }) => ({ type, start, end }));
      if (settings.sensitive.action === "reject") {
        decide(index, {
          check: "sensitive",
          decision: "reject",
          reason: `sensitive: ${types}`,
          details: { hits: spans },
        });
      } else {
        const redacted = redactSensitive(text, hits);
        verdicts[index]!.text = redacted;
        decide(index, {
          check: "sensitive",
          decision: "redact",
          reason: `sensitive: ${types} redacted`,
          details: { hits: spans, text: redacted },
        });
      }
    }
  }

  const ids = records.map((record) => record.id);
  // The normalised text (NFKC, lower case, collapsed whitespace) keys the three filters below.
  // Instruction data is told apart by what it asks (instruction and input), not by its answer:
  // two different questions both answered "Yes" are not duplicates.
  const asking = Object.entries(settings.fields ?? {})
    .filter(([, spec]) => spec.kind === "instruction" || spec.kind === "input")
    .map(([field]) => field);
  const byInstruction = asking.some((field) => settings.fields?.[field]?.kind === "instruction");
  const keyOf = (index: number, text: string) => {
    if (!byInstruction) return text;
    const data = records[index]!.data ?? records[index]!.fields ?? {};
    // A number or a list under an instruction's name (`prompt: 42`) still tells records apart.
    return asking
      .map((field) => {
        const value = data[field];
        return typeof value === "string" ? value : value === undefined ? "" : JSON.stringify(value);
      })
      .join("\n");
  };
  const normalized: string[] = [];
  for (const [index, verdict] of verdicts.entries()) {
    await pause();
    normalized.push(
      verdict.status === "accepted" && verdict.text !== undefined
        ? normalizeText(keyOf(index, verdict.text))
        : "",
    );
  }
  let contradictionRecords = 0;
  let contradictionRejected = 0;
  // Same text, different label: a contradiction only where records carry a label. Two
  // instructions with the same answer ("Yes", "4"), or two answers to one question, are not.
  const labelled =
    settings.fields === undefined || Object.values(settings.fields).some((spec) => spec.kind === "label");
  const candidates = alive();
  const contradictions = labelled
    ? findContradictions(
        candidates.map((index) => normalized[index]!),
        candidates.map((index) => records[index]!.output),
        { normalized: true },
      )
    : [];
  const contradicted = new Map<number, string>();
  for (const contradiction of contradictions) {
    contradictionRecords += contradiction.members.length;
    for (const { index, reason } of contradiction.rejected) contradicted.set(candidates[index]!, reason);
  }
  for (const index of candidates) {
    const reason = contradicted.get(index);
    if (reason !== undefined) contradictionRejected += 1;
    decide(
      index,
      reason === undefined
        ? { check: "contradiction", decision: "pass" }
        : { check: "contradiction", decision: "reject", reason },
    );
  }

  const exactCandidates = alive();
  const exact = findExactDuplicates(
    exactCandidates.map((index) => normalized[index]!),
    { normalized: true },
  );
  const exactSimilarity = new Float64Array(exact.length).fill(1);
  exactCandidates.forEach((index, position) => {
    const keep = exact[position]!;
    decide(
      index,
      keep === -1
        ? { check: "exact-duplicate", decision: "pass" }
        : {
            check: "exact-duplicate",
            decision: "reject",
            reason: `duplicate: same text as ${ids[exactCandidates[keep]!]}`,
            details: { of: ids[exactCandidates[keep]!] },
          },
    );
  });
  const exactIds = exactCandidates.map((index) => ids[index]!);

  await pause();
  const nearCandidates = alive();
  const near = await findNearDuplicates(
    nearCandidates.map((index) => normalized[index]!),
    {
      threshold: settings.nearDuplicateThreshold,
      mode: isCjkLanguage(settings.language) ? "characters" : "words",
      normalized: true,
    },
  );
  nearCandidates.forEach((index, position) => {
    const keep = near.duplicateOf[position]!;
    if (keep === -1) {
      decide(index, { check: "near-duplicate", decision: "pass" });
      return;
    }
    const of = ids[nearCandidates[keep]!]!;
    const similarity = near.similarity[position]!;
    decide(index, {
      check: "near-duplicate",
      decision: "reject",
      reason: `near-duplicate of ${of} (Jaccard ${similarity.toFixed(2)})`,
      details: { of, jaccard: similarity },
    });
  });
  const nearIds = nearCandidates.map((index) => ids[index]!);

  return {
    verdicts,
    kept: alive(),
    length: { rejected: lengthRejected },
    text: { rejectedByCheck: textRejected },
    sensitive: { action: settings.sensitive.action, recordsWithHits, hitsByType },
    contradictions: {
      groups: contradictions.length,
      records: contradictionRecords,
      rejected: contradictionRejected,
    },
    exactDuplicates: {
      rejected: exact.filter((keep) => keep !== -1).length,
      clusters: toIdClusters(clustersOf(exact, exactSimilarity), exactIds),
    },
    nearDuplicates: {
      rejected: near.duplicateOf.filter((keep) => keep !== -1).length,
      clusters: toIdClusters(near.clusters, nearIds),
      parameters: near.parameters,
      verifiedPairs: near.verifiedPairs,
    },
  };
}
