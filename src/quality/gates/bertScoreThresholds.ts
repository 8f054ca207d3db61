import path from "node:path";

/**
 * The usual BERTScore F1 threshold [0.85] (docs/metrics.md), meant for large encoders, whose raw F1 sits
 * near 0.85–0.95 even for unrelated sentences. Used for every encoder not calibrated below.
 */
export const largeEncoderBertScoreThreshold = 0.85;

/** A threshold measured for one encoder and layer. */
export interface BertScoreThreshold {
  threshold: number;
  /** True when measured for this encoder and layer; false for the large-encoder default. */
  calibrated: boolean;
  /** What the threshold rests on, shown beside the gate. */
  basis: string;
}

interface Calibration {
  matches(encoder: string, language: string): boolean;
  layer: number;
  threshold: number;
  basis: string;
}

// Measured by `npm run bench:bertscore-thresholds` on the 30 English and 30 Chinese real reviews
// of test/fixtures/quality/paraphrasePairs.json, each against a paraphrase written by hand and
// against another review of the list (docs/quality.md gives every figure).
const calibrations: Calibration[] = [
  {
    // Paraphrases: median F1 0.760, 29 of 30 at or above 0.5; unrelated reviews: at most 0.335.
    // Measured on English; the same encoder on another language falls back to 0.85.
    matches: (encoder, language) => encoder === "all-minilm-l6-v2" && language.toLowerCase().startsWith("en"),
    layer: 6,
    threshold: 0.5,
    basis: "calibrated for all-MiniLM-L6-v2 layer 6 on real English paraphrase pairs",
  },
  {
    // Chinese paraphrases: lowest F1 0.734; unrelated reviews: median 0.608, 1 of 30 at 0.72 or above.
    matches: (encoder, language) => isQwenTeacher(encoder) && language.toLowerCase().startsWith("zh"),
    layer: 8,
    threshold: 0.72,
    basis: "calibrated for the Qwen2.5-Coder-0.5B teacher's layer 8 on real Chinese paraphrase pairs",
  },
  {
    // English paraphrases: lowest F1 0.660; unrelated reviews: at most 0.627.
    matches: (encoder, language) => isQwenTeacher(encoder) && language.toLowerCase().startsWith("en"),
    layer: 8,
    threshold: 0.65,
    basis: "calibrated for the Qwen2.5-Coder-0.5B teacher's layer 8 on real English paraphrase pairs",
  },
];

function isQwenTeacher(encoder: string): boolean {
  return path.basename(encoder).toLowerCase().startsWith("qwen2.5-coder-0.5b-instruct");
}

/**
 * The F1 at or above which two texts count as saying the same thing, for an encoder (its
 * registry name, `.gguf` path or folder), the layer compared and the texts' language (BCP 47):
 * the value measured for all-MiniLM-L6-v2 (layer 6, English) and the Qwen teacher's hidden
 * states (layer 8, Chinese and English), else 0.85.
 */
export function bertScoreThreshold(
  encoder: string,
  layer: number | undefined,
  language: string,
): BertScoreThreshold {
  const calibration = calibrations.find(
    (entry) => entry.matches(encoder, language) && (layer === undefined || layer === entry.layer),
  );
  return calibration
    ? { threshold: calibration.threshold, calibrated: true, basis: calibration.basis }
    : {
        threshold: largeEncoderBertScoreThreshold,
        calibrated: false,
        basis: "the usual threshold for large encoders (this encoder is not calibrated)",
      };
}
