import type { EvolutionKind } from "../../core/recipe/strategiesSchema.js";
import type { ChatMessage } from "../../providers/LanguageModel.js";

const operations = {
  en: {
    deepen:
      "Rewrite the instruction so it is harder to answer well: add one or two constraints or requirements, or ask for reasoning over several steps. Keep it answerable and natural.",
    broaden:
      "Write a brand-new instruction inspired by the one below: the same domain, but a different and rarer topic or kind of task, about as long and as hard.",
    concretize:
      "Rewrite the instruction so it is more specific: replace general concepts with concrete ones (names, numbers, situations, data). Keep its intent.",
  },
  zh: {
    deepen: "改写这条指令，使它更难回答好：增加一两个约束或要求，或者要求多步推理。保持可回答且自然。",
    broaden: "受下面这条指令启发，写一条全新的指令：领域相同，但话题或任务类型不同、更少见，长度和难度相当。",
    concretize: "改写这条指令，使它更具体：把笼统的概念换成具体的内容（名称、数字、情境、数据），保持原意。",
  },
} as const;

/** Output schema of an evolution call: the evolved instruction, its optional input, and a response. */
export const evolvedInstructionSchema = {
  type: "object",
  properties: {
    instruction: { type: "string", minLength: 1 },
    input: { type: ["string", "null"] },
    output: { type: "string", minLength: 1 },
  },
  required: ["instruction", "input", "output"],
  additionalProperties: false,
} as const;

/**
 * Evol-Instruct prompt: takes an accepted instruction and returns the messages asking the
 * model to evolve it by `kind` (deepen, broaden, concretize) and to answer the new one.
 * The model's reply follows `evolvedInstructionSchema`; the loop maps its fields onto the
 * recipe's output schema.
 */
export function evolveInstructionMessages(
  instruction: string,
  kind: EvolutionKind,
  language: string,
): ChatMessage[] {
  const zh = language.toLowerCase().startsWith("zh");
  const texts = zh ? operations.zh : operations.en;
  const system = zh
    ? "你负责改进指令微调数据。只输出一个 JSON 对象。"
    : "You improve instruction-tuning data. Reply with one JSON object only.";
  const user = zh
    ? `${texts[kind]}\n\n原指令：\n${instruction}\n\n返回 {"instruction": 新指令, "input": 所需材料或 null, "output": 对新指令的优秀回答}。`
    : `${texts[kind]}\n\nOriginal instruction:\n${instruction}\n\nReturn {"instruction": the new instruction, "input": material it needs or null, "output": an excellent response to the new instruction}.`;
  return [
    { role: "system", content: system },
    { role: "user", content: user },
  ];
}
