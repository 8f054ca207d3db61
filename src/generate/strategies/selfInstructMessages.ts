import type { ChatMessage } from "../../providers/LanguageModel.js";

/** Options of a self-instruct prompt. */
export interface SelfInstructOptions {
  /** Recipe language tag; zh gives a Chinese prompt. */
  language: string;
  /** Optional domain or topic the new instruction should stay in. */
  domain?: string;
}

/**
 * Self-instruct prompt: shows example instructions (seeds first, then accepted ones; pick
 * them with `pickFewShot` for rotation) and asks for one new, different instruction with
 * its input and response (the `evolvedInstructionSchema` shape). Check the result with a
 * NoveltyFilter before accepting it.
 */
export function selfInstructMessages(
  examples: readonly string[],
  options: SelfInstructOptions,
): ChatMessage[] {
  const zh = options.language.toLowerCase().startsWith("zh");
  const list = examples.map((example, index) => `${index + 1}. ${example.replaceAll("\n", " ")}`).join("\n");
  if (zh) {
    return [
      { role: "system", content: "你负责编写多样的指令微调数据。只输出一个 JSON 对象。" },
      {
        role: "user",
        content: `下面是一些任务指令：\n${list}\n\n再写一条新的任务指令${options.domain ? `（领域：${options.domain}）` : ""}，它要与上面所有指令在话题和任务类型上都明显不同，然后给出所需材料（没有则为 null）和优秀的回答。\n返回 {"instruction": ..., "input": ..., "output": ...}。`,
      },
    ];
  }
  return [
    {
      role: "system",
      content: "You write diverse instruction-tuning data. Reply with one JSON object only.",
    },
    {
      role: "user",
      content: `Here are some task instructions:\n${list}\n\nWrite one new task instruction${options.domain ? ` in the domain ${options.domain}` : ""} that clearly differs from all of them in topic and kind of task, then give the material it needs (or null) and an excellent response.\nReturn {"instruction": ..., "input": ..., "output": ...}.`,
    },
  ];
}
