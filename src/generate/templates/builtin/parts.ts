import type { TemplateSlot } from "../BuiltinTemplate.js";

/** Shared building blocks of the built-in templates (data, not logic). */

export const system = {
  en: "You write realistic, varied training data. Reply with one JSON object with exactly the requested fields and nothing else.",
  zh: "你负责编写真实、多样的训练数据。只输出一个 JSON 对象，字段与要求完全一致，不要输出其他内容。",
} as const;

/**
 * Few-shot block: renders `examples` (seed records) when there are any. The Jinja dialect
 * drops the first newline after a block tag, hence the doubled newlines.
 */
export const fewShot = {
  en: "{% if examples %}\n\n\nExamples of the format (write something new; do not copy them):\n{% for example in examples %}{{ example | tojson }}\n{% endfor %}{% endif %}\n",
  zh: "{% if examples %}\n\n\n格式示例（请写新的内容，不要照抄）：\n{% for example in examples %}{{ example | tojson }}\n{% endfor %}{% endif %}\n",
} as const;

/**
 * English templates can write data in any language: when the recipe's language is not
 * English, they ask for the text in that language.
 */
export const languageLine = {
  en: '{% if language_code and not language_code.startswith("en") %} Write all text in {{ language }}.{% endif %}',
} as const;

/**
 * An instruction record's answer must do the task: the 1.5B teacher otherwise answered 14 of 50
 * Chinese instructions by asking for the material ("好的，请提供所需材料。"), often after writing an
 * instruction that points at material it never gave (checks `asks-back`, `missing-input`).
 */
export const answerLine = {
  en: " The response carries out the task itself and never asks the user for more details; any text, list or data the instruction refers to is written out in input.",
  zh: "回答要直接完成任务，不要反问用户或索取更多信息；指令提到的材料、文本或数据必须完整写在 input 中。",
} as const;

/** Optional domain line. */
export const domainLine = {
  en: "{% if domain %} The setting is {{ domain }}.{% endif %}",
  zh: "{% if domain %}场景：{{ domain }}。{% endif %}",
} as const;

type Language = "en" | "zh";

const slotTexts: Record<
  string,
  Record<Language, { description: string; sample: string; default?: string }>
> = {
  label: {
    en: { description: "The class the record belongs to (a control dimension).", sample: "positive" },
    zh: { description: "记录所属的类别（控制维度）。", sample: "正面" },
  },
  labels: {
    en: {
      description: "Every class of the task, comma-separated (filled from the label dimension).",
      sample: "positive, negative, neutral",
      default: "",
    },
    zh: {
      description: "任务的全部类别，逗号分隔（由 label 维度填入）。",
      sample: "正面, 负面, 中性",
      default: "",
    },
  },
  domain: {
    en: {
      description: "Where the text comes from (a control dimension); optional.",
      sample: "restaurant reviews",
      default: "",
    },
    zh: { description: "文本来源领域（控制维度），可选。", sample: "餐厅点评", default: "" },
  },
  topic: {
    en: { description: "What the text is about; optional.", sample: "delivery times", default: "" },
    zh: { description: "文本的主题，可选。", sample: "配送时效", default: "" },
  },
  length: {
    en: {
      description: "How long the main text should be.",
      sample: "two sentences",
      default: "one to three sentences",
    },
    zh: { description: "主要文本的长度。", sample: "两句话", default: "一到三句话" },
  },
  style: {
    en: { description: "Target style or tone of the rewrite.", sample: "formal", default: "formal" },
    zh: { description: "改写的目标风格或语气。", sample: "正式", default: "正式" },
  },
  difficulty: {
    en: { description: "How hard the item should be.", sample: "medium", default: "medium" },
    zh: { description: "难度。", sample: "中等", default: "中等" },
  },
  turns: {
    en: { description: "Number of user turns in the conversation.", sample: "3", default: "3" },
    zh: { description: "对话中用户发言的轮数。", sample: "3", default: "3" },
  },
  persona: {
    en: { description: "Who the user is; optional.", sample: "a first-time customer", default: "" },
    zh: { description: "用户身份，可选。", sample: "首次购买的顾客", default: "" },
  },
  entity_types: {
    en: {
      description: "Entity types to annotate, comma-separated.",
      sample: "person, organization, location, date",
      default: "person, organization, location, date",
    },
    zh: {
      description: "需要标注的实体类型，逗号分隔。",
      sample: "人名, 机构, 地点, 日期",
      default: "人名, 机构, 地点, 日期",
    },
  },
  fields: {
    en: {
      description: "Field names to extract, comma-separated.",
      sample: "name, company, phone, email",
      default: "name, company, phone, email",
    },
    zh: {
      description: "需要抽取的字段名，逗号分隔。",
      sample: "姓名, 公司, 电话, 邮箱",
      default: "姓名, 公司, 电话, 邮箱",
    },
  },
  source_language: {
    en: { description: "Language of the source text.", sample: "English", default: "English" },
    zh: { description: "原文语言。", sample: "英文", default: "英文" },
  },
  target_language: {
    en: { description: "Language of the translation.", sample: "Chinese", default: "Chinese" },
    zh: { description: "译文语言。", sample: "中文", default: "中文" },
  },
  programming_language: {
    en: { description: "Programming language of the task.", sample: "Python", default: "Python" },
    zh: { description: "编程语言。", sample: "Python", default: "Python" },
  },
};

/** The slot descriptions of `names` in one language. */
export function slots(language: Language, ...names: string[]): TemplateSlot[] {
  return names.map((name) => {
    const text = slotTexts[name]?.[language];
    if (!text) throw new Error(`no slot text for ${name}`);
    return { name, ...text };
  });
}

type Property = Record<string, unknown>;

export const string: Property = { type: "string", minLength: 1 };
export const nullableString: Property = { type: ["string", "null"] };
export const stringList: Property = { type: "array", items: { type: "string", minLength: 1 }, minItems: 1 };

/** An object schema whose properties are all required (constrained decoding needs that). */
export function object(properties: Record<string, Property>): Record<string, unknown> {
  return { type: "object", properties, required: Object.keys(properties), additionalProperties: false };
}

export const arrayOf = (items: Property, minItems = 1): Property => ({ type: "array", items, minItems });
