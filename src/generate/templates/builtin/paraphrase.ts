import type { BuiltinTemplate } from "../BuiltinTemplate.js";
import { domainLine, fewShot, languageLine, object, slots, string, system } from "./parts.js";

const schema = object({ text: string, paraphrase: string });
const common = { version: "1.0.0", task: "paraphrase", textField: "text" } as const;

/** Paraphrase pairs: the same meaning in different words. */
export const paraphraseTemplates: BuiltinTemplate[] = [
  {
    ...common,
    id: "paraphrase-sentence-en",
    language: "en",
    title: "Sentence and its paraphrase",
    system: system.en,
    phrasings: [
      `Write a sentence or two{% if topic %} about {{ topic }}{% endif %}.${domainLine.en} Then paraphrase it: same meaning, different words and structure.${languageLine.en}${fewShot.en}\nReturn {"text": ..., "paraphrase": ...}.`,
      `Paraphrase data: write a realistic text of {{ length }} and a rewording that a reader would judge to mean exactly the same, sharing as few words with it as possible.${domainLine.en}${languageLine.en}${fewShot.en}\nReturn {"text": ..., "paraphrase": ...}.`,
    ],
    slots: slots("en", "topic", "domain", "length"),
    outputSchema: schema,
  },
  {
    ...common,
    id: "paraphrase-sentence-zh",
    language: "zh",
    title: "句子及其复述",
    system: system.zh,
    phrasings: [
      `写一两句话{% if topic %}，关于{{ topic }}{% endif %}。${domainLine.zh}然后复述它：意思相同，用词和句式不同。${fewShot.zh}\n返回 {"text": ..., "paraphrase": ...}。`,
      `复述数据：写一段{{ length }}的真实文本，再写一个读者会认为意思完全相同、但尽量少用原词的改写。${domainLine.zh}${fewShot.zh}\n返回 {"text": ..., "paraphrase": ...}。`,
    ],
    slots: slots("zh", "topic", "domain", "length"),
    outputSchema: schema,
  },
  {
    ...common,
    id: "paraphrase-question-en",
    language: "en",
    title: "Duplicate question pair",
    system: system.en,
    phrasings: [
      `Write a question a user might post on a help forum{% if topic %} about {{ topic }}{% endif %}, and a differently worded question that asks exactly the same thing.${domainLine.en}${languageLine.en}${fewShot.en}\nReturn {"text": ..., "paraphrase": ...}.`,
      `Duplicate-question data: two questions from different users that a moderator would merge as duplicates{% if topic %} (topic: {{ topic }}){% endif %}; vary vocabulary, length and detail.${domainLine.en}${languageLine.en}${fewShot.en}\nReturn {"text": ..., "paraphrase": ...}.`,
    ],
    slots: slots("en", "topic", "domain"),
    outputSchema: schema,
  },
  {
    ...common,
    id: "paraphrase-question-zh",
    language: "zh",
    title: "同义问题对",
    system: system.zh,
    phrasings: [
      `写一个用户可能在求助论坛上提出的问题{% if topic %}（关于{{ topic }}）{% endif %}，再写一个措辞不同但问的完全是同一件事的问题。${domainLine.zh}${fewShot.zh}\n返回 {"text": ..., "paraphrase": ...}。`,
      `同义问题数据：两个不同用户提出的、版主会合并为重复的问题{% if topic %}（话题：{{ topic }}）{% endif %}；用词、长度和细节要有差异。${domainLine.zh}${fewShot.zh}\n返回 {"text": ..., "paraphrase": ...}。`,
    ],
    slots: slots("zh", "topic", "domain"),
    outputSchema: schema,
  },
];
