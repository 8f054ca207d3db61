import type { BuiltinTemplate } from "../BuiltinTemplate.js";
import { domainLine, fewShot, languageLine, object, slots, string, stringList, system } from "./parts.js";

const summary = object({ document: string, summary: string });
const dialogue = object({ dialogue: string, summary: string });
const bullets = object({ document: string, key_points: stringList });
const common = { version: "1.0.0", task: "summarization" } as const;

/** Summarization: a source text and its faithful summary. */
export const summarizationTemplates: BuiltinTemplate[] = [
  {
    ...common,
    id: "summarization-news-en",
    fieldKinds: { document: { kind: "text" }, summary: { kind: "summary", from: ["document"] } },
    language: "en",
    title: "Article and its summary",
    textField: "summary",
    system: system.en,
    phrasings: [
      `Write a news-style article of about 150 words{% if topic %} about {{ topic }}{% endif %}.${domainLine.en} Then summarize it faithfully in {{ length }}, adding nothing that is not in the article.${languageLine.en}${fewShot.en}\nReturn {"document": ..., "summary": ...}.`,
      `Summarization data: write a realistic document (report, article or announcement){% if topic %} on {{ topic }}{% endif %}, then a summary of {{ length }} that keeps its main facts and numbers.${domainLine.en}${languageLine.en}${fewShot.en}\nReturn {"document": ..., "summary": ...}.`,
    ],
    slots: slots("en", "topic", "domain", "length"),
    outputSchema: summary,
  },
  {
    ...common,
    id: "summarization-news-zh",
    fieldKinds: { document: { kind: "text" }, summary: { kind: "summary", from: ["document"] } },
    language: "zh",
    title: "文章及其摘要",
    textField: "summary",
    system: system.zh,
    phrasings: [
      `写一篇约 300 字的新闻稿{% if topic %}，主题是{{ topic }}{% endif %}。${domainLine.zh}然后用{{ length }}忠实地概括它，不添加文中没有的信息。${fewShot.zh}\n返回 {"document": ..., "summary": ...}。`,
      `摘要数据：写一份真实的文档（报告、文章或公告）{% if topic %}，主题：{{ topic }}{% endif %}，再写一段{{ length }}的摘要，保留主要事实和数字。${domainLine.zh}${fewShot.zh}\n返回 {"document": ..., "summary": ...}。`,
    ],
    slots: slots("zh", "topic", "domain", "length"),
    outputSchema: summary,
  },
  {
    ...common,
    id: "summarization-dialogue-en",
    fieldKinds: { dialogue: { kind: "turns" }, summary: { kind: "summary", from: ["dialogue"] } },
    language: "en",
    title: "Conversation and its summary",
    textField: "summary",
    system: system.en,
    phrasings: [
      `Write a conversation of 6 to 10 lines between two or more people{% if topic %} about {{ topic }}{% endif %}, one "Name: line" per line.${domainLine.en} Then summarize who decided or asked what, in {{ length }}.${languageLine.en}${fewShot.en}\nReturn {"dialogue": ..., "summary": ...}.`,
      `Meeting or chat summarization data: write a realistic exchange{% if topic %} on {{ topic }}{% endif %} with speaker names, then a summary of {{ length }} that a colleague who missed it would find useful.${domainLine.en}${languageLine.en}${fewShot.en}\nReturn {"dialogue": ..., "summary": ...}.`,
    ],
    slots: slots("en", "topic", "domain", "length"),
    outputSchema: dialogue,
  },
  {
    ...common,
    id: "summarization-dialogue-zh",
    fieldKinds: { dialogue: { kind: "turns" }, summary: { kind: "summary", from: ["dialogue"] } },
    language: "zh",
    title: "对话及其摘要",
    textField: "summary",
    system: system.zh,
    phrasings: [
      `写一段两人或多人之间 6 到 10 行的对话{% if topic %}，话题是{{ topic }}{% endif %}，每行格式为「姓名：内容」。${domainLine.zh}然后用{{ length }}概括谁决定或提出了什么。${fewShot.zh}\n返回 {"dialogue": ..., "summary": ...}。`,
      `会议或聊天摘要数据：写一段带说话人姓名的真实交流{% if topic %}（话题：{{ topic }}）{% endif %}，再写一段{{ length }}的摘要，让没参加的同事一看就懂。${domainLine.zh}${fewShot.zh}\n返回 {"dialogue": ..., "summary": ...}。`,
    ],
    slots: slots("zh", "topic", "domain", "length"),
    outputSchema: dialogue,
  },
  {
    ...common,
    id: "summarization-bullets-en",
    fieldKinds: { document: { kind: "text" }, key_points: { kind: "summary", from: ["document"] } },
    language: "en",
    title: "Document and its key points",
    textField: "document",
    system: system.en,
    phrasings: [
      `Write a document of about 150 words{% if topic %} about {{ topic }}{% endif %}.${domainLine.en} Then list its three to five key points, one short sentence each.${languageLine.en}${fewShot.en}\nReturn {"document": ..., "key_points": [...]}.`,
      `Key-point extraction data: write a realistic text{% if topic %} on {{ topic }}{% endif %} and the bullet points a careful reader would take away from it, each faithful to the text.${domainLine.en}${languageLine.en}${fewShot.en}\nReturn {"document": ..., "key_points": [...]}.`,
    ],
    slots: slots("en", "topic", "domain"),
    outputSchema: bullets,
  },
  {
    ...common,
    id: "summarization-bullets-zh",
    fieldKinds: { document: { kind: "text" }, key_points: { kind: "summary", from: ["document"] } },
    language: "zh",
    title: "文档及其要点",
    textField: "document",
    system: system.zh,
    phrasings: [
      `写一篇约 300 字的文档{% if topic %}，主题是{{ topic }}{% endif %}。${domainLine.zh}然后列出三到五条要点，每条一句话。${fewShot.zh}\n返回 {"document": ..., "key_points": [...]}。`,
      `要点提取数据：写一段真实的文字{% if topic %}（主题：{{ topic }}）{% endif %}，以及细心的读者会记下的要点，每条都忠于原文。${domainLine.zh}${fewShot.zh}\n返回 {"document": ..., "key_points": [...]}。`,
    ],
    slots: slots("zh", "topic", "domain"),
    outputSchema: bullets,
  },
];
