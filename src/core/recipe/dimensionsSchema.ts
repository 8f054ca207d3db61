import { z } from "zod";

const valueName = z.string().min(1);

/**
 * A control dimension: the values a record is generated under, with optional weights.
 * Written either as a list (`[positive, negative]`, equal weights) or a map of value → weight.
 */
export const dimensionSchema = z.union([
  z.array(valueName).min(1),
  z
    .record(valueName, z.number().positive())
    .refine((map) => Object.keys(map).length > 0, "at least one value"),
]);

export const dimensionsSchema = z
  .record(
    z.string().regex(/^[A-Za-z_][A-Za-z0-9_]*$/, "a name of letters, digits and underscores"),
    dimensionSchema,
  )
  .default({})
  .describe("Control dimensions: name → values (list) or value → weight (map).");

export type DimensionSpec = z.infer<typeof dimensionSchema>;
export type Dimensions = z.infer<typeof dimensionsSchema>;
