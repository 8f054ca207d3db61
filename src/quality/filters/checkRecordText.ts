import type { QualityDecision } from "../../core/record.js";
import { segmentWords } from "../../core/segmentWords.js";
import { generalCorpus } from "../lexicon/generalCorpus.js";
import { isCjkLanguage } from "../text/isCjkLanguage.js";

/** What the text checks may know about a text besides the text itself. */
export interface TextCheckContext {
  /** The recipe's (or dataset's) language tag: the script a text must be written in. */
  language: string;
  /** Every label of the task, so a text that names its own class ("a positive review") is caught. */
  labels?: readonly string[];
  /** The instruction the model was given (few-shot examples left out): a text that copies it leaks the prompt. */
  prompt?: string;
  /** The field's schema `maxLength`: a text that ends exactly there, mid-word, was cut off. */
  maxLength?: number;
  /** True when the model stopped at its token limit rather than by closing its answer. */
  stoppedAtTokenLimit?: boolean;
  /** Check the script against `language` [true]; false for fields in another language (a translation). */
  checkLanguage?: boolean;
  /** The recipe's (or dataset's) description: with the prompt, it says whether texts are customer reviews. */
  description?: string;
}

/** The checks of {@link checkRecordText}, in the order they run; each is also the rejection's reason code. */
export const textChecks = ["truncated", "symbols", "language", "repetition", "leak", "voice"] as const;

/** Longest text the checks read; past it a text is judged on its first part (a review is far shorter). */
const maxCheckedCharacters = 20_000;

/**
 * The degeneration and leak checks of docs/metrics.md on one text: cut off (at its token limit, at
 * its `maxLength` mid-word, or mid-sentence on a dangling word), written in the wrong script,
 * mostly symbols or emoji, repetitive (repeated sentences and Gopher-style duplicate n-gram
 * fractions), or leaking its template or prompt (placeholders, text about the task instead of
 * in it, copied instructions). Returns one decision per check, stopping at the first rejection,
 * whose `reason` starts with the check's reason code. Pure and deterministic.
 */
export function checkRecordText(text: string, context: TextCheckContext): QualityDecision[] {
  const checked = text.length > maxCheckedCharacters ? text.slice(0, maxCheckedCharacters) : text;
  const decisions: QualityDecision[] = [];
  const steps: [(typeof textChecks)[number], () => string | undefined][] = [
    ["truncated", () => truncation(checked, context)],
    ["symbols", () => symbolShare(checked)],
    [
      "language",
      () => (context.checkLanguage === false ? undefined : wrongScript(checked, context.language)),
    ],
    ["repetition", () => repetition(checked, context.language)],
    ["leak", () => leak(checked, context)],
    ["voice", () => (asksForReviews(context) ? sellerVoice(checked) : undefined)],
  ];
  for (const [check, run] of steps) {
    const problem = run();
    if (problem === undefined) {
      decisions.push({ check, decision: "pass" });
      continue;
    }
    decisions.push({ check, decision: "reject", reason: `${check}: ${problem}` });
    break;
  }
  return decisions;
}

const sentenceEnd = /[.!?。！？…~～)）"”'’」』>】*\p{Extended_Pictographic}]$/u;
const danglingEnglish = new Set(
  "the a an and or but of to with for in on at by from my our your their his her its is are was were be very so than that which who because as if when while".split(
    " ",
  ),
);
const danglingPunctuation = /[,，、;；:：(（]$/u;

function truncation(text: string, context: TextCheckContext): string | undefined {
  const trimmed = text.trimEnd();
  if (context.stoppedAtTokenLimit) return "the model stopped at its token limit before finishing";
  if (trimmed === "") return undefined;
  const length = [...trimmed].length;
  if (context.maxLength !== undefined && length >= context.maxLength && /[\p{L}\p{N}]$/u.test(trimmed)) {
    return `ends at its maxLength (${context.maxLength} characters) mid-word`;
  }
  if (sentenceEnd.test(trimmed)) return undefined;
  if (danglingPunctuation.test(trimmed)) return `ends on "${trimmed.slice(-1)}", mid-sentence`;
  if (isCjkLanguage(context.language)) {
    const dangling = /(而且|但是|可是|因为|所以|还有|然后|并且|以及|和|跟)$/u.exec(trimmed);
    if (dangling) return `ends on "${dangling[1]}", mid-sentence`;
  } else {
    const last = trimmed.split(/\s+/).at(-1)?.toLowerCase();
    if (last !== undefined && danglingEnglish.has(last) && trimmed.split(/\s+/).length > 2) {
      return `ends on "${last}", mid-sentence`;
    }
  }
  return undefined;
}

const han = /\p{Script=Han}/u;
const latin = /\p{Script=Latin}/u;
const letter = /\p{L}/u;
const latinLanguages = new Set(
  "en fr de es it pt nl sv da no nb nn fi pl cs sk sl hr ro hu tr id ms vi ca eu gl et lv lt".split(" "),
);

function wrongScript(text: string, language: string): string | undefined {
  let letters = 0;
  let hanCount = 0;
  let latinCount = 0;
  for (const character of text) {
    if (!letter.test(character)) continue;
    letters += 1;
    if (han.test(character)) hanCount += 1;
    else if (latin.test(character)) latinCount += 1;
  }
  if (letters === 0) return "has no letters at all";
  const base = language.toLowerCase().split(/[-_]/)[0] ?? "";
  if (base === "zh" && hanCount / letters < 0.5) {
    return `only ${percent(hanCount / letters)} of its letters are Chinese characters, for a zh recipe`;
  }
  if (base === "zh") {
    const english = englishWordIn(text);
    if (english) return `an English word ("${english}") in the middle of a Chinese text`;
  }
  if (latinLanguages.has(base) && latinCount / letters < 0.8) {
    return `only ${percent(latinCount / letters)} of its letters are Latin, for a ${base} recipe`;
  }
  return undefined;
}

/**
 * Latin words real Chinese reviews do write (of 11,987 waimai reviews, 10 hold a common
 * English word of five letters or more, and 9 of those are these): dishes and drinks known by
 * their English name.
 */
const loanwords = new Set([
  "pizza",
  "coffee",
  "cheese",
  "latte",
  "mocha",
  "burger",
  "pasta",
  "salad",
  "steak",
]);

/**
 * A common English word (five letters or more, among wordfreq's 6,000 most frequent) written
 * inside a Chinese text: "这是一道 terrible的食物" is a model falling back to English mid-sentence;
 * short ones ("ok", "nice", "good", "app") are how real people write and pass.
 */
function englishWordIn(text: string): string | undefined {
  const english = generalCorpus("en").probabilities;
  for (const [word] of text.matchAll(/[A-Za-z]{5,}/gu)) {
    const lower = word.toLowerCase();
    if (english.has(lower) && !loanwords.has(lower)) return word;
  }
  return undefined;
}

const emoji = /\p{Extended_Pictographic}/u;
/** Digits and symbols; punctuation ("!!!!", "。。。") is how real people write and is not counted. */
const symbol = /(?![~～])[\p{S}\p{N}]/u;

function symbolShare(text: string): string | undefined {
  let visible = 0;
  let emojiCount = 0;
  let symbolCount = 0;
  let run = 1;
  let longestRun = 1;
  let previous = "";
  for (const character of text) {
    if (/\s/u.test(character)) continue;
    visible += 1;
    if (emoji.test(character)) emojiCount += 1;
    else if (symbol.test(character)) symbolCount += 1;
    if (character === previous && (emoji.test(character) || /\p{S}/u.test(character))) {
      run += 1;
      longestRun = Math.max(longestRun, run);
    } else run = 1;
    previous = character;
  }
  if (visible === 0) return undefined;
  if (emojiCount / visible > 0.2) return `${percent(emojiCount / visible)} of its characters are emoji`;
  if ((emojiCount + symbolCount) / visible > 0.35) {
    return `${percent((emojiCount + symbolCount) / visible)} of its characters are digits, symbols or emoji`;
  }
  if (longestRun >= 5) return `one symbol or emoji repeated ${longestRun} times in a row`;
  return undefined;
}

/** Gopher's duplicate n-gram character fractions (Rae et al. 2021, table A1), n = 5..10. */
const duplicateNgramLimits: [number, number][] = [
  [5, 0.15],
  [6, 0.14],
  [7, 0.13],
  [8, 0.12],
  [9, 0.11],
  [10, 0.1],
];
/** Gopher's top n-gram character fractions, n = 2..4; applied to texts of at least 40 words. */
const topNgramLimits: [number, number][] = [
  [2, 0.2],
  [3, 0.18],
  [4, 0.16],
];

function repetition(text: string, language: string): string | undefined {
  const sentences = text
    .split(/(?<=[.!?。！？\n])\s*/u)
    .map((sentence) => sentence.trim().toLowerCase().replace(/\s+/g, " "))
    .filter((sentence) => [...sentence].length >= 4);
  if (sentences.length >= 2) {
    const seen = new Map<string, number>();
    for (const sentence of sentences) seen.set(sentence, (seen.get(sentence) ?? 0) + 1);
    const repeated = [...seen.entries()].filter(([, count]) => count > 1);
    const repeatedCharacters = repeated.reduce(
      (sum, [sentence, count]) => sum + [...sentence].length * (count - 1),
      0,
    );
    const total = sentences.reduce((sum, sentence) => sum + [...sentence].length, 0);
    if (repeated.length > 0 && repeatedCharacters / total >= 0.2) {
      const [sentence, count] = repeated.sort((a, b) => b[1] - a[1])[0]!;
      return `the sentence "${preview(sentence)}" appears ${count} times`;
    }
  }
  // Chinese and Japanese words are short: their n-grams are counted over characters.
  const tokens = isCjkLanguage(language)
    ? [...text].filter((character) => letter.test(character) || /\p{N}/u.test(character))
    : segmentWords(text, language);
  if (tokens.length < 10) return undefined;
  const totalCharacters = tokens.reduce((sum, token) => sum + token.length, 0);
  for (const [n, limit] of duplicateNgramLimits) {
    const fraction = duplicateNgramFraction(tokens, n, totalCharacters);
    if (fraction > limit) {
      return `${percent(fraction)} of its characters sit in repeated ${n}-grams (limit ${percent(limit)})`;
    }
  }
  // Characters repeat far more than words: the top n-gram rule is for word n-grams only.
  if (tokens.length >= 40 && !isCjkLanguage(language)) {
    for (const [n, limit] of topNgramLimits) {
      const fraction = topNgramFraction(tokens, n, totalCharacters);
      if (fraction > limit) {
        return `its most frequent ${n}-gram covers ${percent(fraction)} of its characters (limit ${percent(limit)})`;
      }
    }
  }
  return undefined;
}

/** Characters of the tokens covered by n-grams that occur more than once, counted once each. */
function duplicateNgramFraction(tokens: readonly string[], n: number, totalCharacters: number): number {
  if (tokens.length < n * 2) return 0;
  const first = new Map<string, number>();
  const covered = new Uint8Array(tokens.length);
  for (let index = 0; index + n <= tokens.length; index += 1) {
    const key = tokens.slice(index, index + n).join("\u0001");
    const earlier = first.get(key);
    if (earlier === undefined) {
      first.set(key, index);
      continue;
    }
    for (let offset = 0; offset < n; offset += 1) {
      covered[earlier + offset] = 1;
      covered[index + offset] = 1;
    }
  }
  let characters = 0;
  covered.forEach((flag, index) => {
    if (flag) characters += tokens[index]!.length;
  });
  return characters / totalCharacters;
}

function topNgramFraction(tokens: readonly string[], n: number, totalCharacters: number): number {
  const counts = new Map<string, { count: number; characters: number }>();
  for (let index = 0; index + n <= tokens.length; index += 1) {
    const gram = tokens.slice(index, index + n);
    const key = gram.join("\u0001");
    const entry = counts.get(key) ?? {
      count: 0,
      characters: gram.reduce((sum, token) => sum + token.length, 0),
    };
    entry.count += 1;
    counts.set(key, entry);
  }
  let best = 0;
  for (const { count, characters } of counts.values()) {
    if (count > 1) best = Math.max(best, count * characters);
  }
  return best / totalCharacters;
}

const templateSyntax = /[{}]|\$\{[^}]*\}/u;
const bracketPlaceholder =
  /\[[^\]\n]{1,40}\]|<[a-z_ ]{3,30}>|【[^】\n]{0,20}(名称|名字|品牌|产品|店名|地址)[^】\n]{0,10}】/iu;
const chinesePlaceholder = /(?:X{2,}|x{3,}|某某|＊{2,}|\*{3,})/u;
const assistantTalk = [
  /^(sure|certainly|of course)\b[,!.:]?\s*(here|i'd|i would|i can|let me)\b/iu,
  /\bhere(?:'s| is| are)\b.{0,40}\b(review|sentence|example|text|comment|response|message|post)s?\b/iu,
  /\bas an ai\b|\blanguage model\b/iu,
  /\b(training|labell?ed) (example|data|sample)s?\b/iu,
  /\b(sentiment|label|class|category|rating)\s*[:=]/iu,
  /\b(json|the prompt|this task)\b/iu,
  /\breal (customer|person|user)\b/iu,
  /\b(the|a|this) (customer|person|user|reviewer|writer) (expresses|expressed|felt|feels|is satisfied|was satisfied|had no)\b/iu,
  /\bno (negative |positive )?(complaints|criticisms|comments)( or (criticisms|complaints))? (were |are )?mentioned\b/iu,
  /\bsentiment\b/iu,
  // A description of a review in the third person instead of a review: "The product was praised
  // for its design", "The customer was disappointed with their product" (none in the 1,000 Yelp sentences).
  /\b(is|was|were|are|been)\s+([a-z]+ly\s+)?(praised|criticized|criticised|described|commended)\s+(for|as)\b/iu,
  /\bthe customers?\b(?!'s\s+experience|\s+(service|support|care|experience))/iu,
  /\bthe users?\b(?!\s+(interface|manual|guide|experience))/iu,
  /\bthe reviewer\b/iu,
  /\b(i'?m sorry|i am sorry|i apologi[sz]e),? but\b|\bcan(?:'t|not) (assist|help) with (that|this)\b/iu,
  /(抱歉|对不起)，?(我)?(无法|不能)/u,
  /(顾客|用户|评论者)(表达|表示)了|(买了?或点了|买或者点了|评价中描述|的口吻|用户评论：|评论内容)/u,
  // The Chinese third person: "顾客对鸡尾酒失望", "客户反馈是…", "消费者对它的满意度较低" (none in the 11,987 waimai reviews).
  /(顾客|客户|消费者|客人)们?(对|在用餐|感到|非常|反馈|的满意度)|用户在使用|满意度(较|很|不|低|高)/u,
  /^(以下是|下面是|这是一条|这是一个|好的[，,])/u,
  /(情感|标签|类别|分类)[:：]/u,
  /(训练样本|训练数据|示例评论|样本数据)/u,
  // Filler a model writes when it has nothing to say: typing-test pangrams and dummy text.
  /\bquick brown fox\b|\blorem ipsum\b|\bdolor sit amet\b/iu,
  /(测试文本|这是一段测试|占位文字|天地玄黄)/u,
];

function leak(text: string, context: TextCheckContext): string | undefined {
  if (templateSyntax.test(text)) return `template syntax left in the text ("${match(text, templateSyntax)}")`;
  const placeholder = text.match(bracketPlaceholder) ?? text.match(chinesePlaceholder);
  if (placeholder) return `placeholder "${placeholder[0]}" left in the text`;
  for (const pattern of assistantTalk) {
    if (pattern.test(text))
      return `talks about the task ("${match(text, pattern)}") instead of being an example`;
  }
  if (isCjkLanguage(context.language)) {
    const english = /\b(user|text|label|review|customer|sentiment|positive|negative)\b/i.exec(text);
    if (english) return `an English word of the prompt ("${english[0]}") in a Chinese text`;
  }
  const named = namesOwnLabel(text, context.labels ?? []);
  if (named) return `names its own label ("${named}")`;
  if (context.prompt) {
    const copied = copiedFromPrompt(text, context.prompt, context.language);
    if (copied) return `copies the prompt ("${copied}")`;
  }
  return undefined;
}

/** The prompt or the recipe asks for customer reviews: "review", 评论, 评价, 点评. */
function asksForReviews(context: TextCheckContext): boolean {
  const brief = `${context.description ?? ""}\n${context.prompt ?? ""}`;
  return /\breviews?\b/iu.test(brief) || /(评论|评价|点评)/u.test(brief);
}

// The business speaking instead of its customer: "Our chef", "our customers", "customer
// satisfaction", "we offer", 本店, 欢迎光临, 感谢您的支持. "Our server", "our table", "our order" and
// "our kitchen" are a customer's words and pass. None of the 1,000 Yelp sentences or the 11,987
// waimai reviews is caught.
const sellerPhrases = [
  /\bour (customers?|guests?|clients?|patrons?|chefs?|cafe|café|restaurant|shop|company|business|brand|menu|products?|staff)\b/iu,
  /\b(customer satisfaction|(the )?company'?s reputation)\b/iu,
  /\bwe (offer|serve|provide|pride ourselves|are proud to)\b/iu,
  /(本店|欢迎.{0,2}光临|感谢(您|亲)的(支持|光临|惠顾|评价|好评)|小店(会|将)(继续|努力))/u,
  /我们的(服务|送货|配送|外卖服务|菜品|产品|店铺|小店|餐厅|厨师|员工)|(抱歉|对不起)[，,]?我们/u,
];

function sellerVoice(text: string): string | undefined {
  for (const pattern of sellerPhrases) {
    if (pattern.test(text)) return `written as the business, not its customer ("${match(text, pattern)}")`;
  }
  return undefined;
}

const labelNouns = "review|example|sentence|comment|text|sample|feedback|post|message|one";
const chineseLabelNouns = "评论|评价|样本|示例|例子|文本|句子";

/** "a positive review", "the review is negative", "正面评论", "情感为负面": a text that talks about its own class. */
function namesOwnLabel(text: string, labels: readonly string[]): string | undefined {
  for (const label of labels) {
    if (label.trim() === "") continue;
    const escaped = label.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
    const patterns = /\p{Script=Han}/u.test(label)
      ? [
          new RegExp(`${escaped}(的)?(${chineseLabelNouns})`, "u"),
          new RegExp(`(情感|态度|倾向)(是|为)${escaped}`, "u"),
          new RegExp(`${escaped}[:：]`, "u"),
          new RegExp(`(明显|明确|确实)(是)?${escaped}`, "u"),
          new RegExp(`(是|为|很|算)["“「『]?${escaped}`, "u"),
          new RegExp(`${escaped}(体验|情绪)`, "u"),
        ]
      : [
          new RegExp(`\\b(a|an|this|the)\\s+([a-z]+\\s+)?${escaped}\\s+(${labelNouns})\\b`, "iu"),
          new RegExp(`\\b(${labelNouns})\\s+(is|was)\\s+(clearly\\s+|very\\s+)?${escaped}\\b`, "iu"),
          new RegExp(`\\b${escaped}\\s*[:：=]`, "iu"),
          new RegExp(`\\b(clearly|definitely|obviously|unmistakably)\\s+${escaped}\\b`, "iu"),
          // "The kitchen appliance was truly positive", "found it to be completely negative",
          // "The restaurant was overwhelmingly negative".
          new RegExp(
            `\\b(was|is|were|are|be)\\s+((not|very|so|quite|overall|[a-z]+ly)\\s+)?${escaped}\\b`,
            "iu",
          ),
        ];
    for (const pattern of patterns) {
      const found = text.match(pattern);
      if (found) return found[0];
    }
  }
  return undefined;
}

/** A run of at least 5 words (English) or 10 characters (Chinese) that the text shares with the prompt. */
function copiedFromPrompt(text: string, prompt: string, language: string): string | undefined {
  if (isCjkLanguage(language)) {
    const compact = (value: string) => [...value].filter((character) => letter.test(character)).join("");
    const source = compact(prompt);
    const target = compact(text);
    const size = 10;
    for (let index = 0; index + size <= target.length; index += 1) {
      const piece = target.slice(index, index + size);
      if (source.includes(piece)) return piece;
    }
    return undefined;
  }
  const size = 5;
  const promptWords = segmentWords(prompt, language);
  const grams = new Set<string>();
  for (let index = 0; index + size <= promptWords.length; index += 1) {
    grams.add(promptWords.slice(index, index + size).join(" "));
  }
  const words = segmentWords(text, language);
  for (let index = 0; index + size <= words.length; index += 1) {
    const gram = words.slice(index, index + size).join(" ");
    if (grams.has(gram)) return gram;
  }
  return undefined;
}

function match(text: string, pattern: RegExp): string {
  return preview(text.match(pattern)?.[0] ?? "");
}

function preview(text: string): string {
  return text.length > 40 ? `${text.slice(0, 37)}...` : text;
}

function percent(value: number): string {
  return `${Math.round(value * 100)}%`;
}
