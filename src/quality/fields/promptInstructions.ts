import { type LabelGuide, quotedLabelExamples } from "../../core/labels/labelGuide.js";
import type { ChatMessage } from "../../providers/LanguageModel.js";

/**
 * The text of a generation prompt that an output field must not copy (the `leak` check's
 * copied-prompt rule): its system and user messages, without the few-shot answers and without
 * the real examples of a label the prompt quoted. Those are texts of the task: a record that
 * shares five words with one ("I want to cancel my card") is like real data, not a copy of the
 * instructions (on banking77, 355 of 9,839 real queries shared five words with an example of
 * their own label's prompt).
 */
export function promptInstructions(messages: readonly ChatMessage[], guide?: LabelGuide): string {
  const text = messages
    .filter((message) => message.role !== "assistant")
    .map((message) => message.content)
    .join("\n");
  const quoted = (guide ?? []).flatMap(quotedLabelExamples);
  return quoted.reduce((rest, quote) => rest.split(quote).join(""), text);
}
