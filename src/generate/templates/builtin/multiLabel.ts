import type { BuiltinTemplate } from "../BuiltinTemplate.js";
import { domainLine, fewShot, languageLine, object, slots, string, stringList, system } from "./parts.js";

const schema = object({ text: string, labels: stringList });
const common = { version: "1.0.0", task: "multi-label", textField: "text", labelField: "labels" } as const;

/** Multi-label classification: a text that carries a given label and possibly others from the set. */
export const multiLabelTemplates: BuiltinTemplate[] = [
  {
    ...common,
    id: "multi-label-tags-en",
    language: "en",
    title: "Tags of a post (several may apply)",
    system: system.en,
    phrasings: [
      `Write a post of {{ length }} that is tagged {{ label }} and, where it fits naturally, one or two more tags from: {{ labels }}.${domainLine.en}${languageLine.en}${fewShot.en}\nReturn {"text": ..., "labels": [every tag that applies, including "{{ label }}"]}.`,
      `Multi-label tagging data. Tag set: {{ labels }}. Write a realistic text ({{ length }}) for which "{{ label }}" is certainly correct; list every tag from the set that applies.${domainLine.en}${languageLine.en}${fewShot.en}\nReturn {"text": ..., "labels": [...]}.`,
    ],
    slots: slots("en", "label", "labels", "domain", "length"),
    outputSchema: schema,
  },
  {
    ...common,
    id: "multi-label-tags-zh",
    language: "zh",
    title: "帖子标签（可多选）",
    system: system.zh,
    phrasings: [
      `写一段{{ length }}的帖子，它带有标签「{{ label }}」，并在自然的情况下再带一到两个以下标签：{{ labels }}。${domainLine.zh}${fewShot.zh}\n返回 {"text": ..., "labels": [所有适用的标签，包括 "{{ label }}"]}。`,
      `多标签标注数据。标签集：{{ labels }}。写一段真实文本（{{ length }}），其中「{{ label }}」一定适用；列出标签集中所有适用的标签。${domainLine.zh}${fewShot.zh}\n返回 {"text": ..., "labels": [...]}。`,
    ],
    slots: slots("zh", "label", "labels", "domain", "length"),
    outputSchema: schema,
  },
  {
    ...common,
    id: "multi-label-aspects-en",
    fieldKinds: { text: { kind: "review" } },
    language: "en",
    title: "Aspects mentioned in a review",
    system: system.en,
    phrasings: [
      `Write a customer review of {{ length }} that talks about the aspect {{ label }} and possibly other aspects from: {{ labels }}.${domainLine.en}${languageLine.en}${fewShot.en}\nReturn {"text": ..., "labels": [every aspect the review mentions]}.`,
      `Aspect detection: the aspects are {{ labels }}. Write a review that clearly mentions {{ label }}; mention other aspects only if natural.${domainLine.en} Length: {{ length }}.${languageLine.en}${fewShot.en}\nReturn {"text": ..., "labels": [...]}.`,
    ],
    slots: slots("en", "label", "labels", "domain", "length"),
    outputSchema: schema,
  },
  {
    ...common,
    id: "multi-label-aspects-zh",
    fieldKinds: { text: { kind: "review" } },
    language: "zh",
    title: "评论涉及的方面",
    system: system.zh,
    phrasings: [
      `写一条{{ length }}的用户评论，谈到「{{ label }}」这一方面，也可以谈到以下其他方面：{{ labels }}。${domainLine.zh}${fewShot.zh}\n返回 {"text": ..., "labels": [评论提到的所有方面]}。`,
      `方面识别：方面包括 {{ labels }}。写一条明确提到「{{ label }}」的评论；只在自然的情况下提到其他方面。${domainLine.zh}长度：{{ length }}。${fewShot.zh}\n返回 {"text": ..., "labels": [...]}。`,
    ],
    slots: slots("zh", "label", "labels", "domain", "length"),
    outputSchema: schema,
  },
];
