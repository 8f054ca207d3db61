import { type EntitySpan, findMentions } from "../../core/entities/entitySpans.js";
import type { EntityCorpusRecord } from "../../core/entities/parseEntityCorpus.js";

/** How one name is annotated in the real data. */
export interface LexiconEntry {
  /** The type the real data gives it most often. */
  type: string;
  /** Times it is annotated, under any type. */
  annotated: number;
  /** Share of those annotations with `type`. */
  typeShare: number;
  /** Share of its whole-span occurrences in the real texts that are annotated at all. */
  annotatedShare: number;
}

/** Names the real annotations agree on: each seen often enough, nearly always under one type. */
export interface EntityLexicon {
  entries: Map<string, LexiconEntry>;
  /** The names a record must list when its text holds them, by first character (built once, read per record). */
  required: Map<string, string[]>;
  minCount: number;
  minShare: number;
  wordEdges: boolean;
}

/** What {@link checkAgainstLexicon} found wrong with a record, if anything. */
export interface LexiconProblem {
  reason: "entity-type-real" | "entity-missed-real";
  message: string;
  details: { text: string; type?: string; realType: string; annotated: number; share: number };
}

/**
 * The lexicon of a real annotated corpus: every mention text annotated at least `minCount` times,
 * with the type it has most often, how often it has that type, and how often its whole-span
 * occurrences in the corpus's texts are annotated at all (a name such as "Germany" nearly always
 * is; "May" or "Bank" often is not). Mentions are matched as written (case kept).
 */
export function buildEntityLexicon(
  records: readonly EntityCorpusRecord[],
  options: { minCount: number; minShare: number; wordEdges: boolean },
): EntityLexicon {
  const types = new Map<string, Map<string, number>>();
  for (const record of records) {
    for (const span of record.gold) {
      const mention = record.text.slice(span.start, span.end);
      const counts = types.get(mention) ?? new Map<string, number>();
      counts.set(span.type, (counts.get(span.type) ?? 0) + 1);
      types.set(mention, counts);
    }
  }
  const entries = new Map<string, LexiconEntry>();
  const frequent = [...types].filter(([, counts]) => sum(counts.values()) >= options.minCount);
  // Occurrences of each frequent mention in the texts, found through the mention's first
  // character so that each text is searched only for the mentions that can start in it.
  const byFirst = indexByFirstCharacter(frequent.map(([mention]) => mention));
  const occurrences = new Map<string, number>();
  for (const record of records) {
    for (const character of new Set(record.text)) {
      for (const mention of byFirst.get(character) ?? []) {
        if (!record.text.includes(mention)) continue;
        const found = findMentions(record.text, mention, options.wordEdges).length;
        occurrences.set(mention, (occurrences.get(mention) ?? 0) + found);
      }
    }
  }
  for (const [mention, counts] of frequent) {
    const annotated = sum(counts.values());
    const [type, top] = [...counts].sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]))[0]!;
    entries.set(mention, {
      type,
      annotated,
      typeShare: top / annotated,
      annotatedShare: annotated / Math.max(annotated, occurrences.get(mention) ?? 0),
    });
  }
  const required = indexByFirstCharacter(
    [...entries]
      .filter(([, known]) => known.typeShare >= options.minShare && known.annotatedShare >= options.minShare)
      .map(([mention]) => mention),
  );
  return {
    entries,
    required,
    minCount: options.minCount,
    minShare: options.minShare,
    wordEdges: options.wordEdges,
  };
}

/** Mentions grouped by their first character, so a text is searched only for those that can start in it. */
function indexByFirstCharacter(mentions: readonly string[]): Map<string, string[]> {
  const index = new Map<string, string[]>();
  for (const mention of mentions) {
    const first = mention[0]!;
    const group = index.get(first);
    if (group) group.push(mention);
    else index.set(first, [mention]);
  }
  return index;
}

/**
 * A record's entities against real annotations: a listed entity the real data types otherwise
 * (at least `minShare` of its annotations; "Russia" listed as ORG where CoNLL-2003 types it LOC
 * 88 times of 88) is `entity-type-real`; a name of the text the real data annotates nearly
 * always (at least `minShare` of its occurrences, nearly always as one type) that no listed
 * entity covers is `entity-missed-real` ("Spain" left out). Names the lexicon does not hold, or
 * holds without agreement, pass.
 */
export function checkAgainstLexicon(
  text: string,
  spans: readonly EntitySpan[],
  lexicon: EntityLexicon,
): LexiconProblem | undefined {
  for (const span of spans) {
    const known = lexicon.entries.get(span.text);
    if (known && known.typeShare >= lexicon.minShare && known.type !== span.type) {
      return {
        reason: "entity-type-real",
        message: `"${span.text}" is listed as ${span.type}; the real annotations type it ${known.type} (${percent(known.typeShare)} of ${known.annotated})`,
        details: {
          text: span.text,
          type: span.type,
          realType: known.type,
          annotated: known.annotated,
          share: known.typeShare,
        },
      };
    }
  }
  const candidates = [...new Set(text)].flatMap((character) => lexicon.required.get(character) ?? []);
  for (const mention of candidates) {
    if (!text.includes(mention)) continue;
    const known = lexicon.entries.get(mention)!;
    for (const found of findMentions(text, mention, lexicon.wordEdges)) {
      if (spans.some((span) => span.start <= found.start && found.end <= span.end)) continue;
      return {
        reason: "entity-missed-real",
        message: `"${mention}" is in the text but not listed; the real annotations mark it ${known.type} (${percent(known.annotatedShare)} of its ${known.annotated}+ occurrences annotated)`,
        details: {
          text: mention,
          realType: known.type,
          annotated: known.annotated,
          share: known.annotatedShare,
        },
      };
    }
  }
  return undefined;
}

function sum(values: Iterable<number>): number {
  let total = 0;
  for (const value of values) total += value;
  return total;
}

function percent(share: number): string {
  return `${Math.round(share * 100)}%`;
}
