import { z } from "zod";

/** Kinds of deliberately wrong records (docs/strategies.md, "Negative samples"). */
export const negativeKinds = ["label-flip", "near-miss", "contradiction"] as const;
export type NegativeKind = (typeof negativeKinds)[number];

/** Instruction evolution operations (docs/strategies.md, "Evolution"). */
export const evolutionKinds = ["deepen", "broaden", "concretize"] as const;
export type EvolutionKind = (typeof evolutionKinds)[number];

/** Generation strategies beyond one prompt per slot (issue: generation engine). */
export const strategiesSchema = z
  .strictObject({
    negatives: z
      .strictObject({
        share: z
          .number()
          .min(0)
          .max(1)
          .default(0.1)
          .describe("Share of plan slots made negative (0.1 = 10%)."),
        kinds: z
          .array(z.enum(negativeKinds))
          .min(1)
          .default(["label-flip", "near-miss", "contradiction"])
          .describe("Kinds of negatives, spread evenly over the negative slots."),
      })
      .optional()
      .describe("Share of deliberately negative samples, marked in provenance as `negative:<kind>`."),
    confusable: z
      .strictObject({
        share: z
          .number()
          .min(0)
          .max(1)
          .default(0.3)
          .describe("Share of the plain slots written as hard cases of their label (0.3 = 30%)."),
      })
      .optional()
      .describe(
        "Records of label A written close to the label B the judge confuses with A (before the judge has voted: the label whose name shares most words with A), and verified to still be A by the judge's vote; marked in provenance as `confusable:<B>` (docs/strategies.md).",
      ),
    majorityVote: z
      .strictObject({
        samples: z
          .number()
          .int()
          .min(2)
          .max(15)
          .default(3)
          .describe("Independent samples per slot (k), each with its own seed."),
        minimumAgreement: z
          .number()
          .int()
          .min(1)
          .default(2)
          .describe("Samples that must agree for the slot to be accepted."),
        similarity: z
          .enum(["rouge-l", "bertscore"])
          .default("rouge-l")
          .describe(
            "How free-text samples are compared: ROUGE-L F1, or BERTScore F1 computed by the Python worker (labels are compared exactly).",
          ),
        threshold: z
          .number()
          .min(0)
          .max(1)
          .optional()
          .describe(
            "F1 at or above which two free-text samples agree [ROUGE-L: 0.7; BERTScore: the encoder's calibrated threshold, 0.5 for all-MiniLM-L6-v2 on English, 0.72 for the Qwen teacher on Chinese, else 0.85].",
          ),
        // No zod defaults on the two fields below: a default would change every recipe's hash.
        encoder: z
          .string()
          .min(1)
          .optional()
          .describe(
            "Encoder of `similarity: bertscore`: all-minilm-l6-v2 (English default), a .gguf file (hidden states; Chinese default: the Qwen teacher), a model folder or a hub id.",
          ),
        layer: z
          .number()
          .int()
          .min(1)
          .optional()
          .describe("Encoder layer BERTScore compares (default: the encoder's)."),
      })
      .refine((vote) => vote.minimumAgreement <= vote.samples, {
        message: "`minimumAgreement` no larger than `samples`",
      })
      .refine(
        (vote) => vote.similarity === "bertscore" || (vote.encoder === undefined && vote.layer === undefined),
        {
          message: "`encoder` and `layer` only with `similarity: bertscore`",
        },
      )
      .optional()
      .describe("Draw k samples per slot; accept when enough agree on the label (or text)."),
    selfInstruct: z
      .strictObject({
        examplesPerPrompt: z
          .number()
          .int()
          .min(1)
          .max(20)
          .default(3)
          .describe("Instructions (seeds, then accepted ones) shown as examples in each prompt."),
        noveltyThreshold: z
          .number()
          .gt(0)
          .max(1)
          .default(0.7)
          .describe(
            "A new instruction is kept only when its ROUGE-L F1 against every accepted one is below this.",
          ),
        field: z.string().min(1).default("instruction").describe("Record field that holds the instruction."),
      })
      .optional()
      .describe("Self-instruct: the model writes new instructions from examples; near-copies are rejected."),
    evolution: z
      .strictObject({
        share: z
          .number()
          .min(0)
          .max(1)
          .default(0.3)
          .describe("Share of plan slots that evolve an accepted instruction instead of writing a new one."),
        kinds: z
          .array(z.enum(evolutionKinds))
          .min(1)
          .default(["deepen", "broaden", "concretize"])
          .describe("Evolution operations, spread evenly over the evolving slots."),
        field: z.string().min(1).default("instruction").describe("Record field that holds the instruction."),
      })
      .optional()
      .describe("Evol-Instruct style evolution of accepted instructions (deepen, broaden, concretize)."),
    rounds: z
      .strictObject({
        maximum: z.number().int().min(1).default(3).describe("Rounds at most, the first included."),
        maxTokens: z.number().int().positive().optional().describe("Token budget over all rounds."),
        maxSeconds: z.number().positive().optional().describe("Time budget over all rounds."),
        maxCost: z
          .number()
          .positive()
          .optional()
          .describe("Cost budget over all rounds, in the currency of the provider's price table."),
        entropyTarget: z
          .number()
          .min(0)
          .optional()
          .describe(
            "Word entropy in bits below which a round counts as low-diversity [quality.gates.entropy, else 3.8].",
          ),
        maxDuplicateRate: z
          .number()
          .min(0)
          .max(1)
          .optional()
          .describe(
            "Duplicate rate above which a round counts as low-diversity [quality.gates.duplicateRate, else 0.1].",
          ),
        temperatureStep: z
          .number()
          .gt(0)
          .max(1)
          .default(0.1)
          .describe("How much the temperature rises after a low-diversity round."),
        maxTemperature: z
          .number()
          .min(0)
          .max(2)
          .default(1.2)
          .describe("Temperature ceiling for those rises."),
      })
      .prefault({})
      .describe("Iterative rounds: regenerate rejected slots until targets are met or a budget is spent."),
  })
  .describe("Generation strategies beyond one prompt per slot (docs/strategies.md).");

export type StrategySettings = z.infer<typeof strategiesSchema>;
