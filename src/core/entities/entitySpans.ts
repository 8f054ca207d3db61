/** One mention of an entity: `text.slice(start, end) === mention` (UTF-16 offsets, end exclusive). */
export interface EntitySpan {
  text: string;
  type: string;
  start: number;
  end: number;
}

/** The classes of bad entity annotation {@link resolveEntitySpans} tells apart. */
export const entityProblems = [
  "entity-malformed",
  "entity-type-unknown",
  "span-not-in-text",
  "entity-overlap",
] as const;
export type EntityProblem = (typeof entityProblems)[number];

/** The spans of a record's entities, or the first thing wrong with them. */
export type ResolvedEntities =
  | { ok: true; spans: EntitySpan[]; entities: { text: string; type: string }[] }
  | {
      ok: false;
      problem: EntityProblem;
      message: string;
      details: unknown;
      entities: { text: string; type: string }[];
    };

const wordCharacter = /[\p{L}\p{N}]/u;
const cjk = /[\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}\p{Script=Hangul}]/u;

/** True when `text[index]` continues a word of a script that separates words by spaces. */
function joinsWord(text: string, index: number): boolean {
  const character = text[index];
  return character !== undefined && wordCharacter.test(character) && !cjk.test(character);
}

/**
 * Where `mention` occurs in `text` as a whole span. With `wordEdges` (a language written with
 * spaces, such as English), a mention that starts or ends with a letter or digit must not
 * continue a word on that side ("Paris" is not a mention in "Parisian"). Chinese text has no
 * word edges to respect, not even around Latin letters ("hpv" in "hpv18", "CPL" in "CPL2011").
 */
export function findMentions(
  text: string,
  mention: string,
  wordEdges = true,
): { start: number; end: number }[] {
  const found: { start: number; end: number }[] = [];
  if (mention.length === 0) return found;
  const startsWord = wordEdges && joinsWord(mention, 0);
  const endsWord = wordEdges && joinsWord(mention, mention.length - 1);
  let from = 0;
  for (;;) {
    const start = text.indexOf(mention, from);
    if (start < 0) return found;
    const end = start + mention.length;
    const cutsBefore = startsWord && joinsWord(text, start - 1);
    const cutsAfter = endsWord && joinsWord(text, end);
    if (!cutsBefore && !cutsAfter) {
      found.push({ start, end });
      from = end;
    } else {
      from = start + 1;
    }
  }
}

const quote = (value: string) => JSON.stringify(value);

function problem(
  kind: EntityProblem,
  message: string,
  details: unknown,
  entities: { text: string; type: string }[],
): ResolvedEntities {
  return { ok: false, problem: kind, message, details, entities };
}

/**
 * Where a record's entities occur in its text, with no model. Every entity is a `{text, type}` whose
 * type is one of the schema's types and whose text occurs verbatim in the record's text (a
 * paraphrased or invented span is `span-not-in-text`); the same text is not listed under two
 * types, and no two mentions cross or nest with different types (`entity-overlap`).
 *
 * Repeated mentions: a listed entity labels every whole-span occurrence of its text, as
 * CoNLL-style annotation does, and listing it twice changes nothing. An occurrence inside a
 * longer listed entity of the same type ("New York" in "New York City") is part of that one,
 * not a mention of its own.
 */
export function resolveEntitySpans(
  text: string,
  listed: readonly unknown[],
  types: readonly string[] | undefined,
  entitiesField = "entities",
  wordEdges = true,
): ResolvedEntities {
  const entities: { text: string; type: string }[] = [];
  const typeOf = new Map<string, string>();
  for (const [index, item] of listed.entries()) {
    const value = item as { text?: unknown; type?: unknown } | null;
    if (typeof value?.text !== "string" || typeof value.type !== "string" || value.text.trim() === "") {
      return problem(
        "entity-malformed",
        `${entitiesField}[${index}] is not a {text, type} pair with a non-empty text`,
        { index },
        entities,
      );
    }
    const entity = { text: value.text.trim(), type: value.type.trim() };
    if (types !== undefined && !types.includes(entity.type)) {
      return problem(
        "entity-type-unknown",
        `${quote(entity.text)} has type ${quote(entity.type)}, not one of ${types.join(", ")}`,
        { entity },
        entities,
      );
    }
    const known = typeOf.get(entity.text);
    if (known !== undefined && known !== entity.type) {
      return problem(
        "entity-overlap",
        `${quote(entity.text)} is listed as both ${known} and ${entity.type}`,
        { entity },
        entities,
      );
    }
    if (known === undefined) {
      typeOf.set(entity.text, entity.type);
      entities.push(entity);
    }
  }

  const occurrences: EntitySpan[] = [];
  for (const entity of entities) {
    const mentions = findMentions(text, entity.text, wordEdges);
    if (mentions.length === 0) {
      const inWord = text.includes(entity.text);
      const otherCase =
        !inWord && findMentions(text.toLowerCase(), entity.text.toLowerCase(), wordEdges).length > 0;
      const why = inWord
        ? "occurs only inside a longer word"
        : otherCase
          ? "occurs only in other letter case"
          : "does not occur in the text";
      return problem(
        "span-not-in-text",
        `${quote(entity.text)} (${entity.type}) ${why}`,
        { entity },
        entities,
      );
    }
    for (const mention of mentions) occurrences.push({ ...entity, ...mention });
  }

  // Longest first: a shorter occurrence inside a kept one is part of it, not a mention.
  occurrences.sort((a, b) => b.end - b.start - (a.end - a.start) || a.start - b.start);
  const spans: EntitySpan[] = [];
  const nestedIn = new Map<string, EntitySpan>();
  for (const occurrence of occurrences) {
    const crossing = spans.find(
      (kept) =>
        occurrence.start < kept.end &&
        kept.start < occurrence.end &&
        !(kept.start <= occurrence.start && occurrence.end <= kept.end),
    );
    if (crossing) {
      return problem(
        "entity-overlap",
        `${quote(occurrence.text)} (${occurrence.type}) and ${quote(crossing.text)} (${crossing.type}) overlap at characters ${Math.max(occurrence.start, crossing.start)}-${Math.min(occurrence.end, crossing.end)}`,
        { spans: [occurrence, crossing] },
        entities,
      );
    }
    const container = spans.find((kept) => kept.start <= occurrence.start && occurrence.end <= kept.end);
    if (container) {
      if (!nestedIn.has(occurrence.text) || container.type !== occurrence.type) {
        nestedIn.set(occurrence.text, container);
      }
      continue;
    }
    spans.push(occurrence);
  }
  for (const entity of entities) {
    if (spans.some((span) => span.text === entity.text)) continue;
    const container = nestedIn.get(entity.text);
    if (container && container.type !== entity.type) {
      return problem(
        "entity-overlap",
        `${quote(entity.text)} (${entity.type}) occurs only inside ${quote(container.text)} (${container.type})`,
        { spans: [entity, container] },
        entities,
      );
    }
  }
  spans.sort((a, b) => a.start - b.start);
  return { ok: true, spans, entities };
}
