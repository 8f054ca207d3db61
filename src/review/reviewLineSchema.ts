import { z } from "zod";

const optionalText = z
  .string()
  .nullish()
  .transform((value) =>
    value === null || value === undefined || value.trim() === "" ? undefined : value.trim(),
  );

/**
 * One line of a review file: the record id, the verdict, and a reason (required when wrong).
 * Other fields (the text, label, ... written by `review sample`) are ignored. A line whose
 * verdict is empty has not been reviewed yet and is skipped.
 */
export const reviewLineSchema = z
  .object({
    id: z.string().min(1, "a record id"),
    verdict: z
      .union([z.enum(["correct", "wrong"]), z.literal(""), z.null()])
      .optional()
      .describe("correct or wrong; empty while not reviewed"),
    reason: optionalText,
    reviewer: optionalText,
    /** The label as the file has it; on an annotation run, a row marked wrong carries the right one. */
    label: optionalText,
  })
  .refine((line) => line.verdict !== "wrong" || line.reason !== undefined, {
    message: "a record marked wrong needs a reason",
    path: ["reason"],
  });

export type ReviewLine = z.infer<typeof reviewLineSchema>;
