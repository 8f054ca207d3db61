import { z } from "zod";

/**
 * Annotation of a user's own file (`synthforge annotate`): every row of `file` becomes one plan
 * slot, the model fills the fields of `output.schema` from the row's `columns`, and the file
 * comes back with those fields added. With an `input` section, `plan` and `template` may be
 * left out (the file sets the count, the annotation prompt is built in).
 */
export const inputSchema = z.strictObject({
  file: z
    .string()
    .min(1)
    .describe(
      "The file to annotate, relative to the recipe: CSV with a header row, TSV (.tsv/.txt, header optional: without one the columns are text, label, column3, ...), JSONL, or Parquet (.parquet; every column read as text, null as empty; Snappy, gzip, Brotli or no compression). Text files are UTF-8 (a BOM is fine); another encoding (GBK, UTF-16, Latin-1) is named with the command that converts it.",
    ),
  columns: z
    .array(z.string().min(1))
    .min(1)
    .optional()
    .describe(
      "Columns shown to the model, in this order (default: output.textField). Every other column is carried through to the output untouched.",
    ),
  duplicates: z
    .enum(["error", "keep"])
    .default("error")
    .describe(
      "Rows whose shown columns repeat an earlier row's: `error` names both lines and stores nothing; `keep` annotates each copy.",
    ),
});

export type InputSettings = z.infer<typeof inputSchema>;
