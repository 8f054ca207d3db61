import { z } from "zod";

const textPartSchema = z.object({ type: z.literal("text"), text: z.string() });

/**
 * The body of `POST /v1/chat/completions` that `synthforge serve` accepts: the OpenAI shape,
 * with the fields a local model can honour. Unknown fields are ignored, as OpenAI clients
 * send many optional ones (`user`, `presence_penalty`, ...).
 */
export const chatCompletionRequestSchema = z.object({
  model: z.string().optional().describe("Ignored beyond logging: the server serves one model."),
  messages: z
    .array(
      z.object({
        role: z.enum(["system", "user", "assistant"]),
        content: z.union([z.string(), z.array(textPartSchema)]),
      }),
    )
    .min(1),
  temperature: z.number().min(0).max(2).optional(),
  top_p: z.number().gt(0).max(1).optional(),
  top_k: z.number().int().min(0).optional(),
  max_tokens: z.number().int().min(1).optional(),
  max_completion_tokens: z.number().int().min(1).optional(),
  seed: z.number().int().optional(),
  n: z.literal(1, { error: "only n = 1 is supported" }).optional(),
  stream: z.literal(false, { error: "streaming is not supported; send stream: false" }).optional(),
  response_format: z
    .discriminatedUnion("type", [
      z.object({ type: z.literal("text") }),
      z.object({ type: z.literal("json_object") }),
      z.object({
        type: z.literal("json_schema"),
        json_schema: z.object({
          name: z.string().min(1),
          description: z.string().optional(),
          schema: z.record(z.string(), z.unknown()),
          strict: z.boolean().nullable().optional(),
        }),
      }),
    ])
    .optional(),
});

export type ChatCompletionRequest = z.infer<typeof chatCompletionRequestSchema>;
