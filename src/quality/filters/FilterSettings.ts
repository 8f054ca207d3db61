import type { FieldSpecs } from "../../core/fields/fieldSpecs.js";

/** What the filters need to know; built from the recipe's `quality` section and language. */
export interface FilterSettings {
  /** BCP 47 language tag: picks the word segmenter and the shingling (characters for zh/ja). */
  language: string;
  /** Length bounds of the text in characters; undefined: no bounds. */
  length: { min: number; max: number } | undefined;
  sensitive: { action: "redact" | "reject" | "off"; words: string[] };
  nearDuplicateThreshold: number;
  /** Every label of the task: a text that names its own class is a leak. */
  labels?: readonly string[];
  /** The real examples the generation prompts showed (the recipe's label examples): a text that repeats one was copied. */
  examples?: readonly string[];
  /** The recipe's description: when it (or a record's prompt) asks for reviews, a text in the business's voice is rejected. */
  description?: string;
  /** `maxLength` of the text field in the output schema: a text cut off there is truncated. */
  maxLength?: number;
  /**
   * What each field is: when set, the text checks verify every declared field of a record as its
   * kind asks (`checkRecordFields`); unset, the review pre-filter on the text field alone.
   */
  fields?: FieldSpecs;
  /** Aborting (Ctrl-C) stops the filters at their next pause with CancelledError. */
  signal?: AbortSignal;
}
