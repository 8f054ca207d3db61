import type { BuiltinTemplate } from "../BuiltinTemplate.js";
import {
  arrayOf,
  domainLine,
  fewShot,
  languageLine,
  nullableString,
  object,
  slots,
  string,
  system,
} from "./parts.js";

const entities = object({ text: string, entities: arrayOf(object({ text: string, type: string }), 0) });
const fields = object({ text: string, fields: arrayOf(object({ name: string, value: nullableString })) });
const triples = object({
  text: string,
  triples: arrayOf(object({ subject: string, relation: string, object: string })),
});
const common = { version: "1.0.0", task: "extraction", textField: "text" } as const;

/** Entity and field extraction: a text plus the spans or values an extractor should find in it. */
export const extractionTemplates: BuiltinTemplate[] = [
  {
    ...common,
    id: "extraction-entities-en",
    fieldKinds: { text: { kind: "text" }, entities: { kind: "label" } },
    language: "en",
    title: "Named entities in a text",
    system: system.en,
    phrasings: [
      `Write a realistic text of {{ length }} that mentions several entities of these types: {{ entity_types }}.${domainLine.en} Then list every entity exactly as it appears in the text.${languageLine.en}${fewShot.en}\nReturn {"text": ..., "entities": [{"text": exact span, "type": one of the types}]}.`,
      `Named-entity recognition data. Entity types: {{ entity_types }}.${domainLine.en} Write a {{ length }} passage and annotate all entities of those types; each entity's text must be copied verbatim from the passage.${languageLine.en}${fewShot.en}\nReturn {"text": ..., "entities": [...]}.`,
    ],
    slots: slots("en", "entity_types", "domain", "length"),
    outputSchema: entities,
  },
  {
    ...common,
    id: "extraction-entities-zh",
    fieldKinds: { text: { kind: "text" }, entities: { kind: "label" } },
    language: "zh",
    title: "文本中的命名实体",
    system: system.zh,
    phrasings: [
      `写一段{{ length }}的真实文本，提到若干以下类型的实体：{{ entity_types }}。${domainLine.zh}然后列出文中出现的每个实体，文字与原文完全一致。${fewShot.zh}\n返回 {"text": ..., "entities": [{"text": 原文片段, "type": 类型之一}]}。`,
      `命名实体识别数据。实体类型：{{ entity_types }}。${domainLine.zh}写一段{{ length }}的文字，并标注其中所有这些类型的实体；实体文本必须逐字取自原文。${fewShot.zh}\n返回 {"text": ..., "entities": [...]}。`,
    ],
    slots: slots("zh", "entity_types", "domain", "length"),
    outputSchema: entities,
  },
  {
    ...common,
    id: "extraction-fields-en",
    // Structured values (names, dates, relations) are left to the schema and the judge.
    fieldKinds: { text: { kind: "text" }, fields: { kind: "label" } },
    language: "en",
    title: "Field values from a document",
    system: system.en,
    phrasings: [
      `Write a short realistic document (an e-mail, note or form){% if domain %} from {{ domain }}{% endif %} that contains some of these fields: {{ fields }}. Then extract each field; use null for a field the document does not contain.${languageLine.en}${fewShot.en}\nReturn {"text": ..., "fields": [{"name": field name, "value": value or null}]}.`,
      `Information extraction data. Fields: {{ fields }}.${domainLine.en} Write a {{ length }} document in which most, but not necessarily all, fields appear, then give every field's value as written in the document (null when absent).${languageLine.en}${fewShot.en}\nReturn {"text": ..., "fields": [...]}.`,
    ],
    slots: slots("en", "fields", "domain", "length"),
    outputSchema: fields,
  },
  {
    ...common,
    id: "extraction-fields-zh",
    // Structured values (names, dates, relations) are left to the schema and the judge.
    fieldKinds: { text: { kind: "text" }, fields: { kind: "label" } },
    language: "zh",
    title: "从文档中抽取字段",
    system: system.zh,
    phrasings: [
      `写一份简短的真实文档（邮件、便条或表单）{% if domain %}，来自{{ domain }}{% endif %}，其中包含以下部分字段：{{ fields }}。然后抽取每个字段的值；文档中没有的字段填 null。${fewShot.zh}\n返回 {"text": ..., "fields": [{"name": 字段名, "value": 值或 null}]}。`,
      `信息抽取数据。字段：{{ fields }}。${domainLine.zh}写一段{{ length }}的文档，其中出现大部分字段（不必全部），再按原文给出每个字段的值（缺失则为 null）。${fewShot.zh}\n返回 {"text": ..., "fields": [...]}。`,
    ],
    slots: slots("zh", "fields", "domain", "length"),
    outputSchema: fields,
  },
  {
    ...common,
    id: "extraction-triples-en",
    // Structured values (names, dates, relations) are left to the schema and the judge.
    fieldKinds: { text: { kind: "text" }, triples: { kind: "label" } },
    language: "en",
    title: "Relation triples from a text",
    system: system.en,
    phrasings: [
      `Write a factual-sounding paragraph of {{ length }}{% if topic %} about {{ topic }}{% endif %}.${domainLine.en} Then list the (subject, relation, object) facts it states.${languageLine.en}${fewShot.en}\nReturn {"text": ..., "triples": [{"subject": ..., "relation": ..., "object": ...}]}.`,
      `Relation extraction data: write a {{ length }} text{% if topic %} on {{ topic }}{% endif %} and extract every relation it states as a triple whose subject and object appear in the text.${domainLine.en}${languageLine.en}${fewShot.en}\nReturn {"text": ..., "triples": [...]}.`,
    ],
    slots: slots("en", "topic", "domain", "length"),
    outputSchema: triples,
  },
  {
    ...common,
    id: "extraction-triples-zh",
    // Structured values (names, dates, relations) are left to the schema and the judge.
    fieldKinds: { text: { kind: "text" }, triples: { kind: "label" } },
    language: "zh",
    title: "关系三元组抽取",
    system: system.zh,
    phrasings: [
      `写一段{{ length }}的陈述性文字{% if topic %}，主题是{{ topic }}{% endif %}。${domainLine.zh}然后列出其中陈述的（主体，关系，客体）事实。${fewShot.zh}\n返回 {"text": ..., "triples": [{"subject": ..., "relation": ..., "object": ...}]}。`,
      `关系抽取数据：写一段{{ length }}的文本{% if topic %}（主题：{{ topic }}）{% endif %}，并把其中陈述的每个关系抽取为三元组，主体和客体都要出现在原文中。${domainLine.zh}${fewShot.zh}\n返回 {"text": ..., "triples": [...]}。`,
    ],
    slots: slots("zh", "topic", "domain", "length"),
    outputSchema: triples,
  },
];
