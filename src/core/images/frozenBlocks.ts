import { z } from "zod";

/**
 * A number of EfficientNet-Lite0 blocks (the image student has 16) kept at their starting
 * weights: 0 to 16. The recipe's `student.frozenBlocks` and the worker's training request share it;
 * each sets its own default.
 */
export const frozenBlocksSchema = z.number().int().min(0).max(16);
