import { createRandom, shuffle } from "../../core/stats/random.js";
import { featureBits, featureIndex, featureNamesOf, featurizeText } from "./featurizeText.js";
import { type LogisticModel, predictProbability, trainLogisticRegression } from "./logisticRegression.js";
import { rocAuc } from "./rocAuc.js";
import { selectLargest } from "./selectLargest.js";

/** A text with its words (segmented once by the caller). */
export interface SegmentedText {
  text: string;
  words: readonly string[];
}

/** What the real-vs-generated classifier found (docs/metrics.md, "Realism against real data"). */
export interface AdversarialResult {
  /** ROC AUC of out-of-fold predictions, 5-fold CV; 0.5 = indistinguishable. */
  auc: number;
  /** AUC of each fold. */
  foldAucs: number[];
  folds: number;
  /** Records of each side used for training (a seeded sample when a side is larger than the cap). */
  sampled: { real: number; generated: number };
  /** "Looks generated" probability of every generated text, in input order (out-of-fold where sampled). */
  probabilities: Float64Array;
  /** Indexes of the generated texts the classifier is surest about, most detectable first. */
  mostDetectable: { index: number; probability: number }[];
  /** Features with the largest mean weight towards "generated" (and towards "real"). */
  topFeatures: { generated: FeatureWeight[]; real: FeatureWeight[] };
  model: string;
}

/** A hashed feature, its mean weight over the folds, and the n-grams that hash to it. */
export interface FeatureWeight {
  feature: string;
  weight: number;
}

/** Settings of the adversarial validation. */
export interface AdversarialOptions {
  /** Folds of cross-validation [5]. */
  folds?: number;
  /** At most this many texts per side train the classifier [10000]. */
  maxPerSide?: number;
  seed?: number;
  /** Length of the most-detectable and top-feature lists [10]. */
  top?: number;
}

/**
 * Adversarial validation: logistic regression on hashed word and character n-gram features
 * tells real (label 0) from generated (label 1) texts; ROC AUC of out-of-fold predictions
 * under stratified k-fold cross-validation.
 */
export function adversarialValidation(
  real: readonly SegmentedText[],
  generated: readonly SegmentedText[],
  options: AdversarialOptions = {},
): AdversarialResult {
  const folds = options.folds ?? 5;
  const maxPerSide = options.maxPerSide ?? 10_000;
  const top = options.top ?? 10;
  const random = createRandom(options.seed ?? 29);
  const pick = (count: number) =>
    shuffle(
      Array.from({ length: count }, (_, index) => index),
      random,
    ).slice(0, maxPerSide);
  const realIndexes = pick(real.length);
  const generatedIndexes = pick(generated.length);
  const rows = [
    ...realIndexes.map((index) => featurizeText(real[index]!.text, real[index]!.words)),
    ...generatedIndexes.map((index) => featurizeText(generated[index]!.text, generated[index]!.words)),
  ];
  const labels = new Uint8Array(rows.length);
  labels.fill(1, realIndexes.length);
  // Stratified folds: each side is dealt round-robin in its shuffled order.
  const fold = new Uint8Array(rows.length);
  for (let index = 0; index < rows.length; index += 1) {
    fold[index] = (index < realIndexes.length ? index : index - realIndexes.length) % folds;
  }
  const outOfFold = new Float64Array(rows.length);
  const models: LogisticModel[] = [];
  const foldAucs: number[] = [];
  for (let current = 0; current < folds; current += 1) {
    const train = rows.map((_, index) => index).filter((index) => fold[index] !== current);
    const test = rows.map((_, index) => index).filter((index) => fold[index] === current);
    const model = trainLogisticRegression(
      train.map((index) => rows[index]!),
      Uint8Array.from(train, (index) => labels[index]!),
      { dimension: 1 << featureBits, seed: current + 1 },
    );
    models.push(model);
    for (const index of test) outOfFold[index] = predictProbability(model, rows[index]!);
    foldAucs.push(
      rocAuc(
        test.map((index) => outOfFold[index]!),
        test.map((index) => labels[index]!),
      ),
    );
  }
  const probabilities = new Float64Array(generated.length).fill(Number.NaN);
  generatedIndexes.forEach((original, position) => {
    probabilities[original] = outOfFold[realIndexes.length + position]!;
  });
  // Texts outside the cross-validation sample are scored by the mean of the fold models.
  const meanModel = new Float64Array(models[0]!.length);
  for (const model of models)
    for (let index = 0; index < model.length; index += 1) meanModel[index]! += model[index]! / models.length;
  for (let index = 0; index < generated.length; index += 1) {
    if (!Number.isNaN(probabilities[index]!)) continue;
    probabilities[index] = predictProbability(
      meanModel,
      featurizeText(generated[index]!.text, generated[index]!.words),
    );
  }
  const mostDetectable = selectLargest(probabilities.length, (index) => probabilities[index]!, top).map(
    (index) => ({ index, probability: probabilities[index]! }),
  );
  return {
    auc: rocAuc(outOfFold, labels),
    foldAucs,
    folds,
    sampled: { real: realIndexes.length, generated: generatedIndexes.length },
    probabilities,
    mostDetectable,
    topFeatures: topFeatures(meanModel, [...real.slice(0, 2000), ...generated.slice(0, 2000)], top),
    model: `logistic regression (AdaGrad SGD, 3 epochs, balanced class weights) on 2^${featureBits} hashed word 1–2-gram and character 2–4-gram features`,
  };
}

/** Mean weight per bucket over the fold models; the strongest buckets named by the n-grams that hash there. */
function topFeatures(mean: LogisticModel, texts: readonly SegmentedText[], top: number) {
  const dimension = 1 << featureBits;
  const strongest = selectLargest(
    dimension,
    (index) => Math.abs(mean[index]!),
    top * 20,
    (index) => mean[index] !== 0,
  );
  const generatedBuckets = strongest.filter((index) => mean[index]! > 0).slice(0, top);
  const realBuckets = strongest.filter((index) => mean[index]! < 0).slice(0, top);
  const wanted = new Set([...generatedBuckets, ...realBuckets]);
  const names = new Map<number, Map<string, number>>();
  for (const { text, words } of texts) {
    for (const name of featureNamesOf(text, words)) {
      const bucket = featureIndex(name);
      if (!wanted.has(bucket)) continue;
      const seen = names.get(bucket) ?? new Map<string, number>();
      seen.set(name, (seen.get(name) ?? 0) + 1);
      names.set(bucket, seen);
    }
  }
  const describe = (bucket: number): FeatureWeight => {
    const candidates = [...(names.get(bucket) ?? new Map<string, number>()).entries()].sort(
      (a, b) => b[1] - a[1],
    );
    const label = candidates
      .slice(0, 2)
      .map(([name]) => name)
      .join(" | ");
    return { feature: label || `#${bucket}`, weight: mean[bucket]! };
  };
  return { generated: generatedBuckets.map(describe), real: realBuckets.map(describe) };
}
