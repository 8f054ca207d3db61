import type { BuiltinTemplate } from "../BuiltinTemplate.js";
import { domainLine, fewShot, object, slots, string, system } from "./parts.js";

const schema = object({ text: string, translation: string });
const common = { version: "1.0.0", task: "translation", textField: "text" } as const;

/** Translation pairs: a source sentence and its translation. */
export const translationTemplates: BuiltinTemplate[] = [
  {
    ...common,
    id: "translation-en-zh",
    version: "1.1.0",
    language: "en",
    title: "English source, Chinese translation",
    system: system.en,
    // Sources are sentences of the setting, never sentences about it: told only "a text about
    // travel in everyday conversation", the teacher wrote "In everyday conversation I often talk
    // about travel" and translated that.
    phrasings: [
      `Write one real English sentence{% if topic %} about something specific to do with {{ topic }}{% endif %}, {{ length }}.{% if domain %} It comes from {{ domain }}.{% endif %} Write the sentence itself, with concrete people, things, times or places. Then translate it faithfully into natural Simplified Chinese, adding nothing and leaving nothing out.${fewShot.en}\nReturn {"text": the English sentence, "translation": its Chinese translation}.`,
      `Write one sentence a person might really write{% if domain %} in {{ domain }}{% endif %}{% if topic %} about {{ topic }}{% endif %}, {{ length }}, and its faithful, natural Simplified Chinese translation.${fewShot.en}\nReturn {"text": the English sentence, "translation": its Chinese translation}.`,
    ],
    slots: slots("en", "topic", "domain", "length"),
    outputSchema: schema,
  },
  {
    ...common,
    id: "translation-zh-en",
    version: "1.1.0",
    language: "zh",
    title: "中文原文，英文译文",
    system: system.zh,
    phrasings: [
      `写一句真实的中文{% if topic %}，说一件与{{ topic }}有关的具体事情{% endif %}，长度{{ length }}。{% if domain %}它出自{{ domain }}。{% endif %}只写这句话本身，要有具体的人、事、时间或地点，不要介绍话题或场景。然后把它忠实地翻译成自然的英文，不增不减，不改意思。${fewShot.zh}\n返回 {"text": 中文原文, "translation": 英文译文}。`,
      `写一句{% if domain %}{{ domain }}里{% endif %}真实的中文{% if topic %}（关于{{ topic }}）{% endif %}，{{ length }}，再给出它忠实、自然的英文翻译。${fewShot.zh}\n返回 {"text": 中文原文, "translation": 英文译文}。`,
    ],
    slots: slots("zh", "topic", "domain", "length"),
    outputSchema: schema,
  },
  {
    ...common,
    id: "translation-generic-en",
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
