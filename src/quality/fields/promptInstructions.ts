import { type LabelGuide, quotedLabelExamples } from "../../core/labels/labelGuide.js";
import type { ChatMessage } from "../../providers/LanguageModel.js";

/**
 * The text of a generation prompt that an output field must not copy (the `leak` check's
 * copied-prompt rule): its system and user messages, without the few-shot answers and without
 * what the prompt says of a label: its real examples and its meaning. Those are what the record
 * is to be about, not instructions: a record that shares five words with one ("I want to cancel
 * my card", "to order a physical card") is like real data, not a copy of the instructions. On
 * banking77, 355 of 9,839 real queries shared five words with an example of their own label's
 * prompt, and 88 more with its meaning (`bench/compare/promptCopy.ts`); the 1.5B teacher's
 * intent records lost 7 of 126 outputs to the meaning, every one a sound query.
 */
export function promptInstructions(messages: readonly ChatMessage[], guide?: LabelGuide): string {
  const text = messages
    .filter((message) => message.role !== "assistant")
    .map((message) => message.content)
    .join("\n");
  const said = (guide ?? []).flatMap((meaning) => [
    ...quotedLabelExamples(meaning),
    ...(meaning.description === "" ? [] : [meaning.description]),
  ]);
  return said.reduce((rest, quote) => rest.split(quote).join(""), text);
}
