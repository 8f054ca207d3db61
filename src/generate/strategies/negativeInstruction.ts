import type { NegativeMarking } from "./planNegatives.js";

const instructions = {
  en: {
    "near-miss":
      "Important: this example must be a near miss. It should look right at first glance, but one key detail (a fact, name, number, or the part that decides the answer) must be subtly wrong.",
    contradiction:
      "Important: this example must contain a contradiction: the output states something that contradicts its own input or itself (for example a summary saying the opposite of the source, or a text whose wording contradicts its label).",
  },
  zh: {
    "near-miss":
      "重要：这条样本必须是「近似错误」。乍看正确，但有一个关键细节（事实、名称、数字或决定答案的部分）有细微错误。",
    contradiction:
      "重要：这条样本必须包含矛盾：输出的内容与其输入或自身相矛盾（例如摘要与原文意思相反，或文本措辞与其标签相矛盾）。",
  },
} as const;

/**
 * The text appended to the user message of a negative slot (pass it as
 * `extraInstruction` to renderSlotMessages). label-flip returns undefined: the prompt is
 * the normal one and the wrong label is applied afterwards by `applyNegative`.
 */
export function negativeInstruction(marking: NegativeMarking, language: string): string | undefined {
  if (marking.kind === "label-flip") return undefined;
  const texts = language.toLowerCase().startsWith("zh") ? instructions.zh : instructions.en;
  return texts[marking.kind];
}
