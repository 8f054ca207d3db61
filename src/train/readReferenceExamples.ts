import { type EntityCorpusFormat, parseEntityCorpus } from "../core/entities/parseEntityCorpus.js";
import { InputFileError } from "../core/errors/InputFileError.js";
import { readInputFile } from "../core/fs/readInputFile.js";
import { readTable } from "../core/fs/readTable.js";
import { type LabelledExample, readLabelledExamples, sampleExamples } from "./readLabelledExamples.js";

/** A real labelled data set to compare base and tuned models on. */
export interface ReferenceSet {
  file: string;
  /**
   * How the file is laid out: rows with a text and a label column [table], instruction data
   * (`instruction`, `input`, `output` rows), or a real NER file.
   */
  format?: "table" | "instruction" | EntityCorpusFormat | undefined;
  /** A parallel corpus: line i of this file translates line i of `file`. */
  targetFile?: string | undefined;
  textColumn?: string | undefined;
  labelColumn?: string | undefined;
  /** Map from the file's labels (an NER file's entity types) to the model's. */
  labelMap?: Record<string, string> | undefined;
  /** An NER file's entity types must be among these (after `labelMap`). */
  entityTypes?: readonly string[] | undefined;
  /** Texts left out of a table (the recipe's label examples, which the generator was shown). */
  exclude?: readonly string[] | undefined;
}

/**
 * The examples of a reference set, read as its layout says: table rows (the label set checked,
 * a stratified sample unless `stratify` is false), instruction rows, an NER file's sentences
 * with their entity lists, or a parallel corpus's lines.
 */
export function readReferenceSet(
  reference: ReferenceSet,
  options: { labels?: string[]; limit?: number; stratify?: boolean } = {},
): Promise<LabelledExample[]> {
  const { file, format = "table" } = reference;
  if (format === "instruction") return readInstructionExamples(file, { limit: options.limit });
  if (format !== "table") {
    return readEntityExamples(file, format, {
      typeMap: reference.labelMap,
      types: reference.entityTypes,
      limit: options.limit,
    });
  }
  if (reference.targetFile !== undefined)
    return readParallelExamples(file, reference.targetFile, { limit: options.limit });
  return readLabelledExamples(file, {
    ...(reference.textColumn === undefined ? {} : { textColumn: reference.textColumn }),
    ...(reference.labelColumn === undefined ? {} : { labelColumn: reference.labelColumn }),
    ...(reference.labelMap === undefined ? {} : { labelMap: reference.labelMap }),
    ...(reference.exclude === undefined ? {} : { exclude: reference.exclude }),
    ...options,
  });
}

/**
 * The sentences of a real NER file (CoNLL BIO, CLUENER JSON or `mention_data` JSON lines) as
 * evaluation examples: the text, and as its answer the JSON list `[{"text", "type"}]` of its
 * mentions, the form an extraction recipe's student is trained to write. `typeMap` renames the
 * file's entity types to the recipe's; a type outside `types` (after renaming) is an error
 * naming the line. Sentences without entities stay: a model must also leave them empty.
 */
export async function readEntityExamples(
  file: string,
  format: EntityCorpusFormat,
  options: {
    typeMap?: Record<string, string> | undefined;
    types?: readonly string[] | undefined;
    limit?: number | undefined;
    seed?: number;
  } = {},
): Promise<LabelledExample[]> {
  const records = parseEntityCorpus(await readInputFile(file), format, file);
  if (records.length === 0) throw new InputFileError(file, undefined, `has no ${format} sentences`);
  const examples = records.map((record) => {
    const entities = record.entities.map((entity) => {
      const type = options.typeMap?.[entity.type] ?? entity.type;
      if (options.types && !options.types.includes(type)) {
        throw new InputFileError(
          file,
          record.line,
          `entity type "${entity.type}" is not one of the recipe's (${options.types.join(", ")}); map it in evaluate.reference.labelMap`,
        );
      }
      return { text: entity.text, type };
    });
    return { text: record.text, label: JSON.stringify(entities) };
  });
  return sampleExamples(examples, options.limit, options.seed ?? 42);
}

/**
 * Instruction data written by people (Alpaca's layout: JSON lines, or a table, with
 * `instruction`, an optional `input` and `output`) as evaluation examples. The prompt is the
 * instruction, then a blank line and the input when there is one, exactly as the worker builds
 * an instruction record's user turn in training; the answer is the output. A row without an
 * instruction or an output is an error naming its line.
 */
export async function readInstructionExamples(
  file: string,
  options: { limit?: number | undefined; seed?: number } = {},
): Promise<LabelledExample[]> {
  const table = await readTable(file, { textColumn: "instruction" });
  const examples = table.rows.map(({ line, values }) => {
    const field = (name: string) => {
      const value = values[name];
      return typeof value === "string" ? value.trim() : "";
    };
    for (const name of ["instruction", "output"]) {
      if (field(name) === "") {
        throw new InputFileError(
          file,
          line,
          `field "${name}" is empty or missing; expected instruction data (instruction, input, output)`,
        );
      }
    }
    const input = field("input");
    return {
      text: input === "" ? field("instruction") : `${field("instruction")}\n\n${input}`,
      label: field("output"),
    };
  });
  if (examples.length === 0) throw new InputFileError(file, undefined, "has no instruction rows");
  return sampleExamples(examples, options.limit, options.seed ?? 42);
}

/**
 * A parallel corpus of two line-aligned plain-text files (line i of `file` is the source,
 * line i of `targetFile` its translation, as WMT's newstest files come) as evaluation examples.
 * Files of different lengths, or a line empty on one side only, are an error naming the line.
 */
export async function readParallelExamples(
  file: string,
  targetFile: string,
  options: { limit?: number | undefined; seed?: number } = {},
): Promise<LabelledExample[]> {
  const lines = (content: string) => content.replace(/\r?\n$/, "").split(/\r?\n/);
  const sources = lines(await readInputFile(file));
  const targets = lines(await readInputFile(targetFile));
  if (sources.length !== targets.length) {
    throw new InputFileError(
      targetFile,
      undefined,
      `has ${targets.length} lines but ${file} has ${sources.length}; expected line-aligned translations`,
    );
  }
  const examples: LabelledExample[] = [];
  sources.forEach((source, index) => {
    const target = targets[index]!;
    if (source.trim() === "" && target.trim() === "") return;
    if (source.trim() === "" || target.trim() === "") {
      throw new InputFileError(
        source.trim() === "" ? file : targetFile,
        index + 1,
        "is empty while the other file's line is not; expected line-aligned translations",
      );
    }
    examples.push({ text: source.trim(), label: target.trim() });
  });
  if (examples.length === 0) throw new InputFileError(file, undefined, "has no lines to translate");
  return sampleExamples(examples, options.limit, options.seed ?? 42);
}
