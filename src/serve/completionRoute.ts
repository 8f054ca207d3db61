import { randomUUID } from "node:crypto";
import type { Context } from "hono";
import { stream as streamResponse } from "hono/streaming";
import type { StreamEnd, TokenLogprob } from "../providers/StreamingModel.js";
import { completionRequestSchema } from "./chatCompletionRequestSchema.js";
import { readRequestBody } from "./openAIError.js";
import { budgetOf, decodeFailure, samplingOf } from "./prepareDecode.js";
import { runChoices, type ServedModel } from "./runChoices.js";
import type { ServeLimits } from "./ServeLimits.js";
import { paceEvents, sseHeaders, writeEvent } from "./sse.js";

/** OpenAI's default `max_tokens` of `/v1/completions`. */
const completionDefaultMaxTokens = 16;

/** The legacy completions `logprobs` object of some tokens, whose text starts at `offset`. */
function legacyLogprobs(tokens: readonly TokenLogprob[], offset: number) {
  const text_offset: number[] = [];
  let at = offset;
  for (const token of tokens) {
    text_offset.push(at);
    at += token.token.length;
  }
  return {
    tokens: tokens.map((token) => token.token),
    token_logprobs: tokens.map((token) => token.logprob),
    top_logprobs: tokens.map((token) =>
      Object.fromEntries(token.top_logprobs.map((entry) => [entry.token, entry.logprob])),
    ),
    text_offset,
  };
}

/**
 * `POST /v1/completions`: continues a plain prompt (no chat template), `n` choices, in one
 * JSON body or streamed as server-sent events.
 */
export function completionRoute(model: ServedModel, modelId: string, limits: ServeLimits) {
  return async (c: Context): Promise<Response> => {
    const request = await readRequestBody(c, completionRequestSchema);
    if (request instanceof Response) return request;
    const text = typeof request.prompt === "string" ? request.prompt : request.prompt[0]!;
    const n = request.n ?? 1;
    const prompt = { text };
    const budget = budgetOf(
      c,
      model,
      limits,
      prompt,
      request.max_tokens ?? undefined,
      completionDefaultMaxTokens,
      n,
      "prompt",
    );
    if (budget instanceof Response) return budget;
    const wantLogprobs = request.logprobs !== undefined && request.logprobs !== null;
    const decode = {
      prompt,
      maxTokens: budget.maxTokens,
      ...samplingOf(request),
      ...(wantLogprobs ? { topLogprobs: request.logprobs ?? 0 } : {}),
    };
    const id = `cmpl-${randomUUID()}`;
    const created = Math.floor(Date.now() / 1000);
    const texts = Array.from({ length: n }, () => "");
    const logprobs: TokenLogprob[][] = Array.from({ length: n }, () => []);
    const usageOf = (ends: StreamEnd[]) => {
      const completion = ends.reduce((sum, end) => sum + end.completionTokens, 0);
      return {
        prompt_tokens: budget.promptTokens,
        completion_tokens: completion,
        total_tokens: budget.promptTokens + completion,
      };
    };
    const signal = c.req.raw.signal;
    const body = (choices: unknown[], usage?: unknown) => ({
      id,
      object: "text_completion",
      created,
      model: modelId,
      choices,
      ...(usage === undefined ? {} : { usage }),
    });

    if (!request.stream) {
      try {
        const ends = await runChoices(model, decode, n, signal, (index, piece) => {
          texts[index] += piece.text;
          if (piece.logprobs) logprobs[index]!.push(...piece.logprobs);
        });
        return c.json(
          body(
            ends.map((end, index) => ({
              index,
              text: texts[index],
              logprobs: wantLogprobs ? legacyLogprobs(logprobs[index]!, 0) : null,
              finish_reason: end.finishReason,
            })),
            usageOf(ends),
          ),
        );
      } catch (error) {
        const failure = decodeFailure(error, signal);
        return c.json(failure.body, failure.status);
      }
    }

    const includeUsage = request.stream_options?.include_usage === true;
    sseHeaders(c);
    return streamResponse(c, async (stream) => {
      const gone = new AbortController();
      stream.onAbort(() => gone.abort());
      signal.addEventListener("abort", () => gone.abort(), { once: true });
      const send = (choice: unknown, usage?: unknown) =>
        writeEvent(
          stream,
          body(choice === undefined ? [] : [choice], includeUsage ? (usage ?? null) : undefined),
        );
      // Per choice, how much of its text and logprobs has gone out.
      const sent = texts.map(() => ({ text: 0, logprobs: 0 }));
      const sendNew = (index: number) => {
        const from = sent[index]!;
        const text = texts[index]!.slice(from.text);
        const pieceLogprobs = logprobs[index]!.slice(from.logprobs);
        if (text === "" && pieceLogprobs.length === 0) return;
        send({
          index,
          text,
          logprobs: wantLogprobs ? legacyLogprobs(pieceLogprobs, from.text) : null,
          finish_reason: null,
        });
        sent[index] = { text: texts[index]!.length, logprobs: logprobs[index]!.length };
      };
      const pacer = paceEvents(limits.streamIntervalMs, () => {
        for (let index = 0; index < n; index++) sendNew(index);
      });
      try {
        const ends = await runChoices(model, decode, n, gone.signal, (index, piece) => {
          texts[index] += piece.text;
          if (piece.logprobs) logprobs[index]!.push(...piece.logprobs);
          pacer.poke();
        });
        pacer.settle();
        ends.forEach((end, index) => {
          sendNew(index);
          send({ index, text: "", logprobs: null, finish_reason: end.finishReason });
        });
        if (includeUsage) send(undefined, usageOf(ends));
        await stream.write("data: [DONE]\n\n");
      } catch (error) {
        pacer.settle();
        if (gone.signal.aborted) return;
        await writeEvent(stream, decodeFailure(error, gone.signal).body);
      }
    });
  };
}
