import { z } from "zod";
import { fieldKinds } from "../../core/fields/fieldSpecs.js";
import { type TaskType, taskTypes } from "../../core/recipe/taskTypes.js";

/**
 * Task types a built-in template can serve; the same names as the recipe's `task`, less
 * `image-classification`, whose images a generator draws without a prompt.
 */
export const templateTasks = taskTypes.filter(
  (task): task is Exclude<TaskType, "image-classification"> => task !== "image-classification",
);

export type TemplateTask = Exclude<TaskType, "image-classification">;

/** A named slot of a template: what the generation loop (or the recipe) fills in. */
export const templateSlotSchema = z.strictObject({
  name: z.string().regex(/^[a-z_][a-z0-9_]*$/),
  description: z.string().min(1),
  /** Used when neither the plan cell nor `template.variables` gives a value; absent means the slot must be filled. */
  default: z.string().optional(),
  /** A value that shows what the slot expects; used by `templates show` and the render test. */
  sample: z.union([z.string(), z.array(z.string())]),
});

export type TemplateSlot = z.infer<typeof templateSlotSchema>;

/**
 * A built-in template as stored in the library (validated when the library loads).
 * `phrasings` are alternative user messages with the same slots and the same output,
 * rotated across plan slots so a dataset is not written from one prompt.
 */
export const builtinTemplateSchema = z.strictObject({
  id: z.string().regex(/^[a-z0-9]+(-[a-z0-9]+)*$/),
  version: z.string().regex(/^\d+\.\d+\.\d+$/),
  language: z.enum(["en", "zh"]),
  task: z.enum(templateTasks),
  title: z.string().min(1),
  system: z.string().min(1),
  phrasings: z.array(z.string().min(1)).min(2),
  slots: z.array(templateSlotSchema),
  outputSchema: z.record(z.string(), z.unknown()),
  /** Field quality metrics read as the record's text. */
  textField: z.string().min(1),
  /** Field that holds the label, for classification-like tasks. */
  labelField: z.string().min(1).optional(),
  /**
   * What each output field is (`core/fields/fieldSpecs.ts`): which verification checks run on it
   * and how. Fields left out get the task's defaults; a recipe overrides with `quality.fields`.
   */
  fieldKinds: z
    .record(
      z.string(),
      z.strictObject({
        kind: z.enum(fieldKinds),
        language: z.string().optional(),
        from: z.array(z.string()).optional(),
      }),
    )
    .optional(),
});

export type BuiltinTemplate = z.infer<typeof builtinTemplateSchema>;
