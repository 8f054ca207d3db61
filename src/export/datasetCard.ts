import { stringify } from "yaml";
import type { Recipe } from "../core/recipe/recipeSchema.js";
import type { GeneratedRecord } from "../core/record.js";
import type { ReviewRow } from "../store/Store.js";
import type { ParquetColumnType } from "./parquetTable.js";

/** What a dataset card describes: one export of one run. */
export interface DatasetCardInput {
  recipe: Recipe;
  runId: string;
  /** Columns of the Parquet files, in order, with their types. */
  columns: readonly { name: string; type: ParquetColumnType }[];
  /** Each split (`train`, `validation`, `test`, or the unsplit `data`), its Parquet file and rows. */
  splits: readonly { name: string; file: string; rows: readonly Record<string, unknown>[] }[];
  /** Every record of the run, rejected ones included (their reasons are part of how it was verified). */
  records: readonly GeneratedRecord[];
  /** The human spot-check's verdicts. */
  reviews: readonly ReviewRow[];
  /** The other files of the export folder. */
  files: readonly string[];
}

/** Hugging Face's task categories for the recipe's task, where one fits. */
const hubTasks: Partial<Record<Recipe["task"], string>> = {
  classification: "text-classification",
  "multi-label": "text-classification",
  extraction: "token-classification",
  qa: "question-answering",
  summarization: "summarization",
  translation: "translation",
  paraphrase: "text-generation",
  rewriting: "text-generation",
  instruction: "text-generation",
  dialogue: "text-generation",
};

function sizeCategory(count: number): string {
  if (count < 1_000) return "n<1K";
  if (count < 10_000) return "1K<n<10K";
  if (count < 100_000) return "10K<n<100K";
  if (count < 1_000_000) return "100K<n<1M";
  return "1M<n<10M";
}

/** A Markdown table cell: one line, pipes escaped. */
function cell(value: unknown): string {
  const text = typeof value === "string" ? value : JSON.stringify(value);
  return (text ?? "").replace(/\s+/g, " ").replace(/\|/g, "\\|");
}

function table(header: readonly string[], rows: readonly (readonly unknown[])[]): string {
  return [
    `| ${header.join(" | ")} |`,
    `| ${header.map(() => "---").join(" | ")} |`,
    ...rows.map((row) => `| ${row.map(cell).join(" | ")} |`),
  ].join("\n");
}

function countBy<T>(items: readonly T[], key: (item: T) => string | undefined): Map<string, number> {
  const counts = new Map<string, number>();
  for (const item of items) {
    const value = key(item);
    if (value !== undefined) counts.set(value, (counts.get(value) ?? 0) + 1);
  }
  return new Map([...counts].sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0])));
}

/** Each label of a label field, counted per split (a list of labels counts each of them). */
function labelTable(field: string, splits: DatasetCardInput["splits"]): string {
  const labelsOf = (row: Record<string, unknown>): string[] => {
    const value = row[field];
    if (Array.isArray(value)) return value.map(String);
    return value === undefined || value === null ? [] : [String(value)];
  };
  const perSplit = splits.map((split) => countBy(split.rows.flatMap(labelsOf), (label) => label));
  const labels = [
    ...countBy(
      splits.flatMap((split) => split.rows.flatMap(labelsOf)),
      (label) => label,
    ).keys(),
  ];
  return table(
    ["label", ...splits.map((split) => split.name)],
    labels.map((label) => [label, ...perSplit.map((counts) => String(counts.get(label) ?? 0))]),
  );
}

/**
 * The export's `README.md`: a Hugging Face dataset card. Its YAML front matter names the
 * Parquet file of each split (so `datasets.load_dataset("parquet", data_files=...)`, or the
 * Hub after an upload of the folder, reads the splits as they are), the language, task and
 * size; the body lists the fields, splits, label counts, the recipe, the models that wrote
 * the records, the quality gates, and how the records were verified: the checks that ran,
 * what they rejected and why, and the human spot-check.
 */
export function renderDatasetCard(input: DatasetCardInput): string {
  const { recipe } = input;
  const total = input.splits.reduce((sum, split) => sum + split.rows.length, 0);
  const task = hubTasks[recipe.task];
  const front = {
    pretty_name: recipe.name,
    language: [recipe.language],
    ...(task === undefined ? {} : { task_categories: [task] }),
    size_categories: [sizeCategory(total)],
    tags: ["synthetic", "synthforge"],
    configs: [
      {
        config_name: "default",
        data_files: input.splits.map((split) => ({
          // The unsplit export is one training split, as `datasets` names a lone file's split.
          split: split.name === "data" ? "train" : split.name,
          path: split.file,
        })),
      },
    ],
  };
  const properties = (recipe.output.schema.properties ?? {}) as Record<string, { description?: string }>;
  const accepted = input.records.filter((record) => record.status === "accepted");
  const rejected = input.records.filter((record) => record.status === "rejected");
  const models = countBy(accepted, (record) =>
    [record.provenance.model.provider, record.provenance.model.id, record.provenance.model.adapter]
      .filter(Boolean)
      .join(" "),
  );
  const strategies = countBy(accepted, (record) => record.provenance.strategy);
  const checks = countBy(
    input.records.flatMap((record) => [...new Set(record.decisions.map((decision) => decision.check))]),
    (check) => check,
  );
  const reasons = countBy(rejected, (record) => record.reason ?? "unspecified");
  const wrong = input.reviews.filter((review) => review.verdict === "wrong").length;
  const gates = Object.entries(recipe.quality.gates as Record<string, unknown>);
  const judge = recipe.judge as { enabled?: boolean; model?: unknown; votes?: unknown };
  const labelField = recipe.output.labelField;
  const sections = [
    `---\n${stringify(front)}---`,
    `# ${recipe.name}`,
    recipe.description.trim() || `Synthetic ${recipe.task} data in ${recipe.language}.`,
    `Generated and verified by Synthforge from the recipe \`${recipe.name}\` (run \`${input.runId}\`): ${total} records, every one accepted by the checks below.`,
    "## Loading",
    [
      "```python",
      "from datasets import load_dataset",
      `data = load_dataset("parquet", data_files={${front.configs[0]!.data_files.map((file) => `"${file.split}": "${file.path}"`).join(", ")}})`,
      "```",
    ].join("\n"),
    "## Fields",
    table(
      ["field", "Parquet type", "description"],
      input.columns.map((column) => [
        column.name,
        column.type === "JSON" ? "JSON text" : column.type,
        properties[column.name]?.description ?? "",
      ]),
    ),
    "## Splits",
    table(
      ["split", "records", "file"],
      input.splits.map((split) => [split.name, String(split.rows.length), split.file]),
    ),
    ...(labelField === undefined
      ? []
      : [`## Labels (\`${labelField}\`)`, labelTable(labelField, input.splits)]),
    "## How it was made",
    table(
      ["", ""],
      [
        ["recipe", recipe.name],
        ["task", recipe.task],
        ["language", recipe.language],
        ["planned records", String(recipe.plan.count)],
        ["seed (plan and split)", String(recipe.plan.seed)],
        ["template", "id" in recipe.template && recipe.template.id ? recipe.template.id : "inline"],
      ],
    ),
    "Models that wrote the accepted records:",
    table(
      ["model", "records"],
      [...models].map(([model, count]) => [model, String(count)]),
    ),
    "Strategies:",
    table(
      ["strategy", "records"],
      [...strategies].map(([strategy, count]) => [strategy, String(count)]),
    ),
    judge.enabled === true
      ? `The recipe has a judge model confirm each record before it is accepted (${judge.model === undefined ? "the generation model" : cell(judge.model)}, ${cell(judge.votes ?? "")} votes).`
      : "The recipe asks no judge model to confirm the records: the rule checks alone accept them.",
    "## How it was verified",
    `Of the ${input.records.length} records the run stored, ${accepted.length} were accepted and ${rejected.length} rejected. Checks that decided on records (records each one looked at):`,
    table(
      ["check", "records"],
      [...checks].map(([check, count]) => [check, String(count)]),
    ),
    ...(rejected.length === 0
      ? []
      : [
          "Why records were rejected:",
          table(
            ["reason", "records"],
            [...reasons].map(([reason, count]) => [reason, String(count)]),
          ),
        ]),
    "Quality gates the recipe sets (`off`: not checked); the values the run measured are in its report (`report.json`):",
    table(
      ["gate", "threshold"],
      gates.map(([gate, value]) => [gate, value === null || value === undefined ? "off" : String(value)]),
    ),
    input.reviews.length === 0
      ? "No human spot-check verdicts were recorded for this run."
      : `Human spot-check: ${input.reviews.length} records reviewed, ${wrong} marked wrong (${((100 * wrong) / input.reviews.length).toFixed(1)}%).`,
    "## Files",
    [
      ...input.splits.map((split) => `- \`${split.file}\`: the ${split.name} split.`),
      ...input.files.map((file) => `- \`${file}\``),
      "- `provenance.jsonl`: every record of the run, rejected ones included, with the prompt, model, sampling and every quality decision.",
      "- `manifest.json`: the export's settings, counts and files.",
    ].join("\n"),
  ];
  return `${sections.join("\n\n")}\n`;
}
