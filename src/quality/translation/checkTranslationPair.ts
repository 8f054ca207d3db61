import type { QualityDecision } from "../../core/record.js";
import type { LanguageModel, TokenUsage } from "../../providers/LanguageModel.js";
import { judgeCalibrationOf } from "../../providers/registry/defaultModels.js";
import { backTranslationChrf } from "./backTranslationChrf.js";
import {
  checkPairRules,
  languageProblem,
  type TranslationDirection,
  visibleLength,
} from "./pairRuleChecks.js";
import { adequacyPrompt, backTranslationPrompt } from "./translationPrompts.js";

/** Where a pair's model checks draw the line (see {@link translationThresholdsFor}). */
export interface TranslationThresholds {
  /**
   * Sentence chrF (sacrebleu's) of the teacher's back-translation against the source, 0–100,
   * under which the pair is rejected; null: the back-translation is scored and stored, and a
   * score under {@link backTranslationFlagChrf} flags the pair for review, but it rejects nothing.
   */
  backTranslationChrf: number | null;
  /** The judge's probability of "yes" to the adequacy question, 0–1, under which the pair is rejected. */
  adequacy: number;
  /**
   * The probability of "yes" under which a pair the adequacy question did not reject is flagged
   * for review (kept, shown first in the spot-check); null: none.
   */
  adequacyFlag: number | null;
}

/**
 * Back-translation chrF under which a pair is flagged for review (not rejected): the threshold
 * that got the most of 48 development pairs right with the 0.5B teacher (real WMT19 pairs against
 * the same pairs with the next pair's or half their translation; bench/translation/checks.ts).
 */
export const backTranslationFlagChrf = 17.4;

/**
 * The thresholds for a judge, by its model id: the adequacy thresholds the registry records for
 * an embedded judge (`judge.adequacy`, with the figures that chose them: the 1.5B rejects under
 * 0.5 and flags for review under 0.784, the 0.5B rejects under 0.482). On the hand-marked pairs
 * no back-translation chrF threshold added to adequacy got more pairs right (every one rejected
 * good pairs whose back-translation was a paraphrase, "他把钱包忘在出租车上了" → "他从出租车里走了钱包"),
 * so back-translation rejects nothing by default. A judge the registry does not know (an API
 * model, answering yes or no outright) uses 0.5 and no flag.
 */
export function translationThresholdsFor(judgeId: string | undefined): TranslationThresholds {
  const measured = judgeCalibrationOf(judgeId)?.adequacy;
  return {
    backTranslationChrf: null,
    adequacy: measured?.reject ?? 0.5,
    adequacyFlag: measured?.flag ?? null,
  };
}

/** Settings of {@link createTranslationChecker}. */
export interface TranslationCheckerOptions {
  /** The teacher or judge that back-translates and answers the adequacy question; none: rule checks only. */
  model?: LanguageModel | undefined;
  direction: TranslationDirection;
  /** The record field with the source text [text]. */
  sourceField?: string;
  /** The record field with its translation [translation]. */
  targetField?: string;
  thresholds?: Partial<TranslationThresholds>;
  /** Which checks run [all]; `rules: false` scores a pair the rules would stop (benches). */
  rules?: boolean;
  backTranslation?: boolean;
  adequacy?: boolean;
}

/** What the checks found about one pair. */
export interface TranslationVerdict {
  decisions: QualityDecision[];
  /** The first failed check's code (`source-language`, `target-language`, `length-ratio`, `numbers`, `names`, `days`, `times`, `untranslated-words`, `dictionary`, `back-translation`, `adequacy`). */
  rejectReason: string | undefined;
  usage: TokenUsage;
  /** Calls the model answered. */
  calls: number;
}

/** The details stored with a `back-translation` decision. */
export interface BackTranslationDetails {
  backTranslation: string;
  chrf: number;
  /** The chrF that rejects, or, when back-translation only flags, the one that flags. */
  threshold: number;
}

/** The details stored with an `adequacy` decision. */
export interface AdequacyDetails {
  yes: number;
  threshold: number;
}

/** Cleans a back-translation: the answer alone, without a "Translation:" label or wrapping quotes. */
export function cleanBackTranslation(text: string): string {
  let cleaned = text.trim();
  cleaned = cleaned.replace(/^(translation|译文|翻译)\s*[:：]\s*/iu, "");
  const quoted = /^["“「『'](.*)["”」』']$/su.exec(cleaned);
  if (quoted) cleaned = quoted[1]!.trim();
  return cleaned;
}

/**
 * Checks that a translation pair means the same both ways (reason codes as docs/metrics.md gives them): the
 * source in its language, the translation in its, a length ratio real pairs show; then, with a
 * model, the model's back-translation of the translation compared with the source by chrF, and
 * its answer to "does the translation say exactly what the source says?" read as the
 * probability of "yes" from one evaluation of the prompt (`LanguageModel.choose`; a constrained
 * yes/no answer where the model has no `choose`). The first failed check rejects the pair.
 */
export function createTranslationChecker(options: TranslationCheckerOptions) {
  const sourceField = options.sourceField ?? "text";
  const targetField = options.targetField ?? "translation";
  const { direction, model } = options;
  const thresholds = { ...translationThresholdsFor(model?.identity.id), ...(options.thresholds ?? {}) };

  return async function check(
    data: Record<string, unknown>,
    seed: number,
    signal?: AbortSignal,
  ): Promise<TranslationVerdict> {
    const usage = { inputTokens: 0, outputTokens: 0 };
    let calls = 0;
    const source = String(data[sourceField] ?? "");
    const translation = String(data[targetField] ?? "");
    const decisions = options.rules === false ? [] : checkPairRules(source, translation, direction);
    const rejected = decisions.find((decision) => decision.decision === "reject");
    if (rejected || !model) return { decisions, rejectReason: rejected?.check, usage, calls };

    if (options.backTranslation !== false) {
      const result = await model.generate({
        messages: backTranslationPrompt(translation, direction.target, direction.source),
        sampling: {
          temperature: 0,
          topP: 1,
          topK: 1,
          maxTokens: Math.min(400, Math.max(32, 2 * visibleLength(source) + 16)),
          seed: seed >>> 0,
        },
        ...(signal ? { signal } : {}),
      });
      usage.inputTokens += result.usage.inputTokens;
      usage.outputTokens += result.usage.outputTokens;
      if (!result.cached) calls += 1;
      const backTranslation = cleanBackTranslation(result.text);
      const chrf = backTranslationChrf(backTranslation, source, direction.source);
      const details: BackTranslationDetails = {
        backTranslation,
        chrf,
        threshold: thresholds.backTranslationChrf ?? backTranslationFlagChrf,
      };
      // A back-translation that came back in the wrong language (the 0.5B teacher sometimes
      // copies the English) says nothing about the pair: it is flagged, and adequacy decides.
      const unusable = languageProblem(backTranslation, direction.source);
      if (unusable !== undefined) {
        decisions.push({
          check: "back-translation",
          decision: "flag",
          reason: `back-translation: not scored, the back-translation ${unusable}`,
          details,
        });
      } else if (thresholds.backTranslationChrf === null) {
        decisions.push({
          check: "back-translation",
          decision: chrf < backTranslationFlagChrf ? "flag" : "pass",
          ...(chrf < backTranslationFlagChrf
            ? {
                reason: `back-translation: chrF ${chrf.toFixed(1)} of the translation translated back against the source, under ${backTranslationFlagChrf}; flagged for review, not rejected ("${backTranslation.slice(0, 80)}")`,
              }
            : {}),
          details,
        });
      } else if (chrf < thresholds.backTranslationChrf) {
        decisions.push({
          check: "back-translation",
          decision: "reject",
          reason: `back-translation: chrF ${chrf.toFixed(1)} of the translation translated back against the source, under ${thresholds.backTranslationChrf} ("${backTranslation.slice(0, 80)}")`,
          details,
        });
        return { decisions, rejectReason: "back-translation", usage, calls };
      } else {
        decisions.push({ check: "back-translation", decision: "pass", details });
      }
    }

    if (options.adequacy !== false) {
      const messages = adequacyPrompt(source, translation, direction.source, direction.target);
      let yes: number;
      if (model.choose) {
        const chosen = await model.choose({
          messages,
          choices: ["yes", "no"],
          temperature: 0,
          seeds: [seed >>> 0],
          ...(signal ? { signal } : {}),
        });
        usage.inputTokens += chosen.usage.inputTokens;
        usage.outputTokens += chosen.usage.outputTokens;
        calls += 1;
        yes = chosen.probabilities.yes ?? 0;
      } else {
        const result = await model.generate({
          messages,
          schema: {
            type: "object",
            properties: { answer: { type: "string", enum: ["yes", "no"] } },
            required: ["answer"],
            additionalProperties: false,
          },
          sampling: { temperature: 0, topP: 1, topK: 1, maxTokens: 16, seed: seed >>> 0 },
          ...(signal ? { signal } : {}),
        });
        usage.inputTokens += result.usage.inputTokens;
        usage.outputTokens += result.usage.outputTokens;
        if (!result.cached) calls += 1;
        yes = (result.json as { answer?: unknown } | undefined)?.answer === "yes" ? 1 : 0;
      }
      const details: AdequacyDetails = { yes, threshold: thresholds.adequacy };
      if (yes < thresholds.adequacy) {
        decisions.push({
          check: "adequacy",
          decision: "reject",
          reason: `adequacy: the judge gives "yes, it says the same" a probability of ${yes.toFixed(2)}, under ${thresholds.adequacy}`,
          details,
        });
        return { decisions, rejectReason: "adequacy", usage, calls };
      }
      const flag = thresholds.adequacyFlag;
      decisions.push(
        flag !== null && yes < flag
          ? {
              check: "adequacy",
              decision: "flag",
              reason: `adequacy: the judge gives "yes, it says the same" a probability of ${yes.toFixed(2)}, under ${flag}; flagged for review, not rejected`,
              details,
            }
          : { check: "adequacy", decision: "pass", details },
      );
    }
    return { decisions, rejectReason: undefined, usage, calls };
  };
}

export type TranslationChecker = ReturnType<typeof createTranslationChecker>;
