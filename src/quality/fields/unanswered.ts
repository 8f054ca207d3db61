import { type PhraseListName, phraseList } from "../phrases/phraseLists.js";
import { isCjkLanguage } from "../text/isCjkLanguage.js";

/**
 * Two ways an instruction record goes unanswered, read from its structure rather than from one
 * record's wording (the phrase lists only say, per language, what a request or a pointer to
 * material looks like; `src/quality/phrases/{request,acknowledgement,material}.*.json`):
 *
 * - `asksBack`: the answer asks the reader for what it would need (information, material, a
 *   choice) instead of answering. Its sentences are requests (a `request` phrase, or a question
 *   addressed to the reader in an answer that asks outright or opens by accepting the request)
 *   and, apart from a short opening that accepts the request ("好的，",
 *   "Sure, I can help."), almost nothing else: under a third of its characters are content.
 *   An instruction that asks for questions or a request to be written is exempt.
 * - `missingInput`: the instruction points at material that should come with it ("根据以下材料",
 *   "the given list", "this sentence") while the record's input is empty and the instruction
 *   gives none itself (after a colon, on a line of its own, or in quotes).
 *
 * Measured by bench/audit/families.ts (real records rejected, planted failures caught) and
 * bench/audit/unanswered.ts (the teachers' own runs, read by hand).
 */

const sentencePattern = /[^。！？!?.\n]+(?:[。！？!?.]+|\n|$)/gu;
const questionEnd = /[?？]\s*$/u;
const readerEn = /\b(?:you|your|yours)\b/iu;
const readerZh = /[你您]/u;
function sentencesOf(text: string): string[] {
  return (text.match(sentencePattern) ?? []).map((sentence) => sentence.trim()).filter((s) => s !== "");
}

function visible(text: string): number {
  return [...text.replace(/[\s\p{P}\p{S}]/gu, "")].length;
}

const asksFor = (sentence: string, extra: readonly RegExp[]) =>
  [...phraseList("request"), ...extra].some((pattern) => pattern.test(sentence));
const asksReader = (sentence: string, cjk: boolean) =>
  questionEnd.test(sentence) && (cjk ? readerZh : readerEn).test(sentence);
const matchesAny = (list: PhraseListName, text: string) =>
  phraseList(list).some((pattern) => pattern.test(text));
const promises = (sentence: string) => matchesAny("promise", sentence);

/** At most 25 characters (Chinese) or 12 words. */
const short = (sentence: string, cjk: boolean) =>
  cjk ? visible(sentence) <= 25 : sentence.split(/\s+/u).length <= 12;

function isAcknowledgement(sentence: string, cjk: boolean): boolean {
  const brief = cjk ? visible(sentence) <= 15 : sentence.split(/\s+/u).length <= 8;
  return brief && phraseList("acknowledgement").some((pattern) => pattern.test(sentence));
}

/** Why an answer asks back instead of answering, or undefined. */
export function asksBack(
  answer: string,
  instruction: string,
  language: string,
  extra: readonly RegExp[] = [],
): string | undefined {
  const cjk = isCjkLanguage(language) || /\p{Script=Han}/u.test(answer);
  const sentences = sentencesOf(answer);
  if (sentences.length === 0) return undefined;
  const opensAccepting = isAcknowledgement(sentences[0]!, cjk);
  // A question to the reader is a request when the answer also asks outright or opens by
  // accepting the request; alone it may be the answer (a title, a rewritten message).
  const outright = sentences.map((sentence) => asksFor(sentence, extra));
  const anchored = opensAccepting || outright.includes(true);
  let requests = 0;
  let content = 0;
  let first: string | undefined;
  let previousAsked = false;
  sentences.forEach((sentence, index) => {
    // In an answer that asks outright, any question is one more thing it asks (Chinese leaves "you" out).
    const asked =
      outright[index] ||
      (anchored && (asksReader(sentence, cjk) || questionEnd.test(sentence))) ||
      (previousAsked &&
        matchesAny("illustration", sentence) &&
        (short(sentence, cjk) || questionEnd.test(sentence)));
    if (asked) {
      requests += 1;
      first ??= sentence;
    } else if (!((index === 0 && opensAccepting) || promises(sentence))) content += visible(sentence);
    previousAsked = asked;
  });
  const total = visible(answer);
  if (requests === 0 || total === 0 || content / total >= 1 / 3) return undefined;
  if (matchesAny("asks-for-questions", instruction)) return undefined;
  const quoted = first!.length > 50 ? `${first!.slice(0, 47)}...` : first!;
  return `asks the reader for what it needs instead of answering ("${quoted}")`;
}

/** Material inside the instruction itself: after a colon, on a line of its own, or quoted. */
const givenInline =
  /[:：]\s*\S(?:[^\n]*\S){5,}|\n\s*\S(?:[^\n]*\S){5,}|["“「《『'`][^"”」》』'`]{4,}["”」》』'`]/u;

/**
 * True when the material's noun was already named before the reference ("Write an email…
 * Keep the email short.", "任务需要提供一些真实的材料，这些材料…"): the words point back, not at
 * an input.
 */
function mentionedBefore(instruction: string, match: RegExpMatchArray): boolean {
  const words = match[0].split(/\s+/u);
  const noun = /\p{Script=Han}/u.test(match[0]) ? [...match[0]].slice(-2).join("") : words.at(-1)!;
  return instruction.slice(0, match.index).toLowerCase().includes(noun.toLowerCase());
}

const everywhere = (pattern: RegExp) =>
  pattern.global ? pattern : new RegExp(pattern.source, `${pattern.flags}g`);
let shippedMaterial: RegExp[] | undefined;
/** The shipped `material` list with the global flag, for every match of an instruction; compiled once. */
const globalMaterial = () => {
  shippedMaterial ??= phraseList("material").map(everywhere);
  return shippedMaterial;
};

/** Why an instruction points at material that is not there, or undefined. */
export function missingInput(
  instruction: string,
  inputs: readonly string[],
  extra: readonly RegExp[] = [],
): string | undefined {
  if (inputs.some((input) => input.trim() !== "")) return undefined;
  if (givenInline.test(instruction)) return undefined;
  const reference = [...globalMaterial(), ...extra.map(everywhere)]
    .flatMap((pattern) => [...instruction.matchAll(pattern)])
    .find((match) => !mentionedBefore(instruction, match));
  if (!reference) return undefined;
  return `points at material ("${reference[0]}") that neither the input nor the instruction gives`;
}
