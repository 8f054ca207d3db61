import { z } from "zod";

/**
 * What a run's cost section compares against: the price of compute and of labelling by hand.
 * Not part of the run's identity (changing a price does not start another run).
 */
export const costSchema = z
  .strictObject({
    currency: z.string().min(1).default("USD").describe("Currency of every price below."),
    computePerHour: z
      .number()
      .min(0)
      .optional()
      .describe("Price of an hour of the machine that generates, judges and trains (wall time)."),
    manualPerRecord: z
      .number()
      .min(0)
      .optional()
      .describe("Price of labelling one record by hand (e.g. 50 per medical image)."),
    manualSecondsPerRecord: z
      .number()
      .positive()
      .optional()
      .describe("Seconds a person takes to label one record by hand (with labourPerHour, a price)."),
    labourPerHour: z.number().min(0).optional().describe("Price of an hour of a person's work."),
  })
  .describe("Prices for the report's cost section.");

export type CostSettings = z.infer<typeof costSchema>;
