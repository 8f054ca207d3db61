import { z } from "zod";

/**
 * The prompt. Either a built-in template by id (with parts overridden), or inline text.
 * Templates are Jinja (sandboxed: no code runs); slots are the control dimensions,
 * `examples` (few-shot records), `language`, and anything under `variables`.
 */
export const templateSchema = z
  .strictObject({
    id: z.string().min(1).optional().describe("Built-in template id (see `synthforge templates list`)."),
    system: z.string().optional().describe("System message template."),
    prompt: z.string().min(1).optional().describe("User message template."),
    variables: z
      .record(z.string(), z.string())
      .default({})
      .describe("Extra named slots available to the template."),
  })
  .refine((template) => template.id !== undefined || template.prompt !== undefined, {
    message: "either `id` (a built-in template) or `prompt` (inline template text)",
  });

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
