import { z } from "zod";
import { entityCorpusFormats } from "../entities/parseEntityCorpus.js";
import { fieldCheckNames, fieldKinds } from "../fields/fieldSpecs.js";

/**
 * Quality gates: thresholds on the metrics of docs/metrics.md, which gives every
 * default. A gate set to `null` is off.
 */
export const gatesSchema = z.strictObject({
  entropy: z
    .number()
    .nullable()
    .default(3.8)
    .describe("Minimum Shannon entropy (bits) of the text field's words."),
  domainTermRatio: z
    .number()
    .min(0)
    .max(1)
    .nullable()
    .default(0.7)
    .describe(
      "Minimum domain-term ratio (needs a lexicon or a reference corpus; not measured without either).",
    ),
  schemaValidity: z
    .number()
    .min(0)
    .max(1)
    .nullable()
    .default(1)
    .describe("Minimum share of outputs that validate."),
  duplicateRate: z
    .number()
    .min(0)
    .max(1)
    .nullable()
    .default(0.1)
    .describe("Maximum share of valid records removed as exact or near-duplicates."),
  adversarialAuc: z
    .number()
    .min(0)
    .max(1)
    .nullable()
    .default(0.75)
    .describe("Maximum real-vs-generated ROC AUC."),
  spotCheckErrorRate: z
    .number()
    .min(0)
    .max(1)
    .nullable()
    .default(0.015)
    .describe("Maximum reviewed error rate."),
  labelConfirmed: z
    .number()
    .min(0)
    .max(1)
    .nullable()
    .default(0.9)
    .describe(
      "Minimum share of judged records whose output the judge confirmed (at least judge.minimumAgreement of judge.votes annotations agree).",
    ),
  rubricMean: z
    .number()
    .min(1)
    .max(5)
    .nullable()
    .default(3)
    .describe("Minimum mean rubric score of the judged records, rejected ones included."),
  majorityAgreement: z
    .number()
    .min(0)
    .max(1)
    .nullable()
    .default(null)
    .describe("Minimum majority-vote agreement."),
  // No zod default here or below for the worker checks: a default would enter every parsed
  // recipe, change its hash and so the run id of every existing recipe (resume would start over).
  distinct2Ratio: z
    .number()
    .min(0)
    .nullable()
    .optional()
    .describe(
      "Minimum distinct-2 of the accepted texts over the reference corpus's, both at the same number of texts (needs `quality.reference`; off when unset).",
    ),
  bertScore: z
    .number()
    .min(0)
    .max(1)
    .nullable()
    .optional()
    .describe(
      "Minimum mean BERTScore F1 of the field pairs named in `quality.bertScore.pairs` [when unset: the threshold calibrated for the encoder, 0.5 for all-MiniLM-L6-v2 on English, 0.72 for the Qwen teacher on Chinese (0.65 on English), else 0.85]; the mean must also beat shuffled pairs by `quality.bertScore.minMargin`. Only evaluated when pairs are named.",
    ),
});

/** The worker's evaluation toolchain: BERTScore of field pairs, syntax, semantic spread, discriminator. */
export const bertScoreSettingsSchema = z.strictObject({
  pairs: z
    .array(z.tuple([z.string().min(1), z.string().min(1)]))
    .min(1)
    .describe("Field pairs to compare, e.g. [[source, backTranslation]]: candidate field, reference field."),
  encoder: z
    .string()
    .min(1)
    .optional()
    .describe(
      "all-minilm-l6-v2 (English default), a .gguf file (hidden states; Chinese default: the Qwen teacher), a model folder or a hub id.",
    ),
  layer: z.number().int().min(1).optional().describe("Encoder layer compared (default: the encoder's)."),
  minMargin: z
    .number()
    .min(0)
    .max(1)
    .default(0.05)
    .describe("Minimum margin of the matched pairs' mean F1 over shuffled pairs for the gate to pass."),
});
export type BertScoreSettings = z.infer<typeof bertScoreSettingsSchema>;

const compiles = (pattern: string) => {
  try {
    new RegExp(pattern, "iu");
    return true;
  } catch {
    return false;
  }
};
const phrasesSchema = z
  .array(z.string().min(1).refine(compiles, { message: "a regular expression that compiles" }))
  .optional();

/** One output field's kind and checks, over what the template declares (docs/recipe-reference.md). */
export const fieldSettingsSchema = z.strictObject({
  kind: z
    .enum(fieldKinds)
    .optional()
    .describe(
      "What the field is; decides which checks run on it and how (default: the template's declaration).",
    ),
  language: z
    .string()
    .min(2)
    .optional()
    .describe("Language of the field when it is not the recipe's (a translation's target), e.g. `en`."),
  from: z
    .array(z.string().min(1))
    .optional()
    .describe(
      "Fields this one answers, summarizes, translates or copies from (an answer's instruction, a span's text).",
    ),
  checks: z
    .partialRecord(z.enum(fieldCheckNames), z.boolean())
    .optional()
    .describe("Turn a check off for this field with `false` (e.g. `leak: false`)."),
  phrases: z
    .strictObject({
      leak: phrasesSchema.describe(
        "Extra patterns (regular expressions, case-insensitive) the leak check rejects.",
      ),
      voice: phrasesSchema.describe("Extra patterns the voice check rejects (review fields)."),
      request: phrasesSchema.describe(
        "Extra patterns of a sentence that asks the reader for something, read by the asks-back check (answer fields).",
      ),
      material: phrasesSchema.describe(
        "Extra patterns of words that point at material given with an instruction, read by the missing-input check (instruction fields).",
      ),
    })
    .optional()
    .describe("Extend the phrase lists for this field."),
});
export type FieldSettings = z.infer<typeof fieldSettingsSchema>;

export const qualitySchema = z.strictObject({
  gates: gatesSchema.prefault({}),
  reference: z
    .strictObject({
      file: z.string().min(1).describe("Real reference corpus (CSV, TSV or JSONL), relative to the recipe."),
      textColumn: z
        .string()
        .optional()
        .describe("Column holding the text (default: `text`, or the first column)."),
      labelColumn: z.string().optional().describe("Column holding the label."),
    })
    .optional()
    .describe("Real data to compare against (domain terms, adversarial validation, entropy)."),
  lexicon: z
    .array(z.string().min(1))
    .optional()
    .describe("Domain terms; extracted from the reference when absent."),
  nearDuplicateThreshold: z
    .number()
    .min(0)
    .max(1)
    .default(0.7)
    .describe("Jaccard threshold for near-duplicates."),
  length: z
    .strictObject({ min: z.number().int().min(0).default(1), max: z.number().int().min(1).default(100_000) })
    .optional()
    .describe("Length bounds of the text field, in characters."),
  bertScore: bertScoreSettingsSchema.optional().describe("BERTScore between field pairs (worker)."),
  syntax: z
    .boolean()
    .optional()
    .describe(
      "[false] Reject texts whose parse has no predicate (reason `syntax`; worker: spaCy for English, UDPipe for Chinese).",
    ),
  semanticSpread: z
    .boolean()
    .optional()
    .describe("[false] Entropy of k-means (k = 16) cluster sizes over sentence embeddings (worker)."),
  discriminator: z
    .boolean()
    .optional()
    .describe(
      "[false] Fine-tune an encoder to tell the reference corpus from generated records, 5-fold ROC AUC (worker).",
    ),
  encoder: z
    .string()
    .min(1)
    .optional()
    .describe(
      "Encoder of the spread and the discriminator (default: all-minilm-l6-v2 for English, the Qwen teacher for Chinese).",
    ),
  discriminatorDecoder: z
    .enum(["frozen", "fine-tune"])
    .optional()
    .describe(
      "[frozen] With a GGUF encoder (the Chinese default): frozen hidden states + logistic regression, or `fine-tune` its top 2 layers with a head in each fold (much slower on a CPU; docs/quality.md).",
    ),
  fields: z
    .record(z.string().min(1), fieldSettingsSchema)
    .optional()
    .describe(
      "Per output field: its kind, language and source fields, checks turned off, extra phrases (docs/recipe-reference.md, `quality.fields`).",
    ),
  entities: z
    .strictObject({
      reference: z
        .strictObject({
          file: z
            .string()
            .min(1)
            .describe("Real NER file, relative to the recipe (not the file `evaluate` scores on)."),
          format: z
            .enum(entityCorpusFormats)
            .describe(
              "conll (one token a line, BIO tag last; CoNLL-2003), cluener (CLUENER2020 JSON lines) or mentions (cMedQANER JSON lines).",
            ),
          labelMap: z
            .record(z.string(), z.string())
            .optional()
            .describe("Map from the file's entity types to the recipe's."),
        })
        .describe("Real annotations of the recipe's entity types."),
      minCount: z
        .number()
        .int()
        .min(1)
        .default(3)
        .describe("A name counts once the real data annotates it this many times."),
      minShare: z
        .number()
        .min(0.5)
        .max(1)
        .default(0.9)
        .describe(
          "Agreement needed: the share of a name's annotations with one type, and of its occurrences annotated at all.",
        ),
    })
    .optional()
    .describe(
      "Extraction recipes: check each record against real annotations. An entity the real data types otherwise is rejected as `entity-type-real`, a name it nearly always marks left out as `entity-missed-real` (docs/quality.md).",
    ),
  sensitive: z
    .strictObject({
      action: z.enum(["redact", "reject", "off"]).default("reject"),
      words: z.array(z.string().min(1)).default([]).describe("Extra words to treat as sensitive."),
    })
    .prefault({}),
});

export type QualitySettings = z.infer<typeof qualitySchema>;
export type GateSettings = z.infer<typeof gatesSchema>;
