import type { LabelGuide } from "../../core/labels/labelGuide.js";
import type { JudgeSettings } from "../../core/recipe/judgeSchema.js";
import type { QualityDecision, SamplingParameters } from "../../core/record.js";
import type {
  ChoiceSpending,
  GenerateResult,
  LanguageModel,
  TokenUsage,
} from "../../providers/LanguageModel.js";
import {
  describeCondition,
  type JudgeBrief,
  kindPrompt,
  labelPrompt,
  outputPrompt,
  rubricKinds,
  scorePrompt,
} from "./judgePrompts.js";
import { createSpendTally } from "./spendTally.js";

/** Settings of {@link createJudge}. */
export interface JudgeOptions {
  /** The judge model (the teacher itself, or another model). */
  model: LanguageModel;
  /** What the judge is told about the dataset. */
  brief: JudgeBrief;
  /** Votes, agreement and rubric (the recipe's `judge`). */
  settings: Pick<JudgeSettings, "votes" | "minimumAgreement" | "temperature" | "relativeProbability"> & {
    rubric: { mode: "kind" | "score" | "off"; threshold: number };
  };
  /** The field holding the text (classification) [text]. */
  textField?: string;
  /** The label field and its values, for classification: votes compare labels. */
  labelField?: string;
  labels?: readonly string[];
  /** What each label means (the recipe's `labels`): the label prompt lists them, text last. */
  labelGuide?: LabelGuide;
}

/** One record to verify. */
export interface JudgedRecord {
  data: Record<string, unknown>;
  /** The control values it was generated under (empty for a user's data). */
  cell: Record<string, string>;
  /** Base seed of its annotations; vote i uses a seed derived from it. */
  seed: number;
  signal?: AbortSignal;
}

/** What the judge concluded about one record. */
export interface JudgeVerdict {
  /** A `label-vote` decision (votes, agreement) and a `rubric` decision (score, reason). */
  decisions: QualityDecision[];
  /** `label-vote` or `rubric` when the record is rejected. */
  rejectReason: string | undefined;
  usage: TokenUsage;
  /** Calls the judge model answered. */
  calls: number;
}

/** The `label-vote` decision's details, as stored. */
export interface VoteDetails {
  votes: string[];
  agreeing: number;
  required: number;
  /** What the votes were compared with: the record's label, or "yes" for an output check. */
  expected: string;
  /**
   * Where `judge.relativeProbability` decided (an embedded judge's distribution over the labels):
   * the label's probability, the most likely label, and the first over the second's probability.
   */
  relative?: { probability: number; likeliest: string; ratio: number; required: number };
}

/** The `rubric` decision's details, as stored. */
export interface RubricDetails {
  score: number;
  reason: string;
  mode: "kind" | "score";
  kind?: string;
}

/** Tokens a label (or yes/no) answer may take: one enum value in a JSON object. */
const labelAnswerTokens = 16;

/** The sampling of every judge call: the temperature asked for, nucleus 0.95 over the top 40 tokens. */
function judgeSampling(temperature: number, maxTokens: number, seed: number): SamplingParameters {
  return { temperature, topP: 0.95, topK: 40, maxTokens, seed: seed >>> 0 };
}

const kindReasons: Record<string, string> = {
  example: "a realistic example of the dataset",
  question: "a question, not an example of the dataset",
  instruction: "an instruction to write something, not an example",
  "task-description": "describes an example, a label or the task instead of being one",
  data: "a list of data (numbers, names, dates), not an example",
  garbled: "broken, repeated or meaningless words",
};

/**
 * The judge of docs/metrics.md: confirms each record's label (or its output) by the 2-of-3 rule on
 * independent annotations of the record alone, and grades it on the task's rubric. Every
 * answer is constrained to a JSON schema (an enum for labels, kinds and yes/no). The k
 * annotations of a record are asked one after another with the same prompt, so a local model
 * reuses the prompt's cached prefix and evaluates only the answer again.
 */
export function createJudge(options: JudgeOptions) {
  const { model, brief, settings } = options;
  const textField = options.textField ?? "text";
  const labels = options.labels ?? [];
  const classifying = options.labelField !== undefined && labels.length > 0;

  const format = model.choose ? "word" : "json";
  /** k annotations: one evaluation and k draws where the model can (`choose`), else k constrained calls. */
  const pick = async (
    messages: ReturnType<typeof labelPrompt>,
    key: string,
    choices: readonly string[],
    seeds: readonly number[],
    temperature: number,
    signal: AbortSignal | undefined,
    count: (usage: TokenUsage, calls: number) => void,
  ): Promise<{ picks: string[]; probabilities?: Record<string, number> }> => {
    if (model.choose) {
      const chosen = await model.choose({
        messages,
        choices,
        temperature,
        seeds,
        ...(signal ? { signal } : {}),
      });
      count(chosen.usage, 1);
      return { picks: chosen.picks, probabilities: chosen.probabilities };
    }
    const picks: string[] = [];
    for (const seed of seeds) {
      const result = await ask(
        messages,
        enumSchema(key, choices),
        seed,
        temperature,
        labelAnswerTokens,
        signal,
      );
      count(result.usage, result.cached ? 0 : 1);
      picks.push(String((result.json as Record<string, unknown> | undefined)?.[key] ?? ""));
    }
    return { picks };
  };

  const ask = async (
    messages: ReturnType<typeof labelPrompt>,
    schema: Record<string, unknown>,
    seed: number,
    temperature: number,
    maxTokens: number,
    signal: AbortSignal | undefined,
  ): Promise<GenerateResult> =>
    model.generate({
      messages,
      schema,
      sampling: judgeSampling(temperature, maxTokens, seed),
      ...(signal ? { signal } : {}),
    });

  return {
    /** True when the judge votes on labels; otherwise it checks outputs against inputs. */
    classifying,
    /**
     * Labels a text of the user's own (annotation): `settings.votes` annotations of the text
     * alone, each a label, with seeds derived from `seed` as `verify` derives them. For a
     * classifying judge only.
     */
    async annotate(
      text: string,
      seed: number,
      signal?: AbortSignal,
    ): Promise<{
      votes: string[];
      /** The model's probability of each label, where it exposes them (`choose`). */
      probabilities: Record<string, number> | undefined;
      messages: ReturnType<typeof labelPrompt>;
      /**
       * How the votes were drawn, `seed` being the first vote's: with `choose`, from the labels'
       * probabilities at the temperature (topP 1, topK the number of labels, no tokens generated:
       * maxTokens 0); otherwise by constrained calls of at most 16 tokens.
       */
      sampling: SamplingParameters;
      usage: TokenUsage;
      calls: number;
      /** Where the time of the one `choose` call went, where the model measures it. */
      spent?: ChoiceSpending;
    }> {
      if (!classifying) throw new Error("annotate needs a judge with a label field and its labels");
      const spend = createSpendTally();
      const messages = labelPrompt(brief, text, labels, format, options.labelGuide);
      const seeds = Array.from({ length: settings.votes }, (_, vote) => seed + vote * 7919);
      if (model.choose) {
        const chosen = await model.choose({
          messages,
          choices: labels,
          temperature: settings.temperature,
          seeds,
          ...(signal ? { signal } : {}),
        });
        return {
          votes: chosen.picks,
          probabilities: chosen.probabilities,
          messages,
          sampling: { temperature: settings.temperature, topP: 1, topK: labels.length, maxTokens: 0, seed },
          usage: chosen.usage,
          calls: 1,
          ...(chosen.spent === undefined ? {} : { spent: chosen.spent }),
        };
      }
      const { picks: votes } = await pick(
        messages,
        "label",
        labels,
        seeds,
        settings.temperature,
        signal,
        spend.count,
      );
      return {
        votes,
        probabilities: undefined,
        messages,
        sampling: judgeSampling(settings.temperature, labelAnswerTokens, seed),
        usage: spend.usage,
        calls: spend.calls,
      };
    },
    async verify(record: JudgedRecord): Promise<JudgeVerdict> {
      const spend = createSpendTally();
      const { usage, count } = spend;
      const text = String(record.data[textField] ?? "");
      const expected = classifying ? String(record.data[options.labelField!] ?? "") : "yes";
      const messages = classifying
        ? labelPrompt(brief, text, labels, format, options.labelGuide)
        : outputPrompt(brief, record.data, format);
      const seeds = Array.from({ length: settings.votes }, (_, vote) => record.seed + vote * 7919);
      const { picks: votes, probabilities } = await pick(
        messages,
        classifying ? "label" : "answer",
        classifying ? labels : ["yes", "no"],
        seeds,
        settings.temperature,
        record.signal,
        count,
      );
      const agreeing = votes.filter((vote) => vote === expected).length;
      const relative =
        classifying && settings.relativeProbability !== undefined && probabilities !== undefined
          ? relativeTo(probabilities, expected, settings.relativeProbability)
          : undefined;
      const confirmed = relative
        ? relative.ratio >= relative.required
        : agreeing >= settings.minimumAgreement;
      const details: VoteDetails = {
        votes,
        agreeing,
        required: settings.minimumAgreement,
        expected,
        ...(relative ? { relative } : {}),
      };
      const decisions: QualityDecision[] = [
        confirmed
          ? { check: "label-vote", decision: "pass", details }
          : {
              check: "label-vote",
              decision: "reject",
              reason: relative
                ? `label-vote: the judge finds ${JSON.stringify(expected)} ${relative.ratio.toFixed(3)} times as likely as ${JSON.stringify(relative.likeliest)}, under judge.relativeProbability ${relative.required} (votes: ${votes.join(", ")})`
                : classifying
                  ? `label-vote: ${agreeing} of ${votes.length} annotations say ${JSON.stringify(expected)} (${votes.join(", ")})`
                  : `label-vote: ${agreeing} of ${votes.length} checks found the output correct`,
              details,
            },
      ];
      if (!confirmed) return { decisions, rejectReason: "label-vote", usage, calls: spend.calls };
      if (settings.rubric.mode === "off")
        return { decisions, rejectReason: undefined, usage, calls: spend.calls };

      const condition = describeCondition(record.cell);
      let rubric: RubricDetails;
      if (settings.rubric.mode === "kind") {
        const {
          picks: [kind = "garbled"],
        } = await pick(
          kindPrompt(brief, text, condition, format),
          "kind",
          rubricKinds,
          [record.seed + 104_729],
          0,
          record.signal,
          count,
        );
        rubric = {
          score: kind === "example" ? 5 : 1,
          reason: kindReasons[kind] ?? kind,
          mode: "kind",
          kind,
        };
      } else {
        const result = await ask(
          scorePrompt(brief, record.data, condition),
          {
            type: "object",
            properties: { score: { type: "integer", enum: [1, 2, 3, 4, 5] }, reason: { type: "string" } },
            required: ["score", "reason"],
            additionalProperties: false,
          },
          record.seed + 104_729,
          0,
          120,
          record.signal,
        );
        count(result.usage, result.cached ? 0 : 1);
        const answer = result.json as { score?: unknown; reason?: unknown } | undefined;
        const score = typeof answer?.score === "number" ? answer.score : 1;
        rubric = {
          score,
          reason: typeof answer?.reason === "string" ? answer.reason.trim() : "no reason given",
          mode: "score",
        };
      }
      const passes = rubric.score >= settings.rubric.threshold;
      decisions.push(
        passes
          ? { check: "rubric", decision: "pass", details: rubric }
          : {
              check: "rubric",
              decision: "reject",
              reason: `rubric: ${rubric.score} of 5, under ${settings.rubric.threshold} (${rubric.reason})`,
              details: rubric,
            },
      );
      return { decisions, rejectReason: passes ? undefined : "rubric", usage, calls: spend.calls };
    },
  };
}

export type Judge = ReturnType<typeof createJudge>;

/** `expected`'s probability over the most likely label's, against `required`. */
function relativeTo(probabilities: Record<string, number>, expected: string, required: number) {
  let likeliest = expected;
  for (const [label, probability] of Object.entries(probabilities))
    if (probability > (probabilities[likeliest] ?? 0)) likeliest = label;
  const probability = probabilities[expected] ?? 0;
  const top = probabilities[likeliest] ?? 0;
  return { probability, likeliest, ratio: top > 0 ? probability / top : 0, required };
}

function enumSchema(key: string, values: readonly (string | number)[]): Record<string, unknown> {
  return {
    type: "object",
    properties: { [key]: { type: typeof values[0] === "number" ? "integer" : "string", enum: [...values] } },
    required: [key],
    additionalProperties: false,
  };
}
