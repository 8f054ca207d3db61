import type { BuiltinTemplate } from "../BuiltinTemplate.js";
import { domainLine, fewShot, languageLine, object, slots, string, system } from "./parts.js";

const schema = object({ text: string, label: string });
const common = { version: "1.0.0", task: "classification", textField: "text", labelField: "label" } as const;

/**
 * An intent record's text is the customer's or patient's own message: the answerer's voice in it
 * is a leak (`query` in kindRules.ts). Telling the teacher so in the prompt ("用提问者本人的口吻写…")
 * was tried on examples/medical-intent-zh.yaml and made it worse: 16 of 57 kept records bad
 * against 11 of 58 without (bench/annotate/marked-medical-intent-zh-asker.jsonl, -heldout.jsonl).
 */
const queryText = { text: { kind: "query" } } as const;

/** Single-label classification: a text written to belong to one given class. */
export const classificationTemplates: BuiltinTemplate[] = [
  {
    ...common,
    version: "1.1.0",
    id: "classification-sentiment-en",
    fieldKinds: { text: { kind: "review" } },
    language: "en",
    title: "Sentiment of a review or comment",
    system: system.en,
    phrasings: [
      `Write one short {{ label }} customer review{% if domain %} of a {{ domain }}{% endif %}: {{ length }}, in the first person, about one specific thing you ordered, bought or noticed. Write only the review.${languageLine.en}${fewShot.en}\nReturn {"label": "{{ label }}", "text": the review}.`,
      `You just tried {% if domain %}a {{ domain }}{% else %}something you paid for{% endif %} and it was clearly {{ label }}. Write your online review in {{ length }}, naming one concrete thing that happened.${languageLine.en}${fewShot.en}\nReturn {"label": "{{ label }}", "text": the review}.`,
      `A short {{ label }} review{% if domain %} of a {{ domain }}{% endif %} in {{ length }}: one thing the customer got and what was {% if label == "positive" %}good{% elif label == "negative" %}bad{% else %}notable{% endif %} about it. Write only the review.${languageLine.en}${fewShot.en}\nReturn {"label": "{{ label }}", "text": the review}.`,
    ],
    slots: slots("en", "label", "domain", "length"),
    outputSchema: schema,
  },
  {
    ...common,
    version: "1.2.0",
    id: "classification-sentiment-zh",
    fieldKinds: { text: { kind: "review" } },
    language: "zh",
    title: "评论情感分类",
    system: system.zh,
    phrasings: [
      `用第一人称写一条{{ length }}的{% if domain %}{{ domain }}{% endif %}用户评论，整体感受是「{{ label }}」{% if label == "中性" %}（有好有坏，或者平平淡淡，既不特别满意也不特别失望）{% endif %}。写出这次消费中的一个具体细节，比如某样东西、价格或服务。只写评论本身。${fewShot.zh}\n返回 {"label": "{{ label }}", "text": 评论内容}。`,
      `你是一位普通顾客，刚在网上发了一条{{ length }}的{% if domain %}{{ domain }}{% endif %}评价，情感倾向为「{{ label }}」{% if label == "中性" %}（有好有坏，或者平平淡淡，既不特别满意也不特别失望）{% endif %}。写出这条评价，带一个具体细节。只写评价本身。${fewShot.zh}\n返回 {"label": "{{ label }}", "text": 评价内容}。`,
    ],
    slots: slots("zh", "label", "domain", "length"),
    outputSchema: schema,
  },
  {
    ...common,
    id: "classification-topic-en",
    language: "en",
    title: "Topic of a news item or post",
    system: system.en,
    phrasings: [
      `Write a short news item or post, {{ length }}, whose topic is clearly {{ label }}.${domainLine.en}${languageLine.en}${fewShot.en}\nReturn {"text": ..., "label": "{{ label }}"}.`,
      `A topic classifier{% if labels %} with the classes {{ labels }}{% endif %} needs an example of the class {{ label }}. Write a realistic text of {{ length }} that a careful annotator would put in that class and no other.${domainLine.en}${languageLine.en}${fewShot.en}\nReturn {"text": ..., "label": "{{ label }}"}.`,
    ],
    slots: slots("en", "label", "labels", "domain", "length"),
    outputSchema: schema,
  },
  {
    ...common,
    id: "classification-topic-zh",
    language: "zh",
    title: "新闻或帖子的主题分类",
    system: system.zh,
    phrasings: [
      `写一条主题明确属于「{{ label }}」的短新闻或帖子，长度{{ length }}。${domainLine.zh}${fewShot.zh}\n返回 {"text": ..., "label": "{{ label }}"}。`,
      `主题分类器{% if labels %}（类别：{{ labels }}）{% endif %}需要一条「{{ label }}」类的样本。写一段{{ length }}的真实文本，让细心的标注员只会把它归入这一类。${domainLine.zh}${fewShot.zh}\n返回 {"text": ..., "label": "{{ label }}"}。`,
    ],
    slots: slots("zh", "label", "labels", "domain", "length"),
    outputSchema: schema,
  },
  {
    ...common,
    version: "1.1.0",
    id: "classification-intent-en",
    fieldKinds: queryText,
    language: "en",
    title: "User intent of an assistant request",
    system: system.en,
    phrasings: [
      `Write one message a user might send to a virtual assistant with the intent {{ label }}.${domainLine.en} Use natural, everyday wording, {{ length }}.${languageLine.en}${fewShot.en}\nReturn {"text": the message, "label": "{{ label }}"}.`,
      `Intent detection data{% if labels %} (intents: {{ labels }}){% endif %}: write a user utterance whose intent is {{ label }}, phrased the way real people type (typos and shorthand are fine).${domainLine.en}${languageLine.en}${fewShot.en}\nReturn {"text": ..., "label": "{{ label }}"}.`,
    ],
    slots: slots("en", "label", "labels", "domain", "length"),
    outputSchema: schema,
  },
  {
    ...common,
    version: "1.1.0",
    id: "classification-intent-zh",
    fieldKinds: queryText,
    language: "zh",
    title: "助手请求的用户意图",
    system: system.zh,
    phrasings: [
      `写一句用户发给智能助手、意图为「{{ label }}」的话。${domainLine.zh}用自然的日常口语，{{ length }}。${fewShot.zh}\n返回 {"text": 用户的话, "label": "{{ label }}"}。`,
      `意图识别数据{% if labels %}（意图：{{ labels }}）{% endif %}：写一句意图为「{{ label }}」的用户输入，像真人打字那样表达（可以口语化、简略）。${domainLine.zh}${fewShot.zh}\n返回 {"text": ..., "label": "{{ label }}"}。`,
    ],
    slots: slots("zh", "label", "labels", "domain", "length"),
    outputSchema: schema,
  },
  {
    ...common,
    id: "classification-generic-en",
    language: "en",
    title: "Any single-label classification",
    system: system.en,
    phrasings: [
      `Create a labelled example for a text classifier{% if labels %} whose classes are {{ labels }}{% endif %}. The text must belong to the class {{ label }}.${domainLine.en}{% if topic %} It is about {{ topic }}.{% endif %} Length: {{ length }}.${languageLine.en}${fewShot.en}\nReturn {"text": ..., "label": "{{ label }}"}.`,
      `Write a {{ length }} text that an expert would label {{ label }}{% if labels %} rather than any of the other classes ({{ labels }}){% endif %}.${domainLine.en}{% if topic %} Topic: {{ topic }}.{% endif %}${languageLine.en}${fewShot.en}\nReturn {"text": ..., "label": "{{ label }}"}.`,
    ],
    slots: slots("en", "label", "labels", "domain", "topic", "length"),
    outputSchema: schema,
  },
  {
    ...common,
    id: "classification-generic-zh",
    language: "zh",
    title: "通用单标签分类",
    system: system.zh,
    phrasings: [
      `为文本分类器{% if labels %}（类别：{{ labels }}）{% endif %}生成一条带标签的样本，文本必须属于「{{ label }}」类。${domainLine.zh}{% if topic %}主题：{{ topic }}。{% endif %}长度：{{ length }}。${fewShot.zh}\n返回 {"text": ..., "label": "{{ label }}"}。`,
      `写一段{{ length }}的文本，让专家会把它标为「{{ label }}」{% if labels %}而不是其他类别（{{ labels }}）{% endif %}。${domainLine.zh}{% if topic %}主题：{{ topic }}。{% endif %}${fewShot.zh}\n返回 {"text": ..., "label": "{{ label }}"}。`,
    ],
    slots: slots("zh", "label", "labels", "domain", "topic", "length"),
    outputSchema: schema,
  },
];
