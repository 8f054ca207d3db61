import { z } from "zod";
import { frozenBlocksSchema, imageStudentArchitectures } from "../core/images/frozenBlocks.js";

/**
 * Requests of the worker's image methods: render procedural defect images, fine-tune the image
 * student (EfficientNet-Lite0, or a torchvision ResNet) on files, evaluate it on files. Part of the worker protocol
 * (`protocol.ts`).
 */
const range = z.union([z.number(), z.tuple([z.number(), z.number()])]);

export const renderImagesJobSchema = z.strictObject({
  size: z.number().int().min(16).max(1024),
  items: z.array(
    z.strictObject({
      id: z.string().min(1),
      label: z.string().min(1),
      seed: z.number().int().min(0),
      surface: z.string().min(1),
      defect: z.string().min(1),
      surfaceParams: z.record(z.string(), range).default({}),
      defectParams: z.record(z.string(), range).default({}),
      realBackgroundShare: z.number().min(0).max(1).default(0),
      realCropShare: z.number().min(0).max(1).default(0),
      cropSize: z.tuple([z.number().gt(0).max(1), z.number().gt(0).max(1)]).optional(),
    }),
  ),
  backgrounds: z
    .record(z.string(), z.array(z.string()))
    .default({})
    .describe("Real image files per class, used as backgrounds and as defect crops."),
});
export type RenderImagesJobInput = z.input<typeof renderImagesJobSchema>;

const imageExample = z.strictObject({ file: z.string().min(1), label: z.string().min(1) });

export const trainImagesJobSchema = z.strictObject({
  examples: z.array(imageExample),
  labels: z.array(z.string().min(1)).min(2),
  size: z.number().int().min(16).max(1024),
  architecture: z
    .enum(imageStudentArchitectures)
    .default("efficientnet-lite0")
    .describe("The student's architecture; only efficientnet-lite0 has ImageNet weights."),
  pretrained: z.boolean().default(true),
  epochs: z.number().int().min(1).default(4),
  batchSize: z.number().int().min(1).default(32),
  learningRate: z.number().positive().default(0.002),
  frozenBlocks: frozenBlocksSchema
    .default(0)
    .describe("Blocks (of 16) kept at their starting weights and run once per image and view."),
  views: z
    .number()
    .int()
    .min(1)
    .max(8)
    .default(2)
    .describe("Augmented views per image when blocks are frozen."),
  seed: z.number().int().min(0).default(0),
  output: z.string().min(1).describe("Folder the trained model is written to."),
  assetsDir: z.string().nullable().default(null),
});
export type TrainImagesJobInput = z.input<typeof trainImagesJobSchema>;

export const evaluateImagesJobSchema = z.strictObject({
  model: z.string().min(1).describe("Folder of a model written by train-images."),
  examples: z.array(imageExample).min(1),
  negativeClass: z.string().nullable().default(null),
  speedImages: z.number().int().min(1).default(64),
});
export type EvaluateImagesJobInput = z.input<typeof evaluateImagesJobSchema>;

export const imageRealismJobSchema = z.strictObject({
  real: z.array(imageExample).min(5),
  generated: z.array(imageExample).min(5),
  size: z.number().int().min(16).max(1024),
  folds: z.number().int().min(2).default(5),
  seed: z.number().int().min(0).default(0),
  assetsDir: z.string().nullable().default(null),
});
export type ImageRealismJobInput = z.input<typeof imageRealismJobSchema>;

/** The request variants these jobs add to the protocol's union. */
export const imageRequestSchemas = [
  z.strictObject({
    type: z.literal("request"),
    id: z.string(),
    method: z.literal("render-images"),
    params: renderImagesJobSchema,
  }),
  z.strictObject({
    type: z.literal("request"),
    id: z.string(),
    method: z.literal("train-images"),
    params: trainImagesJobSchema,
  }),
  z.strictObject({
    type: z.literal("request"),
    id: z.string(),
    method: z.literal("evaluate-images"),
    params: evaluateImagesJobSchema,
  }),
  z.strictObject({
    type: z.literal("request"),
    id: z.string(),
    method: z.literal("image-realism"),
    params: imageRealismJobSchema,
  }),
] as const;
