import type { BuiltinTemplate } from "../BuiltinTemplate.js";
import { domainLine, fewShot, languageLine, object, slots, string, system } from "./parts.js";

const pair = object({ prompt: string, chosen: string, rejected: string });
const judged = object({ prompt: string, chosen: string, rejected: string, reason: string });
const common = { version: "1.0.0", task: "preference", textField: "prompt" } as const;

/** Preference pairs (DPO shape): a prompt, a better response and a worse one. */
export const preferenceTemplates: BuiltinTemplate[] = [
  {
    ...common,
    id: "preference-pair-en",
    fieldKinds: {
      prompt: { kind: "instruction" },
      chosen: { kind: "answer", from: ["prompt"] },
      rejected: { kind: "input" },
    },
    language: "en",
    title: "Prompt with a chosen and a rejected response",
    system: system.en,
    phrasings: [
      `Write a user request{% if topic %} about {{ topic }}{% endif %}, an excellent response ("chosen"), and a plausible but clearly worse response ("rejected") that is vague, partly wrong or ignores part of the request.${domainLine.en}${languageLine.en}${fewShot.en}\nReturn {"prompt": ..., "chosen": ..., "rejected": ...}.`,
      `Preference data for alignment ({{ difficulty }}): one prompt{% if topic %} on {{ topic }}{% endif %} and two responses; the chosen one is helpful, honest and correct, the rejected one has a specific, realistic flaw.${domainLine.en}${languageLine.en}${fewShot.en}\nReturn {"prompt": ..., "chosen": ..., "rejected": ...}.`,
    ],
    slots: slots("en", "topic", "domain", "difficulty"),
    outputSchema: pair,
  },
  {
    ...common,
    id: "preference-pair-zh",
    fieldKinds: {
      prompt: { kind: "instruction" },
      chosen: { kind: "answer", from: ["prompt"] },
      rejected: { kind: "input" },
    },
    language: "zh",
    title: "提示与优劣两个回答",
    system: system.zh,
    phrasings: [
      `写一条用户请求{% if topic %}（关于{{ topic }}）{% endif %}，一个优秀的回答（"chosen"），以及一个看似合理但明显更差的回答（"rejected"）：含糊、部分错误或忽略了部分要求。${domainLine.zh}${fewShot.zh}\n返回 {"prompt": ..., "chosen": ..., "rejected": ...}。`,
      `对齐用偏好数据（难度：{{ difficulty }}）：一条提示{% if topic %}，主题是{{ topic }}{% endif %}，以及两个回答；chosen 有帮助、诚实且正确，rejected 有一个具体、真实的缺陷。${domainLine.zh}${fewShot.zh}\n返回 {"prompt": ..., "chosen": ..., "rejected": ...}。`,
    ],
    slots: slots("zh", "topic", "domain", "difficulty"),
    outputSchema: pair,
  },
  {
    ...common,
    id: "preference-judged-en",
    fieldKinds: {
      prompt: { kind: "instruction" },
      chosen: { kind: "answer", from: ["prompt"] },
      rejected: { kind: "input" },
      reason: { kind: "answer", from: ["prompt"] },
    },
    language: "en",
    title: "Preference pair with the judge's reason",
    system: system.en,
    phrasings: [
      `Write a prompt{% if topic %} about {{ topic }}{% endif %}, two responses to it, and a one-sentence reason a careful judge prefers the chosen one over the rejected one.${domainLine.en}${languageLine.en}${fewShot.en}\nReturn {"prompt": ..., "chosen": ..., "rejected": ..., "reason": ...}.`,
      `Reward-model data: a prompt, a better and a worse answer that differ in one clear way (accuracy, safety, completeness or tone){% if topic %}, on {{ topic }}{% endif %}, and the reason for the preference.${domainLine.en}${languageLine.en}${fewShot.en}\nReturn {"prompt": ..., "chosen": ..., "rejected": ..., "reason": ...}.`,
    ],
    slots: slots("en", "topic", "domain"),
    outputSchema: judged,
  },
  {
    ...common,
    id: "preference-judged-zh",
    fieldKinds: {
      prompt: { kind: "instruction" },
      chosen: { kind: "answer", from: ["prompt"] },
      rejected: { kind: "input" },
      reason: { kind: "answer", from: ["prompt"] },
    },
    language: "zh",
    title: "带评判理由的偏好对",
    system: system.zh,
    phrasings: [
      `写一条提示{% if topic %}（关于{{ topic }}）{% endif %}、针对它的两个回答，以及细心的评审偏好 chosen 而非 rejected 的一句话理由。${domainLine.zh}${fewShot.zh}\n返回 {"prompt": ..., "chosen": ..., "rejected": ..., "reason": ...}。`,
      `奖励模型数据：一条提示，一好一差两个回答，两者在一个明确方面不同（准确性、安全性、完整性或语气）{% if topic %}，主题是{{ topic }}{% endif %}，以及偏好的理由。${domainLine.zh}${fewShot.zh}\n返回 {"prompt": ..., "chosen": ..., "rejected": ..., "reason": ...}。`,
    ],
    slots: slots("zh", "topic", "domain"),
    outputSchema: judged,
  },
];
