import type { BuiltinTemplate } from "../BuiltinTemplate.js";
import { classificationTemplates } from "./classification.js";
import { dialogueTemplates } from "./dialogue.js";
import { extractionTemplates } from "./extraction.js";
import { instructionTemplates } from "./instruction.js";
import { multiLabelTemplates } from "./multiLabel.js";
import { paraphraseTemplates } from "./paraphrase.js";
import { preferenceTemplates } from "./preference.js";
import { qaTemplates } from "./qa.js";
import { rewritingTemplates } from "./rewriting.js";
import { summarizationTemplates } from "./summarization.js";
import { translationTemplates } from "./translation.js";

/** Every built-in template as written in the library modules, before validation. */
export const builtinTemplateData: readonly BuiltinTemplate[] = [
  ...classificationTemplates,
  ...multiLabelTemplates,
  ...extractionTemplates,
  ...qaTemplates,
  ...summarizationTemplates,
  ...translationTemplates,
  ...paraphraseTemplates,
  ...rewritingTemplates,
  ...instructionTemplates,
  ...dialogueTemplates,
  ...preferenceTemplates,
];
