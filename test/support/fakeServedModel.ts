import { createTextReleaser } from "../../src/providers/embedded/createTextReleaser.js";
import type { ChatMessage } from "../../src/providers/LanguageModel.js";
import type { StreamPrompt, StreamRequest } from "../../src/providers/StreamingModel.js";
import type { ServedModel } from "../../src/serve/runChoices.js";

/** Options of {@link fakeServedModel}. */
export interface FakeServedModelOptions {
  id?: string;
  contextSize?: number;
  parallelism?: number;
  /** The answer's tokens for a request (one piece each) [a plain answer, or JSON under a schema]. */
  answer?(request: StreamRequest, call: number): string[];
  /** Milliseconds between tokens [0]. */
  tokenDelayMs?: number;
  /** A schema the "grammar compiler" rejects, by a key it contains. */
  rejectSchemaKey?: string;
}

/**
 * A streaming model for the server's unit tests: a prompt costs one token per character (of
 * the messages' contents, or the text), the answer comes token by token from `answer`, stop
 * strings and `maxTokens` end it as the real decoder does, and every request is recorded with
 * how many decodes are running.
 */
export function fakeServedModel(options: FakeServedModelOptions = {}) {
  const requests: StreamRequest[] = [];
  const compiled: Record<string, unknown>[] = [];
  let busy = 0;
  let mostBusy = 0;
  let calls = 0;
  const countTokens = (prompt: StreamPrompt) =>
    "text" in prompt
      ? prompt.text.length
      : prompt.messages.reduce((sum: number, message: ChatMessage) => sum + message.content.length, 0);
  const model: ServedModel = {
    identity: { provider: "embedded", id: options.id ?? "smollm2-135m-instruct" },
    contextSize: options.contextSize ?? 4096,
    parallelism: options.parallelism ?? 2,
    countStreamPromptTokens: countTokens,
    async prepareSchema(schema) {
      if (options.rejectSchemaKey && JSON.stringify(schema).includes(options.rejectSchemaKey)) {
        throw new Error(`unsupported keyword ${options.rejectSchemaKey}`);
      }
      compiled.push(schema);
    },
    async stream(request, onPiece) {
      requests.push(request);
      const call = calls++;
      busy++;
      mostBusy = Math.max(mostBusy, busy);
      try {
        const tokens =
          options.answer?.(request, call) ??
          (request.schema ? ['{"text":', '"ok",', '"label":', '"positive"}'] : ["plain", " answer"]);
        const releaser = createTextReleaser(request.stop ?? []);
        let answer = "";
        let generated = 0;
        for (const token of tokens) {
          if (options.tokenDelayMs) await new Promise((resolve) => setTimeout(resolve, options.tokenDelayMs));
          if (request.signal?.aborted) throw new Error("aborted");
          answer += token;
          generated++;
          const release = releaser.next(answer);
          const logprobs =
            request.topLogprobs === undefined
              ? undefined
              : [{ token, logprob: -0.5, bytes: [...Buffer.from(token)], top_logprobs: [] }];
          onPiece({ text: release.text, ...(logprobs ? { logprobs } : {}) });
          if (release.stopAt !== undefined)
            return {
              finishReason: "stop",
              promptTokens: countTokens(request.prompt),
              completionTokens: generated,
            };
          if (generated >= request.maxTokens) {
            return {
              finishReason: "length",
              promptTokens: countTokens(request.prompt),
              completionTokens: generated,
            };
          }
        }
        const rest = releaser.finish(answer);
        if (rest) onPiece({ text: rest });
        return {
          finishReason: "stop",
          promptTokens: countTokens(request.prompt),
          completionTokens: generated,
        };
      } finally {
        busy--;
      }
    },
    load: () => ({ busy, waiting: 0 }),
  };
  return {
    model,
    requests,
    compiled,
    get mostBusy() {
      return mostBusy;
    },
  };
}
