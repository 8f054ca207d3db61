import { z } from "zod";

/** What one label means: a sentence, and a few real texts that carry it. */
export const labelEntrySchema = z.union([
  z.string().min(1).describe("The label's description, in a sentence."),
  z.strictObject({
    description: z
      .string()
      .min(1)
      .describe("What the label means, in a sentence: what a text of this label asks or says."),
    examples: z
      .array(z.string().min(1))
      .max(10)
      .optional()
      .describe("A few real texts with this label (shown in the judge's label list and to the generator)."),
  }),
]);

/**
 * The `labels` section: the label field's values with what each means, used in the
 * generation prompt of a slot of that label, and in the judge's and the annotator's label list.
 */
export const labelsSchema = z
  .record(z.string().min(1), labelEntrySchema)
  .describe(
    'Meaning of each value of the label field: `label: description` or `label: { description, examples: [...] }` (up to 10 real texts). The generator of a slot is told its label\'s meaning and up to 3 of its examples; the judge and `synthforge annotate` read every label with its meaning and first example, listed before the text so that a local model evaluates the list once for all records (docs/annotate.md, "Many labels"). Every key must be a value of the label field; labels left out are shown by name alone.',
  );

export type LabelsSection = z.infer<typeof labelsSchema>;
