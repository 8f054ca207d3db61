import type { BuiltinTemplate } from "../BuiltinTemplate.js";
import { domainLine, fewShot, object, slots, string, system } from "./parts.js";

const schema = object({ text: string, translation: string });
const common = { version: "1.0.0", task: "translation", textField: "text" } as const;

/** Translation pairs: a source sentence and its translation. */
export const translationTemplates: BuiltinTemplate[] = [
  {
    ...common,
    id: "translation-en-zh",
    fieldKinds: {
      text: { kind: "text", language: "en" },
      translation: { kind: "translation", language: "zh", from: ["text"] },
    },
    language: "en",
    title: "English source, Chinese translation",
    system: system.en,
    phrasings: [
      `Write a natural English text of {{ length }}{% if topic %} about {{ topic }}{% endif %}.${domainLine.en} Then translate it into fluent, idiomatic Simplified Chinese.${fewShot.en}\nReturn {"text": the English text, "translation": the Chinese translation}.`,
      `Translation data (English → Chinese): write something a person might really say or write{% if topic %} about {{ topic }}{% endif %}, {{ length }}, and its faithful Simplified Chinese translation.${domainLine.en}${fewShot.en}\nReturn {"text": ..., "translation": ...}.`,
    ],
    slots: slots("en", "topic", "domain", "length"),
    outputSchema: schema,
  },
  {
    ...common,
    id: "translation-zh-en",
    fieldKinds: {
      text: { kind: "text", language: "zh" },
      translation: { kind: "translation", language: "en", from: ["text"] },
    },
    language: "zh",
    title: "中文原文，英文译文",
    system: system.zh,
    phrasings: [
      `写一段自然的中文，长度{{ length }}{% if topic %}，关于{{ topic }}{% endif %}。${domainLine.zh}然后把它翻译成地道流畅的英文。${fewShot.zh}\n返回 {"text": 中文原文, "translation": 英文译文}。`,
      `翻译数据（中文 → 英文）：写一句真实生活中会说或会写的话{% if topic %}（关于{{ topic }}）{% endif %}，{{ length }}，并给出忠实的英文译文。${domainLine.zh}${fewShot.zh}\n返回 {"text": ..., "translation": ...}。`,
    ],
    slots: slots("zh", "topic", "domain", "length"),
    outputSchema: schema,
  },
  {
    ...common,
    id: "translation-generic-en",
    fieldKinds: { text: { kind: "text" }, translation: { kind: "translation", from: ["text"] } },
    language: "en",
    title: "Any language pair",
    system: system.en,
    phrasings: [
      `Write a natural {{ source_language }} text of {{ length }}{% if topic %} about {{ topic }}{% endif %}, then translate it into {{ target_language }}, keeping meaning, tone and register.${domainLine.en}${fewShot.en}\nReturn {"text": the {{ source_language }} text, "translation": the {{ target_language }} translation}.`,
      `Parallel-corpus data, {{ source_language }} to {{ target_language }}: one realistic source text ({{ length }}){% if topic %} on {{ topic }}{% endif %} and a translation a professional translator would sign off on.${domainLine.en}${fewShot.en}\nReturn {"text": ..., "translation": ...}.`,
    ],
    slots: slots("en", "source_language", "target_language", "topic", "domain", "length"),
    outputSchema: schema,
  },
  {
    ...common,
    id: "translation-generic-zh",
    fieldKinds: { text: { kind: "text" }, translation: { kind: "translation", from: ["text"] } },
    language: "zh",
    title: "任意语言对",
    system: system.zh,
    phrasings: [
      `写一段自然的{{ source_language }}文本，长度{{ length }}{% if topic %}，关于{{ topic }}{% endif %}，再翻译成{{ target_language }}，保持意思、语气和语体。${domainLine.zh}${fewShot.zh}\n返回 {"text": {{ source_language }}原文, "translation": {{ target_language }}译文}。`,
      `平行语料数据，{{ source_language }} → {{ target_language }}：一段真实的原文（{{ length }}）{% if topic %}，主题：{{ topic }}{% endif %}，以及专业译者会认可的译文。${domainLine.zh}${fewShot.zh}\n返回 {"text": ..., "translation": ...}。`,
    ],
    slots: slots("zh", "source_language", "target_language", "topic", "domain", "length"),
    outputSchema: schema,
  },
];
