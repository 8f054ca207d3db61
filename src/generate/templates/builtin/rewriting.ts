import type { BuiltinTemplate } from "../BuiltinTemplate.js";
import { domainLine, fewShot, languageLine, object, slots, string, system } from "./parts.js";

const schema = object({ text: string, rewrite: string });
const common = { version: "1.0.0", task: "rewriting", textField: "text" } as const;

/** Rewriting and style transfer: a text and its rewrite under a stated goal. */
export const rewritingTemplates: BuiltinTemplate[] = [
  {
    ...common,
    id: "rewriting-style-en",
    language: "en",
    title: "Style transfer to a target style",
    system: system.en,
    phrasings: [
      `Write a text of {{ length }}{% if topic %} about {{ topic }}{% endif %} in an ordinary style.${domainLine.en} Then rewrite it in a {{ style }} style, keeping every fact.${languageLine.en}${fewShot.en}\nReturn {"text": the original, "rewrite": the {{ style }} version}.`,
      `Style-transfer data: a realistic source text ({{ length }}) and the same content rewritten to sound {{ style }}. Change tone and wording, not meaning.${domainLine.en}${languageLine.en}${fewShot.en}\nReturn {"text": ..., "rewrite": ...}.`,
    ],
    slots: slots("en", "style", "topic", "domain", "length"),
    outputSchema: schema,
  },
  {
    ...common,
    id: "rewriting-style-zh",
    language: "zh",
    title: "风格迁移",
    system: system.zh,
    phrasings: [
      `用普通的风格写一段{{ length }}的文字{% if topic %}，关于{{ topic }}{% endif %}。${domainLine.zh}然后把它改写成「{{ style }}」风格，保留所有事实。${fewShot.zh}\n返回 {"text": 原文, "rewrite": {{ style }}风格的版本}。`,
      `风格迁移数据：一段真实的原文（{{ length }}），以及内容相同、改写成「{{ style }}」风格的版本。改变语气和措辞，不改变意思。${domainLine.zh}${fewShot.zh}\n返回 {"text": ..., "rewrite": ...}。`,
    ],
    slots: slots("zh", "style", "topic", "domain", "length"),
    outputSchema: schema,
  },
  {
    ...common,
    id: "rewriting-simplify-en",
    language: "en",
    title: "Plain-language simplification",
    system: system.en,
    phrasings: [
      `Write a dense, jargon-heavy paragraph{% if topic %} about {{ topic }}{% endif %}.${domainLine.en} Then rewrite it in plain language a 12-year-old could follow, without losing the key facts.${languageLine.en}${fewShot.en}\nReturn {"text": ..., "rewrite": ...}.`,
      `Text simplification data: a complex source text (technical, legal or medical in tone){% if topic %} on {{ topic }}{% endif %} and a simple, short-sentence version with the same meaning.${domainLine.en}${languageLine.en}${fewShot.en}\nReturn {"text": ..., "rewrite": ...}.`,
    ],
    slots: slots("en", "topic", "domain"),
    outputSchema: schema,
  },
  {
    ...common,
    id: "rewriting-simplify-zh",
    language: "zh",
    title: "通俗化改写",
    system: system.zh,
    phrasings: [
      `写一段术语密集、晦涩的文字{% if topic %}，关于{{ topic }}{% endif %}。${domainLine.zh}然后用小学生也能看懂的大白话改写，不丢掉关键事实。${fewShot.zh}\n返回 {"text": ..., "rewrite": ...}。`,
      `文本简化数据：一段复杂的原文（技术、法律或医学语气）{% if topic %}，主题：{{ topic }}{% endif %}，以及意思相同、句子简短的简化版。${domainLine.zh}${fewShot.zh}\n返回 {"text": ..., "rewrite": ...}。`,
    ],
    slots: slots("zh", "topic", "domain"),
    outputSchema: schema,
  },
  {
    ...common,
    id: "rewriting-grammar-en",
    language: "en",
    title: "Grammar and spelling correction",
    system: system.en,
    phrasings: [
      `Write a text of {{ length }}{% if topic %} about {{ topic }}{% endif %} as a hurried writer would, with a few realistic spelling, grammar and punctuation mistakes.${domainLine.en} Then give the corrected version, changing nothing else.${languageLine.en}${fewShot.en}\nReturn {"text": the text with mistakes, "rewrite": the corrected text}.`,
      `Grammatical error correction data: a realistic sentence or two containing typical learner errors, and the minimal correction.${domainLine.en}${languageLine.en}${fewShot.en}\nReturn {"text": ..., "rewrite": ...}.`,
    ],
    slots: slots("en", "topic", "domain", "length"),
    outputSchema: schema,
  },
  {
    ...common,
    id: "rewriting-grammar-zh",
    language: "zh",
    title: "错别字与语病纠正",
    system: system.zh,
    phrasings: [
      `像匆忙打字的人那样写一段{{ length }}的文字{% if topic %}，关于{{ topic }}{% endif %}，其中有几个真实常见的错别字、语病或标点错误。${domainLine.zh}然后给出改正后的版本，其余内容不变。${fewShot.zh}\n返回 {"text": 有错误的文本, "rewrite": 改正后的文本}。`,
      `语法纠错数据：一两句含有典型错误（错别字、搭配不当、成分残缺）的真实句子，以及最小改动的纠正。${domainLine.zh}${fewShot.zh}\n返回 {"text": ..., "rewrite": ...}。`,
    ],
    slots: slots("zh", "topic", "domain", "length"),
    outputSchema: schema,
  },
];
