import { balance, countValues, type DimensionBalance } from "./balance.js";
import { type DiversityMetrics, diversityMetrics } from "./diversityMetrics.js";
import { countCharacters, type LengthStats, lengthStats } from "./lengthStats.js";
import { buildWordTable } from "./WordTable.js";

/** Metrics of one set of texts (the accepted records, or the reference corpus). */
export interface DatasetMetrics {
  records: number;
  diversity: DiversityMetrics;
  length: { characters: LengthStats; words: LengthStats };
  /** Label balance, against the plan's label dimension when there is one. */
  labels: DimensionBalance | undefined;
  /** Balance of each control dimension against the plan. */
  dimensions: DimensionBalance[];
}

/** What datasetMetrics needs: texts already segmented into words, plus labels, cells and the plan. */
export interface DatasetMetricsInput {
  texts: readonly string[];
  words: readonly string[][];
  labels?: readonly (string | undefined)[];
  cells?: readonly Record<string, string>[];
  /** Planned records per dimension value: dimension → value → count. */
  plan?: ReadonlyMap<string, ReadonlyMap<string, number>>;
  /** The plan dimension that the label field realises (e.g. "label" or "sentiment"). */
  labelDimension?: string;
  selfBleuSample?: number;
}

/** Diversity, length and balance metrics of one set of texts. */
export function datasetMetrics(input: DatasetMetricsInput): DatasetMetrics {
  const table = buildWordTable(input.words);
  const labels = input.labels?.filter((label): label is string => label !== undefined) ?? [];
  const dimensionNames = new Set<string>([...(input.plan?.keys() ?? [])]);
  for (const cell of input.cells ?? []) for (const name of Object.keys(cell)) dimensionNames.add(name);
  // The label's own dimension is already shown as the label balance.
  if (labels.length > 0 && input.labelDimension !== undefined) dimensionNames.delete(input.labelDimension);
  return {
    records: input.texts.length,
    diversity: diversityMetrics(table, { selfBleuSample: input.selfBleuSample }),
    length: {
      characters: lengthStats(input.texts.map(countCharacters)),
      words: lengthStats(input.words.map((words) => words.length)),
    },
    labels:
      labels.length > 0
        ? balance(
            "label",
            countValues(labels),
            input.labelDimension ? input.plan?.get(input.labelDimension) : undefined,
          )
        : undefined,
    dimensions: [...dimensionNames].map((name) =>
      balance(
        name,
        countValues((input.cells ?? []).flatMap((cell) => (cell[name] === undefined ? [] : [cell[name]]))),
        input.plan?.get(name),
      ),
    ),
  };
}
