import type { EntityFieldInfo } from "../../core/entities/entityField.js";
import { type EntitySpan, resolveEntitySpans } from "../../core/entities/entitySpans.js";
import { UsageError } from "../../core/errors/UsageError.js";

/** One token of a text: `text.slice(start, end)` (UTF-16 offsets). */
export interface Token {
  text: string;
  start: number;
  end: number;
}

/** A record as the NER formats write it: its tokens, their IOB2 tags and its entity spans. */
export interface TaggedRecord {
  text: string;
  tokens: Token[];
  /** One IOB2 tag per token: `B-<type>` opens a mention, `I-<type>` continues it, `O` is outside. */
  tags: string[];
  spans: EntitySpan[];
}

const han = /[\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}\p{Script=Hangul}]/u;
/** Words (letters and digits, joined by inner `.`, `-`, `&` as in "U.S", "3-1", "AT&T"), else one character. */
const wordPattern = /(?:\p{L}\.){2,}|[\p{L}\p{M}\p{N}]+(?:[.\-&'’][\p{L}\p{M}\p{N}]+)*|\S/gu;

/**
 * Splits a text into tokens with their offsets. Chinese (and any CJK language) is one token per
 * character, as CLUENER and the other Chinese NER sets are; other languages are words and
 * single punctuation marks, as CoNLL-2003 is, with Han characters inside them still one each.
 * A token is also cut wherever a mention starts or ends, so every mention is whole tokens.
 */
export function tokenize(text: string, cjk: boolean, boundaries: ReadonlySet<number> = new Set()): Token[] {
  const raw: Token[] = [];
  if (cjk) {
    let offset = 0;
    for (const character of text) {
      if (!/\s/u.test(character))
        raw.push({ text: character, start: offset, end: offset + character.length });
      offset += character.length;
    }
  } else {
    for (const match of text.matchAll(wordPattern)) {
      // Han characters inside a word are tokens of their own.
      let run: Token | undefined;
      let at = match.index;
      for (const character of match[0]) {
        const end = at + character.length;
        if (han.test(character)) {
          if (run) raw.push(run);
          run = undefined;
          raw.push({ text: character, start: at, end });
        } else if (run) run.end = end;
        else run = { text: "", start: at, end };
        at = end;
      }
      if (run) raw.push(run);
    }
    for (const token of raw) token.text = text.slice(token.start, token.end);
  }
  const tokens: Token[] = [];
  for (const token of raw) {
    let from = token.start;
    for (let cut = token.start + 1; cut < token.end; cut += 1) {
      if (boundaries.has(cut)) {
        tokens.push({ text: text.slice(from, cut), start: from, end: cut });
        from = cut;
      }
    }
    tokens.push({ text: text.slice(from, token.end), start: from, end: token.end });
  }
  return tokens;
}

/** The IOB2 tags of `tokens` for `spans` (every span covers whole tokens). */
export function iob2Tags(tokens: readonly Token[], spans: readonly EntitySpan[]): string[] {
  return tokens.map((token) => {
    const span = spans.find((candidate) => candidate.start <= token.start && token.end <= candidate.end);
    if (!span) return "O";
    return span.start === token.start ? `B-${span.type}` : `I-${span.type}`;
  });
}

/** Every tag an export of these types can hold, in a fixed order: `O`, then `B-`/`I-` of each type. */
export function tagNames(types: readonly string[]): string[] {
  return ["O", ...types.flatMap((type) => [`B-${type}`, `I-${type}`])];
}

/**
 * A record's tokens, tags and spans. The spans are located as the entity checks locate them
 * (`resolveEntitySpans`); a record whose entities do not resolve (exported from a run made
 * without the checks) is refused in one sentence naming it.
 */
export function tagRecord(
  record: Record<string, unknown>,
  info: EntityFieldInfo,
  cjk: boolean,
  where: string,
): TaggedRecord {
  const text = record[info.textField];
  const listed = record[info.entitiesField];
  if (typeof text !== "string" || !Array.isArray(listed)) {
    throw new UsageError(
      `${where}: expected a string "${info.textField}" and a list "${info.entitiesField}" for the NER export formats.`,
    );
  }
  const resolved = resolveEntitySpans(text, listed, info.types, info.entitiesField, !cjk);
  if (!resolved.ok) {
    throw new UsageError(
      `${where}: its entities cannot be written as spans (${resolved.problem}: ${resolved.message}); only records that pass the entity checks can be exported in the NER formats.`,
    );
  }
  const boundaries = new Set(resolved.spans.flatMap((span) => [span.start, span.end]));
  const tokens = tokenize(text, cjk, boundaries);
  return { text, tokens, tags: iob2Tags(tokens, resolved.spans), spans: resolved.spans };
}

/** A UTF-16 offset of `text` as a Unicode code point offset (Python's `str` indexes). */
export function codePointOffset(text: string, offset: number): number {
  return [...text.slice(0, offset)].length;
}
