import { z } from "zod";
import { modelSchema } from "./modelSchema.js";

/**
 * Verification by a judge model (docs/metrics.md, "The judge and votes"):
 * every record that passes the rule checks is annotated `votes` times from its text alone and
 * graded on the task's rubric before it is accepted.
 */
export const judgeSchema = z
  .strictObject({
    enabled: z
      .boolean()
      .default(true)
      .describe("Verify every record with the judge; false accepts what the rule checks pass."),
    model: z
      .union([z.string().min(1), modelSchema.partial()])
      .optional()
      .describe(
        "The judge: a registry name, a .gguf path, or a model section like `model` (an OpenAI-compatible endpoint); default: the generation model, loaded once for both.",
      ),
    models: z
      .array(z.union([z.string().min(1), modelSchema.partial()]))
      .min(2)
      .optional()
      .describe(
        "`synthforge annotate` only: several annotators (registry names, .gguf paths or model sections); vote i is cast by models[i mod n], so 3 votes over 3 models are one vote each. Default: every vote by the recipe's `model`.",
      ),
    votes: z
      .number()
      .int()
      .min(1)
      .max(9)
      .default(3)
      .describe("Independent annotations of each record (different seeds; the intended label never shown)."),
    minimumAgreement: z
      .number()
      .int()
      .min(1)
      .default(2)
      .describe("Annotations that must agree with the record for it to be confirmed (2 of 3)."),
    minimumProbability: z
      .number()
      .min(0)
      .max(1)
      .optional()
      .describe(
        "`synthforge annotate` only: a row is confirmed only when its majority label also holds at least this probability in the judge's distribution over the labels (an embedded judge, one annotator: the one distribution its votes are drawn from). Calibrate it on labelled rows other than those you measure (bench/annotate/manyLabels.ts); without probabilities (an OpenAI-compatible judge, several annotators) only the votes count.",
      ),
    relativeProbability: z
      .number()
      .gt(0)
      .max(1)
      .optional()
      .describe(
        "Generated records with an embedded judge: a record's label is confirmed when the judge's one distribution over every label gives it at least this fraction of the probability of the label it finds most likely (0.05: one twentieth), instead of by `minimumAgreement` of the votes (which are still drawn and reported). For many close labels, where the judge's blind vote names the right one about half the time: on held-out banking77 rows at 77 labels, 0.05 confirmed 81% of true labels where 2 of 3 votes confirmed 54%, and 1% of labels drawn at random (bench/annotate/labelRank.ts). An OpenAI-compatible judge gives no probabilities: the votes decide.",
      ),
    answerCheck: z
      .enum(["auto", "on", "off"])
      .optional()
      .describe(
        "The judge's yes/no vote on a record's output (an answer answers its instruction, a summary stays within its source, ...; not the label vote, the translation or the entity checks): `auto` (when unset) is off for the registry's 0.5B judge, whose votes measured as noise (with the 2-of-3 vote it kept 67% of 30 good English answers and 13% of 30 good Chinese ones; bench/audit/answerJudge.ts; a rubric the recipe turns on keeps it) and for the 1.5B judge on `dialogue` and `qa` recipes (it kept 9 of 12 real dialogues and 8 of 12 real QA answers), and on for every other judge and task.",
      ),
    adequacy: z
      .number()
      .min(0)
      .max(1)
      .optional()
      .describe(
        'Translation recipes: a pair is rejected when the judge\'s probability of "yes, it says the same" is under this, instead of the line the registry records for the judge (0.5 for the 1.5B, which keeps 98–100% of real WMT19 pairs; 0.482 for the 0.5B). A generation run can afford a stricter line than a check of pairs written by people, since a rejected pair is written again; measured at 0.88 on `examples/translation.yaml` (docs/quality.md, "A stricter line for generated pairs"), it halved the share of wrong pairs kept but cost 2.4 times the time a pair, gave shorter, less varied sources and no better student, and would reject most real pairs. A flag line at or under it flags nothing.',
      ),
    temperature: z
      .number()
      .min(0)
      .max(2)
      .default(0.7)
      .describe("Sampling temperature of each annotation; above 0 so that the votes are independent draws."),
    rubric: z
      .strictObject({
        mode: z
          .enum(["auto", "kind", "score", "off"])
          .default("auto")
          .describe(
            "`kind`: the judge says what kind of text each record is (an example of the dataset, a question, an instruction, a description of the task, data, garbled), and anything but an example scores 1 (else 5); `score`: a free 1–5 score with a one-line reason; `off`; `auto`: `kind` when the judge is an OpenAI-compatible model, `off` for an embedded one (the registry's 0.5B and 1.5B judges measured as noise on both rubrics: docs/quality.md).",
          ),
        threshold: z
          .number()
          .min(1)
          .max(5)
          .default(3)
          .describe("Records the rubric scores below this are rejected with reason `rubric`."),
      })
      .prefault({})
      .describe(
        "LLM-as-judge rubric: realistic for the domain, fluent, on the requested condition, self-contained.",
      ),
  })
  .superRefine((judge, context) => {
    if (judge.minimumAgreement > judge.votes) {
      context.addIssue({
        code: "custom",
        path: ["minimumAgreement"],
        message: `expected at most judge.votes (${judge.votes}) agreeing annotations, got ${judge.minimumAgreement}`,
      });
    }
  })
  .describe("The judge that verifies records before they are accepted.");

export type JudgeSettings = z.infer<typeof judgeSchema>;
