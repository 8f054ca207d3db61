import type {
  EvaluateImagesJobInput,
  ImageRealismJobInput,
  TrainImagesJobInput,
} from "../../worker/imageProtocol.js";
import type { ProgressMessage } from "../../worker/protocol.js";

/** What `train-images` returns. */
export interface ImageTrainingResult {
  cancelled: boolean;
  examples: number;
  epochs: number;
  steps: number;
  epochLosses: number[];
  wallSeconds: number;
  cpuSeconds: number;
  model: string;
}

/** What `evaluate-images` returns: accuracy, recall and false detections per class, confusion, speed. */
export interface ImageEvaluation {
  /** The student's architecture (`efficientnet-lite0`, `resnet18`, `resnet50`). */
  architecture: string;
  /** Its number of parameters. */
  parameters: number;
  labels: string[];
  examples: number;
  accuracy: number | null;
  recall: Record<string, number | null>;
  /** Per class: images of other classes called this class, over all images of other classes. */
  falseDetection: Record<string, number | null>;
  meanFalseDetection: number | null;
  negativeClass: string | null;
  /** Images of the negative class (a stand-in for a good surface) called any other class. */
  negativeFalseDetection: number | null;
  /** Rows: true class; columns: predicted class (order of `labels`). */
  confusion: number[][];
  imagesPerSecond: { batch1: number; batch32: number; threads: number };
  wallSeconds: number;
  cpuSeconds: number;
}

/** The two worker methods the image student needs (a `WorkerClient` has them). */
export interface ImageStudentWorker {
  request(
    method: "train-images",
    params: TrainImagesJobInput,
    options?: { onProgress?: (progress: ProgressMessage) => void },
  ): Promise<Record<string, unknown>>;
  request(method: "evaluate-images", params: EvaluateImagesJobInput): Promise<Record<string, unknown>>;
  request(method: "image-realism", params: ImageRealismJobInput): Promise<Record<string, unknown>>;
}

/** What `image-realism` returns: adversarial validation and diversity in ImageNet feature space. */
export interface ImageRealism {
  /** Mean cross-validated ROC AUC of real against generated (0.5: indistinguishable). */
  auc: number;
  foldAucs: number[];
  real: number;
  generated: number;
  /** Mean cosine distance between two images of a class, averaged over classes. */
  diversity: { real: number | null; generated: number | null };
}

/** Adversarial validation of generated images against real ones, in the worker. */
export async function measureImageRealism(
  worker: ImageStudentWorker,
  job: ImageRealismJobInput,
): Promise<ImageRealism> {
  return (await worker.request("image-realism", job)) as unknown as ImageRealism;
}

/** Trains the image student (EfficientNet-Lite0 fine-tuned, or a ResNet from scratch) in the worker. */
export async function trainImageStudent(
  worker: ImageStudentWorker,
  job: TrainImagesJobInput,
  onProgress?: (progress: ProgressMessage) => void,
): Promise<ImageTrainingResult> {
  return (await worker.request(
    "train-images",
    job,
    onProgress ? { onProgress } : {},
  )) as unknown as ImageTrainingResult;
}

/** Evaluates a trained image student on labelled image files in the worker. */
export async function evaluateImageStudent(
  worker: ImageStudentWorker,
  job: EvaluateImagesJobInput,
): Promise<ImageEvaluation> {
  return (await worker.request("evaluate-images", job)) as unknown as ImageEvaluation;
}

/** The confusion matrix and per-class figures as plain text lines. */
export function formatImageEvaluation(name: string, evaluation: ImageEvaluation): string[] {
  const percent = (value: number | null) => (value === null ? "–" : `${(100 * value).toFixed(1)}%`);
  const width = Math.max(8, ...evaluation.labels.map((label) => label.length));
  const lines = [
    `${name}: accuracy ${percent(evaluation.accuracy)} on ${evaluation.examples} images; mean false-detection rate ${percent(evaluation.meanFalseDetection)}` +
      (evaluation.negativeClass === null
        ? ""
        : `; ${evaluation.negativeClass} called defective ${percent(evaluation.negativeFalseDetection)}`),
    `  ${"class".padEnd(width)}  recall  false-det  confusion (predicted →)`,
  ];
  for (const [row, label] of evaluation.labels.entries()) {
    lines.push(
      `  ${label.padEnd(width)}  ${percent(evaluation.recall[label] ?? null).padStart(6)}  ${percent(evaluation.falseDetection[label] ?? null).padStart(9)}  ${evaluation.confusion[row]!.map((count) => String(count).padStart(4)).join("")}`,
    );
  }
  lines.push(
    `  inference on ${evaluation.imagesPerSecond.threads} CPU threads: ${evaluation.imagesPerSecond.batch1.toFixed(1)} images/s at batch 1, ${evaluation.imagesPerSecond.batch32.toFixed(1)} at batch 32`,
  );
  return lines;
}
