import { z } from "zod";

/**
 * The prompt. Either a built-in template by id (with parts overridden), or inline text.
 * Templates are Jinja (sandboxed: no code runs); slots are the control dimensions,
 * `examples` (few-shot records), `language`, and anything under `variables`.
 */
export const templateSchema = z
  .strictObject({
    id: z.string().min(1).optional().describe("Built-in template id (see `synthforge templates list`)."),
    system: z.string().optional().describe("System message template; replaces the built-in one."),
    prompt: z
      .string()
      .min(1)
      .optional()
      .describe("User message template; replaces the built-in phrasings with this one text."),
    phrasings: z
      .array(z.string().min(1))
      .optional()
      .describe("Alternative user message templates, rotated across plan slots; replaces the built-in ones."),
    rotate: z
      .boolean()
      .default(true)
      .describe(
        "Rotate phrasings across plan slots (slot i uses phrasing i mod n); false always uses the first.",
      ),
    variables: z
      .record(z.string(), z.string())
      .default({})
      .describe("Extra named slots available to the template; they override the built-in defaults."),
  })
  .refine(
    (template) =>
      template.id !== undefined || template.prompt !== undefined || template.phrasings !== undefined,
    {
      message: "either `id` (a built-in template) or `prompt` (inline template text)",
    },
  );

export type TemplateSettings = z.infer<typeof templateSchema>;

/** Few-shot examples drawn from a file of real or hand-written records. */
export const seedsSchema = z.strictObject({
  file: z.string().min(1).describe("JSONL or CSV file, relative to the recipe."),
  perPrompt: z.number().int().min(0).max(20).default(2).describe("Examples shown in each prompt."),
  columns: z
    .record(z.string(), z.string())
    .default({})
    .describe("Map from record field to the column name in the file, when they differ."),
});

export type SeedSettings = z.infer<typeof seedsSchema>;
