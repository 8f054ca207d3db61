import type { Context } from "hono";
import { compileRecordSchema } from "../core/recordSchema.js";
import type { StreamRequest } from "../providers/StreamingModel.js";
import { type ChatCompletionRequest, chatCompletionRequestSchema } from "./chatCompletionRequestSchema.js";
import { badRequest, readRequestBody } from "./openAIError.js";
import { budgetOf, prepareSchemas, samplingOf, serveSamplingDefaults } from "./prepareDecode.js";
import type { ServedModel } from "./runChoices.js";
import type { ServeLimits } from "./ServeLimits.js";
import { type ToolMode, toChatMessages, toolModeOf } from "./toolCalling.js";

/** A JSON object of any shape: what `response_format: json_object` constrains the answer to. */
const anyObjectSchema: Record<string, unknown> = {
  type: "object",
  properties: {},
  additionalProperties: true,
};

/** A chat completion request that passed every check, and the decode it asks for. */
export interface PreparedChat {
  request: ChatCompletionRequest;
  /** Whether (and how) the answer may be a tool call. */
  mode: ToolMode;
  /** Choices to decode. */
  n: number;
  /** Tokens the prompt takes (the chat template applied). */
  promptTokens: number;
  /** The decode of choice 0 (choice i decodes with seed + i). */
  decode: Omit<StreamRequest, "signal">;
}

/** The request's tools and answer format, or the 400 that names the field that cannot be served. */
function checkChatRequest(
  c: Context,
  request: ChatCompletionRequest,
  limits: ServeLimits,
): { mode: ToolMode; schema?: Record<string, unknown> } | Response {
  if (request.top_logprobs !== undefined && request.top_logprobs !== null && request.logprobs !== true) {
    return badRequest(c, "`top_logprobs` needs `logprobs: true`.", "top_logprobs");
  }
  if ((request.tools?.length ?? 0) > limits.maxTools) {
    return badRequest(
      c,
      `\`tools\` lists ${request.tools?.length} tools; this server accepts at most ${limits.maxTools} (maxTools).`,
      "tools",
    );
  }
  const mode = toolModeOf(request);
  if ("unknownTool" in mode) {
    return badRequest(
      c,
      `\`tool_choice\` names the tool "${mode.unknownTool}", which \`tools\` does not list.`,
      "tool_choice",
    );
  }
  const format = request.response_format;
  if (mode.kind !== "none" && format !== undefined && format.type !== "text") {
    return badRequest(
      c,
      "`response_format` cannot constrain an answer that may be a tool call; send tool_choice none or leave response_format out.",
      "response_format",
    );
  }
  if (format?.type === "json_object") return { mode, schema: anyObjectSchema };
  if (format?.type !== "json_schema") return { mode };
  // `$schema` names the draft (zod writes draft-07's); it constrains nothing and the validator need not know it.
  const { $schema: _draft, ...schema } = format.json_schema.schema;
  try {
    compileRecordSchema(schema);
  } catch (error) {
    return badRequest(
      c,
      `\`response_format.json_schema.schema\`: expected a JSON Schema of an object with properties; ${(error as Error).message}.`,
      "response_format.json_schema.schema",
    );
  }
  return { mode, schema };
}

/** Bounds every schema the request sends and compiles the ones the decoder will use; a 400 when one cannot be served. */
function compileChatSchemas(
  c: Context,
  model: ServedModel,
  limits: ServeLimits,
  request: ChatCompletionRequest,
  mode: ToolMode,
  schema: Record<string, unknown> | undefined,
): Promise<Response | undefined> {
  const bounded = [
    ...(request.response_format?.type === "json_schema"
      ? [{ field: "response_format.json_schema.schema", schema }]
      : []),
    ...(request.tools ?? []).map((tool, index) => ({
      field: `tools.${index}.function.parameters`,
      schema: tool.function.parameters ?? {},
    })),
  ];
  const toolSchema = mode.kind === "none" ? undefined : mode.schema;
  return prepareSchemas(c, model, limits, bounded, [
    ...(schema ? [{ field: "response_format.json_schema.schema", schema }] : []),
    ...(toolSchema ? [{ field: "tools", schema: toolSchema }] : []),
  ]);
}

/**
 * The first steps of `POST /v1/chat/completions`: reads the body against the request shape,
 * checks it against the server's limits, compiles its schemas, builds the prompt (tools
 * described in the system turn) and sizes the answer to the context. A `Response` is the
 * refusal, one sentence naming the field.
 */
export async function prepareChatCompletion(
  c: Context,
  model: ServedModel,
  limits: ServeLimits,
): Promise<PreparedChat | Response> {
  const request = await readRequestBody(c, chatCompletionRequestSchema);
  if (request instanceof Response) return request;
  const checked = checkChatRequest(c, request, limits);
  if (checked instanceof Response) return checked;
  const { mode, schema } = checked;
  const refused = await compileChatSchemas(c, model, limits, request, mode, schema);
  if (refused) return refused;

  // One prompt object for the count and the decode: the model renders and tokenizes it once.
  const prompt = { messages: toChatMessages(request, mode) };
  const n = request.n ?? 1;
  const requested = request.max_completion_tokens ?? request.max_tokens ?? undefined;
  const budget = budgetOf(
    c,
    model,
    limits,
    prompt,
    requested,
    serveSamplingDefaults.maxTokens,
    n,
    "messages",
  );
  if (budget instanceof Response) return budget;
  const decode = {
    prompt,
    maxTokens: budget.maxTokens,
    ...samplingOf(request),
    ...(request.logprobs ? { topLogprobs: request.top_logprobs ?? 0 } : {}),
    ...(mode.kind === "forced" ? { schema: mode.schema } : schema ? { schema } : {}),
    ...(mode.kind === "auto" ? { triggeredSchema: { trigger: "<tool_call>", schema: mode.schema } } : {}),
  };
  return { request, mode, n, promptTokens: budget.promptTokens, decode };
}
