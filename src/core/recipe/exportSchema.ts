import { z } from "zod";

export const exportFormats = [
  "jsonl",
  "csv",
  "alpaca",
  "sharegpt",
  "openai",
  "conll",
  "hf-ner",
  "spacy",
] as const;
export type ExportFormat = (typeof exportFormats)[number];
/** The formats that need an entity list (`{text, type}` items) in the output schema. */
export const entityExportFormats: readonly ExportFormat[] = ["conll", "hf-ner", "spacy"];

export const exportSchema = z.strictObject({
  formats: z.array(z.enum(exportFormats)).min(1).default(["jsonl"]).describe("Files to write."),
  dir: z
    .string()
    .optional()
    .describe("Output folder (default: out/<recipe name>), relative to the working directory."),
  split: z
    .strictObject({
      train: z.number().min(0).max(1),
      validation: z.number().min(0).max(1).default(0),
      test: z.number().min(0).max(1).default(0),
    })
    .refine(
      (split) => Math.abs(split.train + split.validation + split.test - 1) < 1e-9,
      "shares that add up to 1",
    )
    .optional()
    .describe("Train/validation/test shares; stratified by label when the recipe has a label field."),
  instruction: z
    .string()
    .optional()
    .describe(
      "Instruction text for instruction-tuning formats (default: the recipe's task description). Records with `instruction` and `output` fields, and neither export field set, keep their own instruction, input and output.",
    ),
  inputField: z.string().optional().describe("Record field used as the model input in instruction formats."),
  outputField: z.string().optional().describe("Record field used as the target in instruction formats."),
});

export type ExportSettings = z.infer<typeof exportSchema>;
