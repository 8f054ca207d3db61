import { InputFileError } from "../errors/InputFileError.js";

/** The layouts of real NER data files that `evaluate` and the benches read. */
export const entityCorpusFormats = ["conll", "cluener", "mentions"] as const;
export type EntityCorpusFormat = (typeof entityCorpusFormats)[number];

/** One sentence of a real NER file: its text, its mentions as `{text, type}`, and their spans. */
export interface EntityCorpusRecord {
  text: string;
  entities: { text: string; type: string }[];
  /** Character (UTF-16) spans into `text`, end exclusive, in order of start. */
  gold: { start: number; end: number; type: string }[];
  /** Line of the file the sentence starts on (1-based). */
  line: number;
}

/**
 * Parses a real NER file in one of three layouts:
 * - `conll`: CoNLL-2003 style, one token a line with the BIO (IOB1 or IOB2) tag in the last
 *   column, a blank line between sentences, `-DOCSTART-` lines skipped; a sentence's text is its
 *   tokens joined by single spaces.
 * - `cluener`: CLUENER2020 JSON lines, `{text, label: {type: {mention: [[start, endInclusive]]}}}`.
 * - `mentions`: JSON lines `{text, mention_data: [{mention, type, offset}]}` (cMedQANER); a
 *   mention whose offset misses the text keeps the place the mention first occurs.
 * A malformed line is an InputFileError naming the file and line.
 */
export function parseEntityCorpus(
  content: string,
  format: EntityCorpusFormat,
  file: string,
): EntityCorpusRecord[] {
  if (format === "conll") return parseConll(content, file);
  const records: EntityCorpusRecord[] = [];
  content.split("\n").forEach((raw, index) => {
    if (raw.trim() === "") return;
    const line = index + 1;
    let row: unknown;
    try {
      row = JSON.parse(raw);
    } catch (error) {
      throw new InputFileError(file, line, `is not valid JSON (${(error as Error).message})`, {
        cause: error,
      });
    }
    const text = (row as { text?: unknown }).text;
    if (typeof text !== "string" || text === "")
      throw new InputFileError(file, line, 'has no "text" string; expected the sentence');
    records.push(
      format === "cluener" ? cluenerRecord(row, text, file, line) : mentionsRecord(row, text, file, line),
    );
  });
  return records;
}

function cluenerRecord(row: unknown, text: string, file: string, line: number): EntityCorpusRecord {
  const label = (row as { label?: unknown }).label ?? {};
  if (typeof label !== "object" || label === null || Array.isArray(label))
    throw new InputFileError(
      file,
      line,
      'field "label" is not an object of {type: {mention: [[start, end]]}}',
    );
  const entities: EntityCorpusRecord["entities"] = [];
  const gold: EntityCorpusRecord["gold"] = [];
  for (const [type, mentions] of Object.entries(label as Record<string, unknown>)) {
    for (const [mention, spans] of Object.entries((mentions ?? {}) as Record<string, unknown>)) {
      entities.push({ text: mention, type });
      if (!Array.isArray(spans))
        throw new InputFileError(file, line, `mention "${mention}" has no list of [start, end] spans`);
      for (const span of spans) {
        const [start, end] = Array.isArray(span) ? span : [];
        if (!Number.isInteger(start) || !Number.isInteger(end) || text.slice(start, end + 1) !== mention)
          throw new InputFileError(
            file,
            line,
            `mention "${mention}" has span ${JSON.stringify(span)}, which is not where the text holds it`,
          );
        gold.push({ start, end: end + 1, type });
      }
    }
  }
  return { text, entities, gold: gold.sort((a, b) => a.start - b.start), line };
}

function mentionsRecord(row: unknown, text: string, file: string, line: number): EntityCorpusRecord {
  const mentions = (row as { mention_data?: unknown }).mention_data ?? [];
  if (!Array.isArray(mentions))
    throw new InputFileError(file, line, 'field "mention_data" is not a list of {mention, type, offset}');
  const entities: EntityCorpusRecord["entities"] = [];
  const gold: EntityCorpusRecord["gold"] = [];
  for (const item of mentions as { mention?: unknown; type?: unknown; offset?: unknown }[]) {
    if (typeof item?.mention !== "string" || typeof item.type !== "string" || item.mention === "")
      throw new InputFileError(file, line, "a mention_data item has no mention or type string");
    const stated = Number(item.offset);
    const start =
      Number.isInteger(stated) && text.startsWith(item.mention, stated) ? stated : text.indexOf(item.mention);
    entities.push({ text: item.mention, type: item.type });
    if (start >= 0) gold.push({ start, end: start + item.mention.length, type: item.type });
  }
  return { text, entities, gold: gold.sort((a, b) => a.start - b.start), line };
}

function parseConll(content: string, file: string): EntityCorpusRecord[] {
  const records: EntityCorpusRecord[] = [];
  let tokens: string[] = [];
  let tags: string[] = [];
  let startLine = 1;
  const flush = () => {
    if (tokens.length === 0) return;
    const offsets: number[] = [];
    let at = 0;
    for (const token of tokens) {
      offsets.push(at);
      at += token.length + 1;
    }
    const text = tokens.join(" ");
    const gold: EntityCorpusRecord["gold"] = [];
    tags.forEach((tag, index) => {
      const type = tag.slice(2);
      const end = offsets[index]! + tokens[index]!.length;
      const previous = tags[index - 1];
      if (tag === "O") return;
      // An I- tag continues the entity before it only when that one has its type; after O or
      // another type it opens one (conlleval's chunking, which seqeval follows).
      const continues =
        tag.startsWith("I-") && previous !== undefined && previous !== "O" && previous.slice(2) === type;
      if (continues) gold.at(-1)!.end = end;
      else gold.push({ start: offsets[index]!, end, type });
    });
    records.push({
      text,
      gold,
      entities: gold.map((span) => ({ text: text.slice(span.start, span.end), type: span.type })),
      line: startLine,
    });
    tokens = [];
    tags = [];
  };
  content.split("\n").forEach((raw, index) => {
    const line = raw.replace(/\r$/, "");
    if (line.trim() === "" || line.startsWith("-DOCSTART-")) {
      flush();
      return;
    }
    const columns = line.trim().split(/\s+/);
    const tag = columns.at(-1)!;
    if (columns.length < 2 || !(tag === "O" || /^[BI]-\S+$/.test(tag)))
      throw new InputFileError(
        file,
        index + 1,
        `expected a token and its BIO tag (O, B-TYPE or I-TYPE) as the last column; got "${line}"`,
      );
    if (tokens.length === 0) startLine = index + 1;
    tokens.push(columns[0]!);
    tags.push(tag);
  });
  flush();
  return records;
}
