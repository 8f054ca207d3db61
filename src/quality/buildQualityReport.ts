import { availableParallelism } from "node:os";
import { createYieldPoint } from "../core/concurrency/createYieldPoint.js";
import type { FieldSpecs } from "../core/fields/fieldSpecs.js";
import type { QualitySettings } from "../core/recipe/qualitySchema.js";
import { segmentWords } from "../core/text/segmentWords.js";
import { adversarialValidation } from "./adversarial/adversarialValidation.js";
import type { DatasetRecord } from "./DatasetRecord.js";
import { applyFilters } from "./filters/applyFilters.js";
import type { FilterOutcome, IdCluster } from "./filters/FilterOutcome.js";
import { evaluateGates } from "./gates/evaluateGates.js";
import { extractLexicon } from "./lexicon/extractLexicon.js";
import { generalCorpus } from "./lexicon/generalCorpus.js";
import { countTerms } from "./metrics/countTerms.js";
import { datasetMetrics } from "./metrics/datasetMetrics.js";
import { domainTermRatio } from "./metrics/domainTermRatio.js";
import type { JudgeStatistics } from "./metrics/judgeStatistics.js";
import type { MajorityAgreementResult } from "./metrics/majorityAgreement.js";
import type { SpotCheckStatistics } from "./metrics/spotCheckStatistics.js";
import { compareVariety } from "./metrics/varietyComparison.js";
import type { QualityReport, RoundTrendPoint } from "./QualityReport.js";
import type { ReferenceCorpus } from "./ReferenceCorpus.js";
import { guessLanguage } from "./text/isCjkLanguage.js";
import { metricText, metricTextLimit } from "./text/metricText.js";
import { segmentInBackground, segmentTexts } from "./text/segmentTexts.js";

/** Everything one quality check looks at. */
export interface QualityCheckInput {
  /** Records in generation order (the earliest of a duplicate cluster is kept). */
  records: readonly DatasetRecord[];
  source: QualityReport["source"];
  /** BCP 47 tag of the texts (zh, en, ...). */
  language: string;
  quality: QualitySettings;
  reference?: ReferenceCorpus;
  /** Planned records per dimension value: dimension → value → count. */
  plan?: ReadonlyMap<string, ReadonlyMap<string, number>>;
  /** The plan dimension the label field realises. */
  labelDimension?: string;
  /** Every label of the task (the label field's enum), for the leak check. */
  labels?: readonly string[];
  /** The recipe's label examples, which generated texts must not repeat (the leak check). */
  examples?: readonly string[];
  /** The recipe's description, for the voice check of reviews. */
  description?: string;
  /** What each field is: every declared field is checked as its kind asks (else the text field alone). */
  fields?: FieldSpecs;
  /** The text field's `maxLength`, for the truncation check. */
  maxLength?: number;
  majorityAgreement?: MajorityAgreementResult;
  /** The judge's votes and rubric over the run's records (run checks). */
  judge?: JudgeStatistics;
  spotCheck?: SpotCheckStatistics;
  /** Earlier rounds; this check's point is appended by the caller when it is a round. */
  trend?: RoundTrendPoint[];
  /** Texts sampled for self-BLEU [1000]. */
  selfBleuSample?: number;
  /** Distinct texts from which word segmentation runs in worker threads [20000] (tests lower it). */
  segmentInWorkersAbove?: number;
  /** Aborting stops the check at its next pause (every 50 ms of work) with CancelledError. */
  signal?: AbortSignal;
}

function reasonKind(reason: string): string {
  const kind =
    /^(schema|length|truncated|too-long|too-short|language|symbols|repetition|leak|voice|echo|span|untranslated|label-vote|rubric|label-mismatch|sensitive|contradiction|duplicate|near-duplicate)/.exec(
      reason,
    )?.[1];
  return kind ?? "other";
}

/**
 * Applies the filters and measures everything docs/metrics.md defines that needs no neural model,
 * then evaluates the gates. Pure with respect to storage: callers store the verdicts.
 */
export async function buildQualityReport(
  input: QualityCheckInput,
): Promise<{ report: QualityReport; outcome: FilterOutcome }> {
  const timings: Record<string, number> = {};
  // Timings of work that overlaps other steps: from its start to its own end.
  const timed = <T>(name: string, work: () => Promise<T>): Promise<T> => {
    const started = performance.now();
    return work().then((result) => {
      timings[name] = Math.round(performance.now() - started);
      return result;
    });
  };
  const time = async <T>(name: string, work: () => T | Promise<T>): Promise<T> => {
    const started = performance.now();
    const result = await work();
    timings[name] = Math.round(performance.now() - started);
    return result;
  };
  const { records, quality, language } = input;
  // The steps below are long synchronous loops; pausing between items keeps Ctrl-C working.
  const pause = createYieldPoint(input.signal);
  // Word segmentation (Intl.Segmenter, the slowest step on Chinese) starts in a worker thread on
  // every distinct valid text while the filters run here (and the filters' MinHash workers);
  // kept texts then take their words from it, and only redacted texts are segmented again. Once
  // the filters are done, texts no kept record uses are flagged in shared memory, so the workers
  // skip those not reached yet, and one more worker joins. Small inputs are segmented here, after
  // the filters, kept texts only.
  const distinctTexts: string[] = [];
  const positionOfText = new Map<string, number>();
  for (const record of records) {
    if (!record.valid || record.text === undefined) continue;
    let position = positionOfText.get(record.text);
    if (position === undefined) {
      position = distinctTexts.length;
      positionOfText.set(record.text, position);
      distinctTexts.push(record.text);
    }
  }
  const cores = availableParallelism();
  const background =
    cores >= 2 && distinctTexts.length >= (input.segmentInWorkersAbove ?? 20_000)
      ? segmentInBackground(distinctTexts.map(metricText), language, {
          threads: cores - 1,
          signal: input.signal,
        })
      : undefined;
  const segmentedValid = background ? timed("segmentation", () => background.words) : undefined;
  const segmentedReference = input.reference
    ? timed("reference segmentation", () =>
        segmentTexts(input.reference!.texts.map(metricText), language, {
          parallelAbove: 5000,
          signal: input.signal,
        }),
      )
    : undefined;
  // Either may reject (Ctrl-C) before it is awaited below.
  segmentedValid?.catch(() => {});
  segmentedReference?.catch(() => {});
  const outcome = await time("filters", () =>
    applyFilters(records, {
      language,
      length: quality.length,
      sensitive: quality.sensitive,
      nearDuplicateThreshold: quality.nearDuplicateThreshold,
      ...(input.labels ? { labels: input.labels } : {}),
      ...(input.examples ? { examples: input.examples } : {}),
      ...(input.description === undefined ? {} : { description: input.description }),
      ...(input.maxLength === undefined ? {} : { maxLength: input.maxLength }),
      ...(input.fields === undefined ? {} : { fields: input.fields }),
      signal: input.signal,
    }),
  );
  const kept = outcome.kept.map((index) => ({
    record: records[index]!,
    text: outcome.verdicts[index]!.text!,
  }));
  if (background) {
    const needed = new Uint8Array(distinctTexts.length);
    for (const { record, text } of kept) if (text === record.text) needed[positionOfText.get(text)!] = 1;
    for (let position = 0; position < needed.length; position += 1)
      if (needed[position] === 0) Atomics.store(background.skip, position, 1);
    background.widen();
  }
  const segment = (text: string) => segmentWords(text, language);
  const validWords = await segmentedValid;
  const words = await time("kept segmentation", async () => {
    const list: string[][] = [];
    for (const { record, text } of kept) {
      await pause();
      list.push(
        validWords && text === record.text
          ? validWords[positionOfText.get(text)!]!
          : segment(metricText(text)),
      );
    }
    return list;
  });
  const referenceWords = await segmentedReference;
  await pause();

  const metrics = await time("metrics", () =>
    datasetMetrics({
      texts: kept.map(({ text }) => text),
      words,
      labels: kept.map(({ record }) => record.label),
      cells: kept.map(({ record }) => record.cell),
      plan: input.plan,
      labelDimension: input.labelDimension,
      selfBleuSample: input.selfBleuSample,
    }),
  );
  const reference =
    input.reference && referenceWords
      ? await time("reference metrics", () => ({
          file: input.reference!.file,
          ...datasetMetrics({
            texts: input.reference!.texts,
            words: referenceWords,
            labels: input.reference!.labels,
            selfBleuSample: input.selfBleuSample,
          }),
        }))
      : undefined;

  await pause();
  const domain = await time("domain terms", () => {
    // The reference's own language picks the general corpus it is contrasted with.
    const general =
      quality.lexicon || !input.reference ? undefined : generalCorpus(guessLanguage(input.reference.texts));
    const lexicon =
      quality.lexicon ??
      (referenceWords && general
        ? extractLexicon(referenceWords, general).map((term) => term.term)
        : undefined);
    if (!lexicon || lexicon.length === 0) return undefined;
    const result = domainTermRatio(
      countTerms(words, lexicon, segment),
      referenceWords ? countTerms(referenceWords, lexicon, segment) : undefined,
      quality.lexicon ? "recipe" : "reference",
      kept.length,
    );
    return { ...result, generalCorpus: general?.name };
  });

  await pause();
  const adversarial =
    input.reference && referenceWords && kept.length > 0 && input.reference.texts.length > 0
      ? await time("adversarial", () => {
          const result = adversarialValidation(
            input.reference!.texts.map((text, index) => ({
              text: metricText(text),
              words: referenceWords[index]!,
            })),
            kept.map(({ text }, index) => ({ text: metricText(text), words: words[index]! })),
          );
          const mean =
            result.probabilities.reduce((sum, value) => sum + value, 0) /
            Math.max(1, result.probabilities.length);
          return {
            auc: result.auc,
            foldAucs: result.foldAucs,
            folds: result.folds,
            sampled: result.sampled,
            model: result.model,
            meanProbability: mean,
            mostDetectable: result.mostDetectable.map(({ index, probability }) => ({
              id: kept[index]!.record.id,
              text: kept[index]!.text,
              probability,
            })),
            topFeatures: result.topFeatures,
          };
        })
      : undefined;

  const variety =
    referenceWords && kept.length > 0
      ? await time("variety", () => compareVariety(words, referenceWords))
      : undefined;

  const valid = records.filter((record) => record.valid).length;
  const rejectedByReason: Record<string, number> = {};
  for (const verdict of outcome.verdicts) {
    if (verdict.status !== "rejected") continue;
    const kind = reasonKind(verdict.reason ?? "");
    rejectedByReason[kind] = (rejectedByReason[kind] ?? 0) + 1;
  }
  const { verdicts: _verdicts, kept: _kept, ...filters } = outcome;
  const complete = records.filter((record) => record.valid || !record.stoppedAtTokenLimit).length;
  const measured = {
    metrics,
    domainTermRatio: domain,
    // An answer cut off at the token limit is a truncation, not a failure of constrained decoding.
    schemaValidity: { valid, total: complete, value: complete > 0 ? valid / complete : 0 },
    duplicateRate:
      valid > 0 ? (outcome.exactDuplicates.rejected + outcome.nearDuplicates.rejected) / valid : 0,
    adversarial,
    variety,
    spotCheck: input.spotCheck,
    majorityAgreement: input.majorityAgreement,
    judge: input.judge,
  };
  const textOf = new Map(records.map((record) => [record.id, record.text ?? ""]));
  const example = (kind: "exact" | "near", cluster: IdCluster) => ({
    kind,
    keep: { id: cluster.keep, text: textOf.get(cluster.keep) ?? "" },
    members: cluster.members.slice(0, 5).map((member) => ({ ...member, text: textOf.get(member.id) ?? "" })),
  });
  const bySize = (a: IdCluster, b: IdCluster) => b.members.length - a.members.length;
  const duplicateExamples = [
    ...[...outcome.nearDuplicates.clusters]
      .sort(bySize)
      .slice(0, 8)
      .map((cluster) => example("near", cluster)),
    ...[...outcome.exactDuplicates.clusters]
      .sort(bySize)
      .slice(0, 4)
      .map((cluster) => example("exact", cluster)),
  ];
  const warnings: string[] = [];
  if (!input.reference)
    warnings.push(
      "No reference corpus was given: the adversarial AUC is not measured and the domain-term ratio (if any) is the share of records containing a term.",
    );
  if (input.spotCheck?.warning) warnings.push(`Spot-check: ${input.spotCheck.warning}.`);
  if (kept.length < 30)
    warnings.push(`Only ${kept.length} records were accepted; the metrics are unreliable on so few.`);
  const cut =
    kept.filter(({ text }) => text.length > metricTextLimit).length +
    (input.reference?.texts.filter((text) => text.length > metricTextLimit).length ?? 0);
  if (cut > 0)
    warnings.push(
      `${cut} text${cut === 1 ? " is" : "s are"} longer than ${metricTextLimit.toLocaleString("en")} characters; the word metrics read only ${cut === 1 ? "its" : "their"} first ${metricTextLimit.toLocaleString("en")}.`,
    );
  const report: QualityReport = {
    version: 1,
    createdAt: new Date().toISOString(),
    source: input.source,
    language,
    counts: {
      records: records.length,
      valid,
      accepted: kept.length,
      rejected: records.length - kept.length,
      rejectedByReason,
    },
    ...measured,
    reference,
    filters,
    duplicateExamples,
    gates: evaluateGates(measured, quality.gates),
    trend: input.trend ?? [],
    warnings,
    timings,
  };
  return { report, outcome };
}
