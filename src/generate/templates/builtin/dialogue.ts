import type { BuiltinTemplate } from "../BuiltinTemplate.js";
import { arrayOf, domainLine, fewShot, languageLine, object, slots, string, system } from "./parts.js";

const turn = object({ role: { type: "string", enum: ["user", "assistant"] }, content: string });
const schema = object({ scenario: string, turns: arrayOf(turn, 2) });
const common = { version: "1.0.0", task: "dialogue", textField: "scenario" } as const;

/** Multi-turn dialogue (ShareGPT shape): alternating user and assistant turns. */
export const dialogueTemplates: BuiltinTemplate[] = [
  {
    ...common,
    id: "dialogue-support-en",
    fieldKinds: { scenario: { kind: "text" }, turns: { kind: "turns" } },
    language: "en",
    title: "Customer-support conversation",
    system: system.en,
    phrasings: [
      `Write a customer-support chat with {{ turns }} user turns, each followed by the agent's reply{% if domain %}, for {{ domain }}{% endif %}.{% if persona %} The customer is {{ persona }}.{% endif %}{% if topic %} The problem concerns {{ topic }}.{% endif %} The agent is polite, accurate and solves the problem.${languageLine.en}${fewShot.en}\nReturn {"scenario": one-line description, "turns": [{"role": "user" or "assistant", "content": ...}]}.`,
      `Support dialogue data: a realistic conversation ({{ turns }} user turns, alternating with the assistant, starting with the user){% if topic %} about {{ topic }}{% endif %}.${domainLine.en}{% if persona %} User: {{ persona }}.{% endif %} Let the user add details or change their mind midway.${languageLine.en}${fewShot.en}\nReturn {"scenario": ..., "turns": [...]}.`,
    ],
    slots: slots("en", "turns", "persona", "topic", "domain"),
    outputSchema: schema,
  },
  {
    ...common,
    id: "dialogue-support-zh",
    fieldKinds: { scenario: { kind: "text" }, turns: { kind: "turns" } },
    language: "zh",
    title: "客服对话",
    system: system.zh,
    phrasings: [
      `写一段客服对话，用户发言 {{ turns }} 轮，每轮后接客服回复{% if domain %}，场景为{{ domain }}{% endif %}。{% if persona %}顾客是{{ persona }}。{% endif %}{% if topic %}问题涉及{{ topic }}。{% endif %}客服礼貌、准确并解决问题。${fewShot.zh}\n返回 {"scenario": 一句话场景描述, "turns": [{"role": "user" 或 "assistant", "content": ...}]}。`,
      `客服对话数据：一段真实的对话（用户 {{ turns }} 轮，与助手交替，由用户开始）{% if topic %}，关于{{ topic }}{% endif %}。${domainLine.zh}{% if persona %}用户：{{ persona }}。{% endif %}让用户在中途补充细节或改变主意。${fewShot.zh}\n返回 {"scenario": ..., "turns": [...]}。`,
    ],
    slots: slots("zh", "turns", "persona", "topic", "domain"),
    outputSchema: schema,
  },
  {
    ...common,
    id: "dialogue-assistant-en",
    fieldKinds: { scenario: { kind: "text" }, turns: { kind: "turns" } },
    language: "en",
    title: "Open-ended assistant conversation",
    system: system.en,
    phrasings: [
      `Write a conversation between a user and a helpful AI assistant with {{ turns }} user turns{% if topic %}, about {{ topic }}{% endif %}.${domainLine.en}{% if persona %} The user is {{ persona }}.{% endif %} Later turns should build on earlier answers (follow-up questions, corrections, requests for detail).${languageLine.en}${fewShot.en}\nReturn {"scenario": ..., "turns": [{"role": ..., "content": ...}]}.`,
      `Multi-turn chat data: {{ turns }} rounds of user question and assistant answer{% if topic %} on {{ topic }}{% endif %}, where each user turn depends on the previous answer.${domainLine.en}{% if persona %} User: {{ persona }}.{% endif %}${languageLine.en}${fewShot.en}\nReturn {"scenario": ..., "turns": [...]}.`,
    ],
    slots: slots("en", "turns", "persona", "topic", "domain"),
    outputSchema: schema,
  },
  {
    ...common,
    id: "dialogue-assistant-zh",
    fieldKinds: { scenario: { kind: "text" }, turns: { kind: "turns" } },
    language: "zh",
    title: "开放式助手对话",
    system: system.zh,
    phrasings: [
      `写一段用户与 AI 助手之间的对话，用户发言 {{ turns }} 轮{% if topic %}，话题是{{ topic }}{% endif %}。${domainLine.zh}{% if persona %}用户是{{ persona }}。{% endif %}后面的发言要基于前面的回答（追问、纠正、要求更多细节）。${fewShot.zh}\n返回 {"scenario": ..., "turns": [{"role": ..., "content": ...}]}。`,
      `多轮对话数据：{{ turns }} 轮用户提问与助手回答{% if topic %}，主题是{{ topic }}{% endif %}，每轮用户发言都依赖上一轮回答。${domainLine.zh}{% if persona %}用户：{{ persona }}。{% endif %}${fewShot.zh}\n返回 {"scenario": ..., "turns": [...]}。`,
    ],
    slots: slots("zh", "turns", "persona", "topic", "domain"),
    outputSchema: schema,
  },
];
