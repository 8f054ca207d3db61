import type { BuiltinTemplate } from "../BuiltinTemplate.js";
import {
  answerLine,
  domainLine,
  fewShot,
  languageLine,
  nullableString,
  object,
  slots,
  string,
  system,
} from "./parts.js";

const schema = object({ instruction: string, input: nullableString, output: string });
const common = { version: "1.0.0", task: "instruction", textField: "instruction" } as const;

/** Instruction following (Alpaca shape): an instruction, an optional input, and a good response. */
export const instructionTemplates: BuiltinTemplate[] = [
  {
    ...common,
    id: "instruction-general-en",
    fieldKinds: {
      instruction: { kind: "instruction" },
      input: { kind: "input" },
      output: { kind: "answer", from: ["instruction"] },
    },
    language: "en",
    title: "General instruction and response",
    system: system.en,
    phrasings: [
      `Invent a task a user might give an AI assistant{% if topic %} about {{ topic }}{% endif %} ({{ difficulty }} difficulty).${domainLine.en} Give any material the task needs as "input" (null if none) and write an excellent response.${answerLine.en}${languageLine.en}${fewShot.en}\nReturn {"instruction": ..., "input": ... or null, "output": ...}.`,
      `Instruction-tuning data: one realistic, specific instruction{% if topic %} involving {{ topic }}{% endif %}, optional input text, and the response a careful expert would give.${domainLine.en} Vary the kind of task (explain, list, compare, plan, write, classify, ...).${answerLine.en}${languageLine.en}${fewShot.en}\nReturn {"instruction": ..., "input": ..., "output": ...}.`,
      `Write a request someone could type into a chat assistant, {{ difficulty }} to answer well{% if topic %}, on {{ topic }}{% endif %}, and the ideal answer.${domainLine.en} Put pasted material, if any, in "input"; otherwise input is null.${answerLine.en}${languageLine.en}${fewShot.en}\nReturn {"instruction": ..., "input": ..., "output": ...}.`,
    ],
    slots: slots("en", "topic", "domain", "difficulty"),
    outputSchema: schema,
  },
  {
    ...common,
    id: "instruction-general-zh",
    fieldKinds: {
      instruction: { kind: "instruction" },
      input: { kind: "input" },
      output: { kind: "answer", from: ["instruction"] },
    },
    language: "zh",
    title: "通用指令与回答",
    system: system.zh,
    phrasings: [
      `设计一个用户可能交给 AI 助手的任务{% if topic %}（关于{{ topic }}）{% endif %}，难度{{ difficulty }}。${domainLine.zh}任务需要的材料放在 "input" 中（没有则为 null），并写出优秀的回答。${answerLine.zh}${fewShot.zh}\n返回 {"instruction": ..., "input": ... 或 null, "output": ...}。`,
      `指令微调数据：一条真实、具体的指令{% if topic %}（涉及{{ topic }}）{% endif %}，可选的输入文本，以及细心的专家会给出的回答。${domainLine.zh}任务类型要多样（解释、列举、比较、规划、写作、分类等）。${answerLine.zh}${fewShot.zh}\n返回 {"instruction": ..., "input": ..., "output": ...}。`,
      `写一条有人会在聊天助手里输入的请求，难度{{ difficulty }}{% if topic %}，主题是{{ topic }}{% endif %}，以及理想的回答。${domainLine.zh}如有粘贴的材料放在 "input"，否则 input 为 null。${answerLine.zh}${fewShot.zh}\n返回 {"instruction": ..., "input": ..., "output": ...}。`,
    ],
    slots: slots("zh", "topic", "domain", "difficulty"),
    outputSchema: schema,
  },
  {
    ...common,
    id: "instruction-coding-en",
    fieldKinds: {
      instruction: { kind: "instruction" },
      input: { kind: "input" },
      output: { kind: "answer", from: ["instruction"] },
    },
    language: "en",
    title: "Programming task and solution",
    system: system.en,
    phrasings: [
      `Write a {{ difficulty }} {{ programming_language }} programming task{% if topic %} about {{ topic }}{% endif %} and a correct, idiomatic solution with a one-paragraph explanation. Put starter code or data in "input" (null if none).${languageLine.en}${fewShot.en}\nReturn {"instruction": ..., "input": ..., "output": ...}.`,
      `Coding-assistant data: a realistic question a developer might ask about {{ programming_language }}{% if topic %} ({{ topic }}){% endif %}, with any code they would paste as "input" (or null), and a helpful answer with working code.${languageLine.en}${fewShot.en}\nReturn {"instruction": ..., "input": ..., "output": ...}.`,
    ],
    slots: slots("en", "programming_language", "topic", "difficulty"),
    outputSchema: schema,
  },
  {
    ...common,
    id: "instruction-coding-zh",
    fieldKinds: {
      instruction: { kind: "instruction" },
      input: { kind: "input" },
      output: { kind: "answer", from: ["instruction"] },
    },
    language: "zh",
    title: "编程任务与解答",
    system: system.zh,
    phrasings: [
      `写一道{{ difficulty }}难度的 {{ programming_language }} 编程题{% if topic %}，关于{{ topic }}{% endif %}，给出正确、地道的解答和一段解释。初始代码或数据放在 "input"（没有则为 null）。${fewShot.zh}\n返回 {"instruction": ..., "input": ..., "output": ...}。`,
      `编程助手数据：开发者可能提出的一个关于 {{ programming_language }} 的真实问题{% if topic %}（{{ topic }}）{% endif %}，他会粘贴的代码放在 "input"（或 null），以及附带可运行代码的有用回答。${fewShot.zh}\n返回 {"instruction": ..., "input": ..., "output": ...}。`,
    ],
    slots: slots("zh", "programming_language", "topic", "difficulty"),
    outputSchema: schema,
  },
  {
    ...common,
    id: "instruction-constrained-en",
    fieldKinds: {
      instruction: { kind: "instruction" },
      input: { kind: "input" },
      output: { kind: "answer", from: ["instruction"] },
    },
    language: "en",
    title: "Instruction with explicit constraints",
    system: system.en,
    phrasings: [
      `Write an instruction{% if topic %} about {{ topic }}{% endif %} that includes two or three explicit, checkable constraints (length, format, words to use or avoid), and a response that satisfies every constraint.${domainLine.en}${languageLine.en}${fewShot.en}\nReturn {"instruction": ..., "input": null or material, "output": ...}.`,
      `Constraint-following data ({{ difficulty }}): an instruction with precise format requirements{% if topic %} on {{ topic }}{% endif %}, and a response that follows all of them exactly.${domainLine.en}${languageLine.en}${fewShot.en}\nReturn {"instruction": ..., "input": ..., "output": ...}.`,
    ],
    slots: slots("en", "topic", "domain", "difficulty"),
    outputSchema: schema,
  },
  {
    ...common,
    id: "instruction-constrained-zh",
    fieldKinds: {
      instruction: { kind: "instruction" },
      input: { kind: "input" },
      output: { kind: "answer", from: ["instruction"] },
    },
    language: "zh",
    title: "带明确约束的指令",
    system: system.zh,
    phrasings: [
      `写一条指令{% if topic %}（关于{{ topic }}）{% endif %}，其中包含两三个明确、可检查的约束（字数、格式、必须使用或避免的词），以及满足所有约束的回答。${domainLine.zh}${fewShot.zh}\n返回 {"instruction": ..., "input": null 或材料, "output": ...}。`,
      `约束遵循数据（难度：{{ difficulty }}）：一条带有精确格式要求的指令{% if topic %}，主题是{{ topic }}{% endif %}，以及完全遵守这些要求的回答。${domainLine.zh}${fewShot.zh}\n返回 {"instruction": ..., "input": ..., "output": ...}。`,
    ],
    slots: slots("zh", "topic", "domain", "difficulty"),
    outputSchema: schema,
  },
];
