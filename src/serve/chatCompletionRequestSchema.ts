import { z } from "zod";

const textPartSchema = z.object({ type: z.literal("text"), text: z.string() });
const contentSchema = z.union([z.string(), z.array(textPartSchema)]);

const toolCallSchema = z.object({
  id: z.string(),
  type: z.literal("function"),
  function: z.object({ name: z.string(), arguments: z.string() }),
});

const messageSchema = z.discriminatedUnion("role", [
  z.object({
    role: z.enum(["system", "developer", "user"]),
    content: contentSchema,
    name: z.string().optional(),
  }),
  z.object({
    role: z.literal("assistant"),
    content: contentSchema.nullable().optional(),
    tool_calls: z.array(toolCallSchema).optional(),
    name: z.string().optional(),
    refusal: z.string().nullable().optional(),
  }),
  z.object({ role: z.literal("tool"), content: contentSchema, tool_call_id: z.string() }),
]);

/** A JSON Schema given in a request: an object, checked against the server's bounds before it is compiled. */
const jsonSchemaObject = z.record(z.string(), z.unknown());

const toolSchema = z.object({
  type: z.literal("function"),
  function: z.object({
    name: z.string().regex(/^[a-zA-Z0-9_-]{1,64}$/, "a name of 1 to 64 letters, digits, _ or -"),
    description: z.string().optional(),
    parameters: jsonSchemaObject.optional(),
    strict: z.boolean().nullable().optional(),
  }),
});

/** Sampling and stopping fields shared by chat completions and completions, with OpenAI's ranges. */
export const samplingFields = {
  model: z.string().optional().describe("Checked against the served model's id."),
  temperature: z.number().min(0).max(2).nullable().optional(),
  top_p: z.number().gt(0).max(1).nullable().optional(),
  top_k: z.number().int().min(0).optional(),
  max_tokens: z.number().int().min(1).nullable().optional(),
  seed: z.number().int().nullable().optional(),
  n: z.number().int().min(1).nullable().optional(),
  stream: z.boolean().nullable().optional(),
  stream_options: z.object({ include_usage: z.boolean().optional() }).nullable().optional(),
  stop: z
    .union([z.string().min(1), z.array(z.string().min(1)).max(4, "at most 4 stop strings")])
    .nullable()
    .optional(),
  presence_penalty: z.number().min(-2).max(2).nullable().optional(),
  frequency_penalty: z.number().min(-2).max(2).nullable().optional(),
  user: z.string().optional().describe("Ignored: an end-user id for the caller's own records."),
};

/**
 * The body of `POST /v1/chat/completions` that `synthforge serve` accepts: OpenAI's fields a
 * local model can honour. A field outside this list is refused by name (never ignored).
 */
export const chatCompletionRequestSchema = z.strictObject({
  ...samplingFields,
  messages: z.array(messageSchema).min(1),
  max_completion_tokens: z.number().int().min(1).nullable().optional(),
  logprobs: z.boolean().nullable().optional(),
  top_logprobs: z.number().int().min(0).max(20, "at most 20").nullable().optional(),
  response_format: z
    .discriminatedUnion("type", [
      z.object({ type: z.literal("text") }),
      z.object({ type: z.literal("json_object") }),
      z.object({
        type: z.literal("json_schema"),
        json_schema: z.object({
          name: z.string().min(1),
          description: z.string().optional(),
          schema: jsonSchemaObject,
          strict: z.boolean().nullable().optional(),
        }),
      }),
    ])
    .optional(),
  tools: z.array(toolSchema).min(1).optional(),
  tool_choice: z
    .union([
      z.enum(["none", "auto", "required"]),
      z.object({ type: z.literal("function"), function: z.object({ name: z.string() }) }),
    ])
    .optional(),
  parallel_tool_calls: z.boolean().optional().describe("Allowed: each choice makes at most one call."),
});
export type ChatCompletionRequest = z.infer<typeof chatCompletionRequestSchema>;
export type ChatCompletionMessage = ChatCompletionRequest["messages"][number];
export type ChatCompletionTool = NonNullable<ChatCompletionRequest["tools"]>[number];

/** The body of `POST /v1/completions`: a plain prompt continued without the chat template. */
export const completionRequestSchema = z.strictObject({
  ...samplingFields,
  prompt: z.union([z.string(), z.array(z.string()).length(1, "one prompt per request")]),
  logprobs: z.number().int().min(0).max(5, "at most 5").nullable().optional(),
  echo: z.literal(false, { error: "echo is not supported" }).nullable().optional(),
  best_of: z.literal(1, { error: "only best_of 1 is supported" }).nullable().optional(),
});
export type CompletionRequest = z.infer<typeof completionRequestSchema>;
