import { type Config, configFromEnvironment } from "../../core/config.js";
import { CancelledError } from "../../core/errors/CancelledError.js";
import { type EventSink, ignoreEvents } from "../../core/events.js";
import type { QualitySettings } from "../../core/recipe/qualitySchema.js";
import { startWorker, type WorkerClient } from "../../worker/startWorker.js";
import { workerAssetsDir, workerModelCacheDir } from "../../worker/workerPaths.js";
import type { DatasetRecord } from "../DatasetRecord.js";
import type { FilterOutcome } from "../filters/FilterOutcome.js";
import { bertScoreThreshold } from "../gates/bertScoreThresholds.js";
import { evaluateGates } from "../gates/evaluateGates.js";
import type { BertScoreReport, QualityReport } from "../QualityReport.js";
import type { ReferenceCorpus } from "../ReferenceCorpus.js";
import { resolveWorkerEncoder, workerEncoderName } from "./resolveWorkerEncoder.js";

export { englishEncoder } from "./resolveWorkerEncoder.js";

/** Inputs of {@link runWorkerChecks}. */
export interface WorkerChecksInput {
  records: readonly DatasetRecord[];
  outcome: FilterOutcome;
  report: QualityReport;
  quality: QualitySettings;
  language: string;
  reference?: ReferenceCorpus;
  /** Folder a relative encoder path resolves against. */
  directory?: string;
  config?: Config;
  events?: EventSink;
  signal?: AbortSignal;
}

/** True when the recipe asks for any check that runs in the Python worker. */
export function wantsWorkerChecks(quality: QualitySettings, hasReference: boolean): boolean {
  return (
    quality.bertScore !== undefined ||
    quality.syntax === true ||
    quality.semanticSpread === true ||
    (quality.discriminator === true && hasReference)
  );
}

/**
 * The checks of docs/metrics.md that need a neural model, in the Python worker: BERTScore of the
 * recipe's field pairs (with shuffled pairs beside it), the syntax check (records without a
 * predicate are rejected with reason `syntax`), semantic spread and the transformer
 * discriminator. Fills the report's sections, moves syntax rejections into the outcome and
 * re-evaluates the gates. The syntax check runs first, so the other checks see only the texts
 * it accepts; all of them run after the filters, so the word metrics still include the texts
 * the syntax check rejects.
 */
export async function runWorkerChecks(input: WorkerChecksInput): Promise<void> {
  const { quality, report, outcome, records } = input;
  if (!wantsWorkerChecks(quality, input.reference !== undefined)) return;
  const config = input.config ?? configFromEnvironment();
  const events = input.events ?? ignoreEvents;
  const assetsDir = workerAssetsDir(config);
  const modelCacheDir = workerModelCacheDir(config);
  const resolveEncoder = (configured: string | undefined): Promise<string> =>
    resolveWorkerEncoder(configured, {
      language: input.language,
      config,
      events,
      ...(input.signal ? { signal: input.signal } : {}),
      ...(input.directory !== undefined ? { directory: input.directory } : {}),
    });
  const started = performance.now();
  let worker: WorkerClient | undefined;
  try {
    worker = await startWorker({ config, events, signal: input.signal });
    const kept = outcome.kept.map((index) => ({ index, record: records[index]! }));

    if (quality.syntax) {
      const texts = kept.map(({ index }) => outcome.verdicts[index]!.text ?? "");
      const result = (await worker.request("syntax", {
        texts,
        language: input.language,
        // UDPipe segments Chinese itself; its segmentation suits its tagger better than
        // Intl.Segmenter's, which splits words such as 贴心 (docs/quality.md gives the counts).
        tokens: null,
        assetsDir,
      })) as unknown as SyntaxResult;
      const examples: { id: string; text: string }[] = [];
      result.results.forEach((parse, position) => {
        const { index, record } = kept[position]!;
        const verdict = outcome.verdicts[index]!;
        verdict.decisions.push({
          check: "syntax",
          decision: parse.ok ? "pass" : "reject",
          ...(parse.ok ? {} : { reason: "syntax" }),
          details: { predicate: parse.predicate, roots: parse.roots, parser: result.parser },
        });
        if (!parse.ok) {
          verdict.status = "rejected";
          verdict.reason = "syntax";
          if (examples.length < 10) examples.push({ id: record.id, text: texts[position]! });
        }
      });
      const rejected = result.results.filter((parse) => !parse.ok).length;
      outcome.kept = outcome.kept.filter((index) => outcome.verdicts[index]!.status === "accepted");
      report.counts.accepted -= rejected;
      report.counts.rejected += rejected;
      if (rejected > 0)
        report.counts.rejectedByReason.syntax = (report.counts.rejectedByReason.syntax ?? 0) + rejected;
      report.syntax = { parser: result.parser, checked: texts.length, rejected, examples };
    }

    if (quality.bertScore) {
      const settings = quality.bertScore;
      const pairs: { id: string; candidate: string; reference: string; field: number }[] = [];
      settings.pairs.forEach(([candidateField, referenceField], field) => {
        for (const index of outcome.kept) {
          const record = records[index]!;
          const candidate = record.fields?.[candidateField];
          const reference = record.fields?.[referenceField];
          if (candidate?.trim() && reference?.trim())
            pairs.push({ id: record.id, candidate, reference, field });
        }
      });
      const encoder = await resolveEncoder(settings.encoder);
      const result = (await worker.request("bertscore", {
        candidates: pairs.map((pair) => pair.candidate),
        references: pairs.map((pair) => pair.reference),
        encoder,
        layer: settings.layer ?? null,
        assetsDir,
        modelCacheDir,
      })) as unknown as BertScoreResult;
      const calibration = bertScoreThreshold(
        workerEncoderName(settings.encoder, input.language),
        result.layer,
        input.language,
      );
      report.bertScore = {
        ...bertScoreReport(result, pairs, settings),
        ...(calibration.calibrated ? { encoderThreshold: calibration.threshold } : {}),
      };
    }

    const keptTexts = outcome.kept.map((index) => ({
      id: records[index]!.id,
      text: outcome.verdicts[index]!.text ?? "",
    }));
    if (quality.semanticSpread && keptTexts.length >= 2) {
      const result = (await worker.request("spread", {
        texts: keptTexts.map((entry) => entry.text),
        encoder: await resolveEncoder(quality.encoder),
        assetsDir,
        modelCacheDir,
      })) as unknown as NonNullable<QualityReport["semanticSpread"]>;
      report.semanticSpread = {
        encoder: result.encoder,
        k: result.k,
        entropy: result.entropy,
        maxEntropy: result.maxEntropy,
        sizes: result.sizes,
        texts: result.texts,
      };
    }

    if (
      quality.discriminator &&
      input.reference &&
      keptTexts.length >= 5 &&
      input.reference.texts.length >= 5
    ) {
      const result = (await worker.request("discriminate", {
        real: input.reference.texts,
        generated: keptTexts.map((entry) => entry.text),
        encoder: await resolveEncoder(quality.encoder),
        ...(quality.discriminatorDecoder ? { decoderMethod: quality.discriminatorDecoder } : {}),
        assetsDir,
        modelCacheDir,
      })) as unknown as DiscriminatorResult;
      report.discriminator = {
        encoder: result.encoder,
        method: result.method,
        auc: result.auc,
        foldAucs: result.foldAucs,
        folds: result.folds,
        sampled: result.sampled,
        mostDetectable: result.mostDetectable.map((index) => ({
          id: keptTexts[index]!.id,
          text: keptTexts[index]!.text,
          probability: result.probabilities[index] ?? 0,
        })),
      };
    }
  } catch (error) {
    if (error instanceof CancelledError || input.signal?.aborted) throw error;
    // A check that cannot run is said in the report; its gate reads "not measured".
    const message = error instanceof Error ? error.message : String(error);
    report.workerErrors = [...(report.workerErrors ?? []), message];
    report.warnings.push(`The worker checks could not run: ${message}`);
  } finally {
    await worker?.close();
  }
  report.timings.worker = Math.round(performance.now() - started);
  report.gates = evaluateGates(report, quality.gates);
}

interface BertScoreResult {
  encoder: string;
  layer: number;
  idf: boolean;
  rescaled: boolean;
  precision: (number | null)[];
  recall: (number | null)[];
  f1: (number | null)[];
  meanF1: number | null;
  shuffledMeanF1: number | null;
  margin: number | null;
}

interface SyntaxResult {
  parser: string;
  results: { ok: boolean; predicate: string | null; roots: string[] }[];
}

interface DiscriminatorResult {
  encoder: string;
  method: string;
  auc: number;
  foldAucs: number[];
  folds: number;
  sampled: { real: number; generated: number };
  probabilities: (number | null)[];
  mostDetectable: number[];
}

function mean(values: readonly (number | null)[]): number | undefined {
  const numbers = values.filter((value): value is number => value !== null);
  return numbers.length > 0 ? numbers.reduce((sum, value) => sum + value, 0) / numbers.length : undefined;
}

function bertScoreReport(
  result: BertScoreResult,
  pairs: readonly { id: string; candidate: string; reference: string; field: number }[],
  settings: NonNullable<QualitySettings["bertScore"]>,
): BertScoreReport {
  const lowest = pairs
    .map((pair, index) => ({ ...pair, f1: result.f1[index] ?? 0 }))
    .sort((a, b) => a.f1 - b.f1)
    .slice(0, 8)
    .map(({ id, candidate, reference, f1 }) => ({ id, candidate, reference, f1 }));
  return {
    encoder: result.encoder,
    layer: result.layer,
    idf: result.idf,
    rescaled: result.rescaled,
    fields: settings.pairs.map(([candidate, reference], field) => {
      const scores = pairs.flatMap((pair, index) => (pair.field === field ? [result.f1[index] ?? null] : []));
      return { candidate, reference, pairs: scores.length, meanF1: mean(scores) };
    }),
    pairs: pairs.length,
    meanF1: result.meanF1 ?? undefined,
    meanPrecision: mean(result.precision),
    meanRecall: mean(result.recall),
    shuffledMeanF1: result.shuffledMeanF1 ?? undefined,
    margin: result.margin ?? undefined,
    minMargin: settings.minMargin,
    lowest,
  };
}
