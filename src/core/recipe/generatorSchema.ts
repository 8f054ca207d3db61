import { z } from "zod";
import { frozenBlocksSchema, imageStudentArchitectures } from "../images/frozenBlocks.js";

/** Surfaces the image generator draws defects onto. */
export const imageSurfaces = ["rolled-steel", "tile", "fabric"] as const;

/**
 * Each defect's parameters (the worker's `images.py` holds their default ranges); a recipe may
 * set any of them to a number or a `[low, high]` range.
 */
export const defectParameters = {
  none: [],
  scratches: ["count", "length", "width", "angle", "curvature", "intensity"],
  cracks: ["count", "length", "width", "branches", "intensity"],
  crazing: ["count", "length", "width", "waviness", "intensity"],
  inclusion: ["count", "length", "width", "spread", "intensity"],
  spots: ["count", "radius", "intensity"],
  patches: ["count", "size", "roughness", "intensity"],
  pitting: ["count", "radius", "band", "intensity"],
  scale: ["count", "size", "elongation", "intensity"],
  holes: ["count", "radius", "intensity"],
  "frayed-edge": ["depth", "roughness", "intensity"],
} as const satisfies Record<string, readonly string[]>;

/** Parameters of the defect-free surface under every defect. */
export const surfaceParameters = [
  "brightness",
  "mottle",
  "mottleScale",
  "streaks",
  "grain",
  "gradient",
  "blur",
  "jpegQuality",
] as const;

export type DefectKind = keyof typeof defectParameters;
const defectKinds = Object.keys(defectParameters) as [DefectKind, ...DefectKind[]];

const rangeSchema = z
  .union([
    z.number(),
    z
      .tuple([z.number(), z.number()])
      .refine(([low, high]) => low <= high, "a [low, high] range with low at most high"),
  ])
  .describe("A fixed value or a [low, high] range, sampled uniformly per image.");

function parametersOf(names: readonly string[], what: string) {
  return z.record(z.string(), rangeSchema).superRefine((value, context) => {
    for (const key of Object.keys(value)) {
      if (!names.includes(key)) {
        context.addIssue({
          code: "custom",
          path: [key],
          message: `is not a parameter of ${what} (known: ${names.join(", ") || "none"})`,
        });
      }
    }
  });
}

const surfaceParametersSchema = parametersOf(surfaceParameters, "the surface");

const classSchema = z
  .strictObject({
    defect: z.enum(defectKinds).describe("The defect drawn on every image of the class."),
    surface: z.enum(imageSurfaces).optional().describe("The class's surface [the generator's]."),
    surfaceParams: surfaceParametersSchema.default({}).describe("Surface parameter ranges of the class."),
    params: z.record(z.string(), rangeSchema).default({}).describe("The defect's parameter ranges."),
  })
  .superRefine((value, context) => {
    const names: readonly string[] = defectParameters[value.defect];
    for (const key of Object.keys(value.params)) {
      if (!names.includes(key)) {
        context.addIssue({
          code: "custom",
          path: ["params", key],
          message: `is not a parameter of the ${value.defect} defect (known: ${names.join(", ") || "none"})`,
        });
      }
    }
  });

const realImagesSchema = z.strictObject({
  labels: z
    .string()
    .min(1)
    .describe("CSV of real images (`file,class` columns), relative to the recipe; files relative to it."),
  perClass: z
    .number()
    .int()
    .min(0)
    .max(50)
    .default(5)
    .describe("The first this many images of each class are the few real images the generator may use."),
  backgroundShare: z
    .number()
    .min(0)
    .max(1)
    .default(0.5)
    .describe("Share of images drawn over a real image of their class (cropped, flipped, re-lit)."),
  cropShare: z
    .number()
    .min(0)
    .max(1)
    .optional()
    .describe(
      "Share of the images on a procedural surface whose defect is a real one: a crop of a real image of the class around its defect (the window that deviates most from the image's smooth background), turned, its detail amplified to stand out of the procedural surface as out of the real one, pasted and blended in by Poisson image editing instead of a drawn defect [0].",
    ),
  cropSize: z
    .tuple([z.number().gt(0).max(1), z.number().gt(0).max(1)])
    .refine(([low, high]) => low <= high, "a [low, high] range with low at most high")
    .optional()
    .describe(
      "Side of a pasted crop as a share of the real image's shorter side, and of the generated image's side: a [low, high] range sampled per image [0.3, 0.6].",
    ),
});

const studentSchema = z
  .strictObject({
    architecture: z
      .enum(imageStudentArchitectures)
      .default("efficientnet-lite0")
      .describe(
        "The student: EfficientNet-Lite0 (defined in the worker) or torchvision's ResNet-18 / ResNet-50; only EfficientNet-Lite0 has ImageNet weights, the ResNets train from scratch (`pretrained: false`).",
      ),
    pretrained: z
      .boolean()
      .default(true)
      .describe("Start from the ImageNet weights (else from scratch); efficientnet-lite0 only."),
    includeReal: z
      .boolean()
      .default(true)
      .describe("Train on the few real images (`real`) beside the generated ones."),
    epochs: z.number().int().min(1).max(100).default(4),
    batchSize: z.number().int().min(1).max(512).default(32),
    learningRate: z.number().positive().default(0.002),
    frozenBlocks: frozenBlocksSchema
      .default(8)
      .describe(
        "EfficientNet-Lite0 blocks (of 16) kept at the ImageNet weights; 0 fine-tunes every layer. Ignored when training from scratch.",
      ),
    seed: z.number().int().min(0).default(0),
  })
  .superRefine((student, context) => {
    if (student.pretrained && student.architecture !== "efficientnet-lite0") {
      context.addIssue({
        code: "custom",
        path: ["pretrained"],
        message: `false for ${student.architecture}: ImageNet weights are available for efficientnet-lite0 only, so ${student.architecture} trains from scratch`,
      });
    }
  });

/** The `generator` section of an `image-classification` recipe: procedural defect images. */
export const generatorSchema = z
  .strictObject({
    size: z.number().int().min(32).max(512).default(128).describe("Width and height of each image, pixels."),
    seed: z
      .number()
      .int()
      .min(0)
      .default(0)
      .describe("Base seed; each image's seed derives from it and its slot."),
    surface: z.enum(imageSurfaces).default("rolled-steel"),
    surfaceParams: surfaceParametersSchema.default({}),
    minVisibility: z
      .number()
      .min(0)
      .default(0.75)
      .describe(
        "Reject an image whose defect's mean contrast, over the surface's spread, is below this (procedural surfaces; 0: keep all).",
      ),
    classes: z
      .record(
        z.string().regex(/^[A-Za-z0-9][A-Za-z0-9_.-]*$/, "a class name of letters, digits, _ . -"),
        classSchema,
      )
      .refine((classes) => Object.keys(classes).length >= 2, "at least two classes")
      .describe("Each class and the defect that makes it."),
    real: realImagesSchema
      .optional()
      .describe("A few real images per class, as backgrounds and as defect crops to paste."),
    student: studentSchema.optional().describe("Fine-tune the image student on the export."),
    evaluate: z
      .strictObject({
        labels: z.string().min(1).describe("CSV of real images (`file,class`) to evaluate on."),
        limitPerClass: z
          .number()
          .int()
          .min(1)
          .optional()
          .describe("Evaluate on at most this many per class."),
        negativeClass: z
          .string()
          .optional()
          .describe("A class that stands for a good surface: its false-detection rate is reported."),
      })
      .optional()
      .describe("Real images the student is evaluated on; the generator's few real images are left out."),
  })
  .describe("Procedural image generator (task: image-classification), in place of a language model.");

export type GeneratorSettings = z.infer<typeof generatorSchema>;
