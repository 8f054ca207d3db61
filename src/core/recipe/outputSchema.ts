import { z } from "zod";

const jsonSchemaObject = z.record(z.string(), z.unknown());

/** The JSON Schema of one record and which of its fields play which role. */
export const outputSchema = z.strictObject({
  schema: jsonSchemaObject.describe(
    "JSON Schema (draft 2020-12) of one record; generation is constrained to it (on the embedded model by a grammar: types, enums, required properties, array sizes, and a top-level string's `pattern` of the form `^[…]`, its opening character, or `^[^…]*$`, characters it never holds; string lengths and other patterns are checked after decoding).",
  ),
  textField: z
    .string()
    .min(1)
    .default("text")
    .describe("Field that quality metrics read as the record's text."),
  labelField: z
    .string()
    .min(1)
    .optional()
    .describe("Field that holds the label, for classification (balance, evaluation)."),
});

export type OutputSettings = z.infer<typeof outputSchema>;
