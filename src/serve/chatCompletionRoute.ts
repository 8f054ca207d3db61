import { randomUUID } from "node:crypto";
import type { Context } from "hono";
import { stream as streamResponse } from "hono/streaming";
import type { StreamEnd, TokenLogprob } from "../providers/StreamingModel.js";
import { type PreparedChat, prepareChatCompletion } from "./prepareChatCompletion.js";
import { decodeFailure } from "./prepareDecode.js";
import { runChoices, type ServedModel } from "./runChoices.js";
import type { ServeLimits } from "./ServeLimits.js";
import { paceEvents, sseHeaders, writeEvent } from "./sse.js";
import { scanToolCall, toolCallOf } from "./toolCalling.js";

/** One choice as it grows: its text, its logprobs, and (streaming) how much of it was sent, as content or as a tool call. */
interface ChoiceState {
  text: string;
  logprobs: TokenLogprob[];
  /** Characters of `text` already sent, as content or as the call's arguments (streaming). */
  sent: number;
  started: boolean;
  /** The id of the tool call this choice announced (streaming). */
  callId?: string;
}

/** What every answer to one request shares: its id, time, model and how usage and finish reasons are told. */
interface Answer {
  id: string;
  created: number;
  modelId: string;
  choices: ChoiceState[];
  /** `tool_calls` for a whole call, else why the decode ended. */
  finishOf(end: StreamEnd, call: { whole: boolean } | undefined): string;
  usageOf(ends: StreamEnd[]): { prompt_tokens: number; completion_tokens: number; total_tokens: number };
  callId(): string;
}

function answerOf(prepared: PreparedChat, modelId: string): Answer {
  return {
    id: `chatcmpl-${randomUUID()}`,
    created: Math.floor(Date.now() / 1000),
    modelId,
    choices: Array.from({ length: prepared.n }, () => ({ text: "", logprobs: [], sent: 0, started: false })),
    finishOf: (end, call) => (call?.whole ? "tool_calls" : end.finishReason),
    usageOf(ends) {
      const completion = ends.reduce((sum, end) => sum + end.completionTokens, 0);
      return {
        prompt_tokens: prepared.promptTokens,
        completion_tokens: completion,
        total_tokens: prepared.promptTokens + completion,
      };
    },
    callId: () => `call_${randomUUID().replaceAll("-", "").slice(0, 24)}`,
  };
}

/**
 * `POST /v1/chat/completions`: checks the request against the shape and the server's limits,
 * compiles its schemas, then decodes `n` choices and answers in one JSON body or, with
 * `stream: true`, as server-sent events the way OpenAI sends them.
 */
export function chatCompletionRoute(model: ServedModel, modelId: string, limits: ServeLimits) {
  return async (c: Context): Promise<Response> => {
    const prepared = await prepareChatCompletion(c, model, limits);
    if (prepared instanceof Response) return prepared;
    const answer = answerOf(prepared, modelId);
    return prepared.request.stream
      ? streamChatCompletion(c, model, prepared, answer, limits.streamIntervalMs)
      : wholeChatCompletion(c, model, prepared, answer);
  };
}

/** Decodes every choice, then answers in one `chat.completion` body. */
async function wholeChatCompletion(
  c: Context,
  model: ServedModel,
  prepared: PreparedChat,
  answer: Answer,
): Promise<Response> {
  const { request, mode } = prepared;
  const signal = c.req.raw.signal;
  try {
    const ends = await runChoices(model, prepared.decode, prepared.n, signal, (index, piece) => {
      const choice = answer.choices[index]!;
      choice.text += piece.text;
      if (piece.logprobs) choice.logprobs.push(...piece.logprobs);
    });
    return c.json({
      id: answer.id,
      object: "chat.completion",
      created: answer.created,
      model: answer.modelId,
      choices: ends.map((end, index) => {
        const choice = answer.choices[index]!;
        const call = toolCallOf(choice.text, mode, answer.callId());
        return {
          index,
          message: call
            ? { role: "assistant", content: null, tool_calls: [call.call], refusal: null }
            : { role: "assistant", content: choice.text, refusal: null },
          logprobs: request.logprobs ? { content: choice.logprobs, refusal: null } : null,
          finish_reason: answer.finishOf(end, call),
        };
      }),
      usage: answer.usageOf(ends),
    });
  } catch (error) {
    const failure = decodeFailure(error, signal);
    return c.json(failure.body, failure.status);
  }
}

/**
 * Decodes every choice, sending its new pieces as `chat.completion.chunk` events as they are
 * released, at most one event a choice every `streamIntervalMs`.
 */
function streamChatCompletion(
  c: Context,
  model: ServedModel,
  prepared: PreparedChat,
  answer: Answer,
  streamIntervalMs: number,
): Response | Promise<Response> {
  const { request, mode } = prepared;
  const signal = c.req.raw.signal;
  const includeUsage = request.stream_options?.include_usage === true;
  const chunk = (choiceList: unknown[], usage?: unknown) => ({
    id: answer.id,
    object: "chat.completion.chunk",
    created: answer.created,
    model: answer.modelId,
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
      const choice = answer.choices[index]!;
      if (choice.started) return;
      choice.started = true;
      send(chunk([delta(index, { role: "assistant", content: "" }, null, null)]));
    };
    const logprobsOf = (choice: ChoiceState) => (request.logprobs ? choice.logprobs.splice(0) : null);
    /** Sends what is new of a choice: content, or once it is a tool call, the call and then its arguments as they decode. */
    const sendNew = (index: number, ending: boolean) => {
      const choice = answer.choices[index]!;
      const scan = scanToolCall(choice.text, mode);
      // Text that may still turn into a tool call waits; once it cannot (or the answer ends), it goes out as content.
      if (scan.kind === "pending" && !ending) return;
      if (scan.kind !== "call") {
        const text = choice.text.slice(choice.sent);
        choice.sent = choice.text.length;
        const logprobs = logprobsOf(choice);
        if (text !== "" || (logprobs && logprobs.length > 0))
          send(chunk([delta(index, { content: text }, logprobs, null)]));
        return;
      }
      if (choice.callId === undefined) {
        choice.callId = answer.callId();
        choice.sent = scan.argumentsFrom;
        const head = {
          index: 0,
          id: choice.callId,
          type: "function",
          function: { name: scan.name, arguments: "" },
        };
        send(chunk([delta(index, { tool_calls: [head] }, null, null)]));
      }
      const upTo = scan.argumentsTo ?? choice.text.length;
      const fragment = choice.text.slice(choice.sent, Math.max(choice.sent, upTo));
      choice.sent = Math.max(choice.sent, upTo);
      const logprobs = logprobsOf(choice);
      if (fragment !== "" || (logprobs && logprobs.length > 0))
        send(
          chunk([
            delta(index, { tool_calls: [{ index: 0, function: { arguments: fragment } }] }, logprobs, null),
          ]),
        );
    };
    const fresh = new Set<number>();
    const pacer = paceEvents(streamIntervalMs, () => {
      for (const index of fresh) sendNew(index, false);
      fresh.clear();
    });
    try {
      const ends = await runChoices(model, prepared.decode, prepared.n, gone.signal, (index, piece) => {
        const choice = answer.choices[index]!;
        start(index);
        choice.text += piece.text;
        if (piece.logprobs) choice.logprobs.push(...piece.logprobs);
        fresh.add(index);
        pacer.poke();
      });
      pacer.settle();
      ends.forEach((end, index) => {
        start(index);
        sendNew(index, true);
        const choice = answer.choices[index]!;
        const call = choice.callId === undefined ? undefined : toolCallOf(choice.text, mode, choice.callId);
        send(chunk([delta(index, {}, null, answer.finishOf(end, call))]));
      });
      if (includeUsage) send(chunk([], answer.usageOf(ends)));
      await stream.write("data: [DONE]\n\n");
    } catch (error) {
      pacer.settle();
      if (gone.signal.aborted) return;
      await writeEvent(stream, decodeFailure(error, gone.signal).body);
    }
  });
}
