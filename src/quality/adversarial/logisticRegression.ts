import { createRandom, shuffle } from "../../core/stats/random.js";

/** Settings of the sparse logistic regression. */
export interface LogisticRegressionOptions {
  /** Number of feature buckets. */
  dimension: number;
  /** Passes over the data [3]. */
  epochs?: number;
  /** AdaGrad step size [0.2]. */
  learningRate?: number;
  /** L2 penalty per step on touched weights [1e-5]. */
  l2?: number;
  /** Seed of the visiting order [1]. */
  seed?: number;
}

/** Weights of the model: index `dimension` holds the bias. */
export type LogisticModel = Float64Array;

/** P(y = 1 | x) for a row of feature occurrences, scaled by 1/√(occurrences). */
export function predictProbability(model: LogisticModel, row: Uint32Array): number {
  const scale = row.length > 0 ? 1 / Math.sqrt(row.length) : 0;
  let z = model[model.length - 1]!;
  for (let index = 0; index < row.length; index += 1) z += model[row[index]!]! * scale;
  return 1 / (1 + Math.exp(-z));
}

/**
 * Trains logistic regression on sparse rows (feature occurrences scaled by 1/√n) by stochastic
 * gradient descent with per-weight AdaGrad steps and class weights that make both classes
 * count equally.
 */
export function trainLogisticRegression(
  rows: readonly Uint32Array[],
  labels: Uint8Array,
  options: LogisticRegressionOptions,
): LogisticModel {
  const { dimension } = options;
  const epochs = options.epochs ?? 3;
  const learningRate = options.learningRate ?? 0.2;
  const l2 = options.l2 ?? 1e-5;
  const model = new Float64Array(dimension + 1);
  const squared = new Float64Array(dimension + 1);
  const positives = labels.reduce((sum, label) => sum + label, 0);
  const classWeight = [
    rows.length / (2 * Math.max(1, rows.length - positives)),
    rows.length / (2 * Math.max(1, positives)),
  ];
  const order = rows.map((_, index) => index);
  const random = createRandom(options.seed ?? 1);
  for (let epoch = 0; epoch < epochs; epoch += 1) {
    shuffle(order, random);
    for (const sample of order) {
      const row = rows[sample]!;
      const label = labels[sample]!;
      const gradient = (predictProbability(model, row) - label) * classWeight[label]!;
      const scale = row.length > 0 ? 1 / Math.sqrt(row.length) : 0;
      for (let index = 0; index < row.length; index += 1) {
        const feature = row[index]!;
        const step = gradient * scale + l2 * model[feature]!;
        squared[feature]! += step * step;
        model[feature]! -= (learningRate * step) / (Math.sqrt(squared[feature]!) + 1e-8);
      }
      squared[dimension]! += gradient * gradient;
      model[dimension]! -= (learningRate * gradient) / (Math.sqrt(squared[dimension]!) + 1e-8);
    }
  }
  return model;
}
