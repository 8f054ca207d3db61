import type { BuiltinTemplate } from "../BuiltinTemplate.js";
import { domainLine, fewShot, languageLine, object, slots, string, system } from "./parts.js";

const extractive = object({ context: string, question: string, answer: string });
const open = object({ question: string, answer: string });
const reasoned = object({ question: string, rationale: string, answer: string });
const common = { version: "1.0.0", task: "qa" } as const;

/** Extractive QA (answer is a span of the context), open QA, and QA with a rationale. */
export const qaTemplates: BuiltinTemplate[] = [
  {
    ...common,
    id: "qa-extractive-en",
    fieldKinds: {
      context: { kind: "text" },
      question: { kind: "instruction" },
      answer: { kind: "span", from: ["context"] },
    },
    language: "en",
    title: "Extractive QA: answer is a span of the context",
    textField: "context",
    system: system.en,
    phrasings: [
      `Write a passage of {{ length }}{% if topic %} about {{ topic }}{% endif %}.${domainLine.en} Ask one question it answers, and give the answer as an exact span copied from the passage.${languageLine.en}${fewShot.en}\nReturn {"context": ..., "question": ..., "answer": ...}.`,
      `Reading-comprehension data ({{ difficulty }} difficulty): write a context paragraph{% if topic %} on {{ topic }}{% endif %}, a question about it, and the shortest span of the context that answers it, copied verbatim.${domainLine.en}${languageLine.en}${fewShot.en}\nReturn {"context": ..., "question": ..., "answer": ...}.`,
    ],
    slots: slots("en", "topic", "domain", "difficulty", "length"),
    outputSchema: extractive,
  },
  {
    ...common,
    id: "qa-extractive-zh",
    fieldKinds: {
      context: { kind: "text" },
      question: { kind: "instruction" },
      answer: { kind: "span", from: ["context"] },
    },
    language: "zh",
    title: "抽取式问答：答案是原文片段",
    textField: "context",
    system: system.zh,
    phrasings: [
      `写一段{{ length }}的短文{% if topic %}，主题是{{ topic }}{% endif %}。${domainLine.zh}提出一个短文能回答的问题，答案必须是从短文中逐字复制的片段。${fewShot.zh}\n返回 {"context": ..., "question": ..., "answer": ...}。`,
      `阅读理解数据（难度：{{ difficulty }}）：写一段上下文{% if topic %}（主题：{{ topic }}）{% endif %}，一个关于它的问题，以及上下文中能回答该问题的最短片段（逐字复制）。${domainLine.zh}${fewShot.zh}\n返回 {"context": ..., "question": ..., "answer": ...}。`,
    ],
    slots: slots("zh", "topic", "domain", "difficulty", "length"),
    outputSchema: extractive,
  },
  {
    ...common,
    id: "qa-open-en",
    fieldKinds: { question: { kind: "instruction" }, answer: { kind: "answer", from: ["question"] } },
    language: "en",
    title: "Open question and answer",
    textField: "answer",
    system: system.en,
    phrasings: [
      `Write a question a curious person might ask{% if topic %} about {{ topic }}{% endif %}, and a correct, helpful answer of {{ length }}.${domainLine.en}${languageLine.en}${fewShot.en}\nReturn {"question": ..., "answer": ...}.`,
      `Open-domain QA data ({{ difficulty }} difficulty).${domainLine.en}{% if topic %} Topic: {{ topic }}.{% endif %} Write one specific question and an accurate answer ({{ length }}) that an expert would accept.${languageLine.en}${fewShot.en}\nReturn {"question": ..., "answer": ...}.`,
    ],
    slots: slots("en", "topic", "domain", "difficulty", "length"),
    outputSchema: open,
  },
  {
    ...common,
    id: "qa-open-zh",
    fieldKinds: { question: { kind: "instruction" }, answer: { kind: "answer", from: ["question"] } },
    language: "zh",
    title: "开放式问答",
    textField: "answer",
    system: system.zh,
    phrasings: [
      `写一个好奇的人可能会问的问题{% if topic %}（关于{{ topic }}）{% endif %}，以及一个正确、有帮助的回答，长度{{ length }}。${domainLine.zh}${fewShot.zh}\n返回 {"question": ..., "answer": ...}。`,
      `开放域问答数据（难度：{{ difficulty }}）。${domainLine.zh}{% if topic %}主题：{{ topic }}。{% endif %}写一个具体的问题和一个专家会认可的准确回答（{{ length }}）。${fewShot.zh}\n返回 {"question": ..., "answer": ...}。`,
    ],
    slots: slots("zh", "topic", "domain", "difficulty", "length"),
    outputSchema: open,
  },
  {
    ...common,
    id: "qa-reasoning-en",
    fieldKinds: {
      question: { kind: "instruction" },
      rationale: { kind: "answer", from: ["question"] },
      answer: { kind: "answer", from: ["question"] },
    },
    language: "en",
    title: "Question with a step-by-step rationale",
    textField: "question",
    system: system.en,
    phrasings: [
      `Write a {{ difficulty }} question{% if topic %} about {{ topic }}{% endif %} that needs a few steps of reasoning, the reasoning written out step by step, and the short final answer.${domainLine.en}${languageLine.en}${fewShot.en}\nReturn {"question": ..., "rationale": ..., "answer": ...}.`,
      `Create a word problem or reasoning question ({{ difficulty }}){% if topic %} involving {{ topic }}{% endif %}. Explain how to solve it in clear steps, then state the answer alone.${domainLine.en}${languageLine.en}${fewShot.en}\nReturn {"question": ..., "rationale": ..., "answer": ...}.`,
    ],
    slots: slots("en", "topic", "domain", "difficulty"),
    outputSchema: reasoned,
  },
  {
    ...common,
    id: "qa-reasoning-zh",
    fieldKinds: {
      question: { kind: "instruction" },
      rationale: { kind: "answer", from: ["question"] },
      answer: { kind: "answer", from: ["question"] },
    },
    language: "zh",
    title: "带推理过程的问答",
    textField: "question",
    system: system.zh,
    phrasings: [
      `写一个需要几步推理的问题（难度：{{ difficulty }}）{% if topic %}，关于{{ topic }}{% endif %}，逐步写出推理过程，再给出简短的最终答案。${domainLine.zh}${fewShot.zh}\n返回 {"question": ..., "rationale": ..., "answer": ...}。`,
      `出一道应用题或推理题（{{ difficulty }}）{% if topic %}，涉及{{ topic }}{% endif %}。分步骤清楚地说明解法，最后单独给出答案。${domainLine.zh}${fewShot.zh}\n返回 {"question": ..., "rationale": ..., "answer": ...}。`,
    ],
    slots: slots("zh", "topic", "domain", "difficulty"),
    outputSchema: reasoned,
  },
];
