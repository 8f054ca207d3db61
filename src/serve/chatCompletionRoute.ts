import { randomUUID } from "node:crypto";
import type { Context } from "hono";
import { stream as streamResponse } from "hono/streaming";
import { compileRecordSchema } from "../core/recordSchema.js";
import type { StreamEnd, TokenLogprob } from "../providers/StreamingModel.js";
import { chatCompletionRequestSchema } from "./chatCompletionRequestSchema.js";
import { badRequest, readRequestBody } from "./openAIError.js";
import {
  budgetOf,
  decodeFailure,
  prepareSchemas,
  samplingOf,
  serveSamplingDefaults,
} from "./prepareDecode.js";
import { runChoices, type ServedModel } from "./runChoices.js";
import type { ServeLimits } from "./ServeLimits.js";
import { sseHeaders, writeEvent } from "./sse.js";
import {
  mayBecomeToolCall,
  parseToolCall,
  type ToolCall,
  toChatMessages,
  toolModeOf,
} from "./toolCalling.js";

/** A JSON object of any shape: what `response_format: json_object` constrains the answer to. */
const anyObjectSchema: Record<string, unknown> = {
  type: "object",
  properties: {},
  additionalProperties: true,
};

/** One choice as it grows: its text, its logprobs, and (with tools) whether its text is sent as content. */
interface ChoiceState {
  text: string;
  logprobs: TokenLogprob[];
  /** Characters of `text` already sent as content (streaming). */
  sent: number;
  started: boolean;
}

/**
 * `POST /v1/chat/completions`: checks the request against the shape and the server's limits,
 * compiles its schemas, then decodes `n` choices and answers in one JSON body or, with
 * `stream: true`, as server-sent events the way OpenAI sends them.
 */
export function chatCompletionRoute(model: ServedModel, modelId: string, limits: ServeLimits) {
  return async (c: Context): Promise<Response> => {
    const request = await readRequestBody(c, chatCompletionRequestSchema);
    if (request instanceof Response) return request;
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
    let schema: Record<string, unknown> | undefined;
    if (format?.type === "json_schema") {
      // `$schema` names the draft (zod writes draft-07's); it constrains nothing and the validator need not know it.
      const { $schema: _draft, ...rest } = format.json_schema.schema;
      schema = rest;
      try {
        compileRecordSchema(schema);
      } catch (error) {
        return badRequest(
          c,
          `\`response_format.json_schema.schema\`: expected a JSON Schema of an object with properties; ${(error as Error).message}.`,
          "response_format.json_schema.schema",
        );
      }
    } else if (format?.type === "json_object") schema = anyObjectSchema;
    const bounded = [
      ...(format?.type === "json_schema" ? [{ field: "response_format.json_schema.schema", schema }] : []),
      ...(request.tools ?? []).map((tool, index) => ({
        field: `tools.${index}.function.parameters`,
        schema: tool.function.parameters ?? {},
      })),
    ];
    const toolSchema = mode.kind === "none" ? undefined : mode.schema;
    const refused = await prepareSchemas(c, model, limits, bounded, [
      ...(schema ? [{ field: "response_format.json_schema.schema", schema }] : []),
      ...(toolSchema ? [{ field: "tools", schema: toolSchema }] : []),
    ]);
    if (refused) return refused;

    const messages = toChatMessages(request, mode);
    const n = request.n ?? 1;
    const requested = request.max_completion_tokens ?? request.max_tokens ?? undefined;
    const budget = budgetOf(
      c,
      model,
      limits,
      { messages },
      requested,
      serveSamplingDefaults.maxTokens,
      n,
      "messages",
    );
    if (budget instanceof Response) return budget;
    const decode = {
      prompt: { messages },
      maxTokens: budget.maxTokens,
      ...samplingOf(request),
      ...(request.logprobs ? { topLogprobs: request.top_logprobs ?? 0 } : {}),
      ...(mode.kind === "forced" ? { schema: mode.schema } : schema ? { schema } : {}),
      ...(mode.kind === "auto" ? { triggeredSchema: { trigger: "<tool_call>", schema: mode.schema } } : {}),
    };
    const id = `chatcmpl-${randomUUID()}`;
    const created = Math.floor(Date.now() / 1000);
    const choices: ChoiceState[] = Array.from({ length: n }, () => ({
      text: "",
      logprobs: [],
      sent: 0,
      started: false,
    }));
    const finishOf = (end: StreamEnd, call: ToolCall | undefined) => (call ? "tool_calls" : end.finishReason);
    const usageOf = (ends: StreamEnd[]) => {
      const completion = ends.reduce((sum, end) => sum + end.completionTokens, 0);
      return {
        prompt_tokens: budget.promptTokens,
        completion_tokens: completion,
        total_tokens: budget.promptTokens + completion,
      };
    };
    const callId = () => `call_${randomUUID().replaceAll("-", "").slice(0, 24)}`;
    const signal = c.req.raw.signal;

    if (!request.stream) {
      try {
        const ends = await runChoices(model, decode, n, signal, (index, piece) => {
          const choice = choices[index]!;
          choice.text += piece.text;
          if (piece.logprobs) choice.logprobs.push(...piece.logprobs);
        });
        return c.json({
          id,
          object: "chat.completion",
          created,
          model: modelId,
          choices: ends.map((end, index) => {
            const choice = choices[index]!;
            const call = parseToolCall(choice.text, mode, callId());
            return {
              index,
              message: call
                ? { role: "assistant", content: null, tool_calls: [call], refusal: null }
                : { role: "assistant", content: choice.text, refusal: null },
              logprobs: request.logprobs ? { content: choice.logprobs, refusal: null } : null,
              finish_reason: finishOf(end, call),
            };
          }),
          usage: usageOf(ends),
        });
      } catch (error) {
        const failure = decodeFailure(error, signal);
        return c.json(failure.body, failure.status);
      }
    }

    const includeUsage = request.stream_options?.include_usage === true;
    const chunk = (choiceList: unknown[], usage?: unknown) => ({
      id,
      object: "chat.completion.chunk",
      created,
      model: modelId,
      choices: choiceList,
      ...(includeUsage ? { usage: usage ?? null } : {}),
    });
    const delta = (
      index: number,
      content: Record<string, unknown>,
      logprobs: TokenLogprob[] | null,
      finish: string | null,
    ) => ({
      index,
      delta: content,
      logprobs: logprobs ? { content: logprobs, refusal: null } : null,
      finish_reason: finish,
    });
    sseHeaders(c);
    return streamResponse(c, async (stream) => {
      const gone = new AbortController();
      stream.onAbort(() => gone.abort());
      signal.addEventListener("abort", () => gone.abort(), { once: true });
      const send = (body: unknown) => writeEvent(stream, body);
      const start = (index: number) => {
        const choice = choices[index]!;
        if (choice.started) return;
        choice.started = true;
        send(chunk([delta(index, { role: "assistant", content: "" }, null, null)]));
      };
      try {
        const ends = await runChoices(model, decode, n, gone.signal, (index, piece) => {
          const choice = choices[index]!;
          start(index);
          choice.text += piece.text;
          if (piece.logprobs) choice.logprobs.push(...piece.logprobs);
          // Text that may still turn into a tool call waits; once it cannot, it goes out as content.
          if (mayBecomeToolCall(choice.text, mode)) return;
          const text = choice.text.slice(choice.sent);
          choice.sent = choice.text.length;
          const logprobs = request.logprobs ? choice.logprobs.splice(0) : null;
          if (text !== "" || (logprobs && logprobs.length > 0))
            send(chunk([delta(index, { content: text }, logprobs, null)]));
        });
        ends.forEach((end, index) => {
          start(index);
          const choice = choices[index]!;
          const call = parseToolCall(choice.text, mode, callId());
          if (call) {
            send(
              chunk([
                delta(
                  index,
                  { tool_calls: [{ index: 0, ...call }] },
                  request.logprobs ? choice.logprobs.splice(0) : null,
                  null,
                ),
              ]),
            );
          } else if (choice.sent < choice.text.length) {
            send(
              chunk([
                delta(
                  index,
                  { content: choice.text.slice(choice.sent) },
                  request.logprobs ? choice.logprobs.splice(0) : null,
                  null,
                ),
              ]),
            );
            choice.sent = choice.text.length;
          }
          send(chunk([delta(index, {}, null, finishOf(end, call))]));
        });
        if (includeUsage) send(chunk([], usageOf(ends)));
        await stream.write("data: [DONE]\n\n");
      } catch (error) {
        if (gone.signal.aborted) return;
        await writeEvent(stream, decodeFailure(error, gone.signal).body);
      }
    });
  };
}
