import {
  isLlamaText,
  type LlamaContextSequence,
  type LlamaGrammar,
  LlamaGrammarEvaluationState,
  type LlamaModel,
  type Token,
} from "node-llama-cpp";
import { CancelledError } from "../../core/errors/CancelledError.js";
import type { StreamEnd, StreamPiece, StreamRequest, TokenLogprob } from "../StreamingModel.js";
import type { StepBarrier, StepMember } from "./createStepBarrier.js";
import { createTextReleaser } from "./createTextReleaser.js";

/** A decode on one sequence: the prompt's tokens and the grammars its request compiled to. */
export interface DecodeJob {
  model: LlamaModel;
  sequence: LlamaContextSequence;
  promptTokens: Token[];
  request: StreamRequest;
  /** Grammar of `request.schema`. */
  grammar?: LlamaGrammar;
  /** Grammar of `request.triggeredSchema`, applied once its trigger has been decoded. */
  triggeredGrammar?: LlamaGrammar;
  /** Tokens that end the answer besides end-of-generation ones (the chat template's end of turn). */
  stopTokens: ReadonlySet<Token>;
  /** Strings that end the answer besides the request's `stop` (the chat template's). */
  templateStops: readonly string[];
  /** The other decodes of the context, to ask for each next token together with them. */
  steps?: StepBarrier;
  /** The sequence's place among the context's sequences (their creation order: llama.cpp's sequence ids). */
  order?: number;
  onPiece(piece: StreamPiece): void;
}

/**
 * Decodes one answer token by token on a sequence the caller holds: keeps the KV cache of the
 * prompt prefix the sequence already holds, samples with the request's settings (penalties
 * over the answer's own tokens), releases text as it becomes safe (createTextReleaser) with
 * each token's log probabilities, and stops at a stop string or token, at `maxTokens`, when
 * the grammar is complete, or at once when the request's signal aborts. From its first token
 * on, it asks for each next one in step with the context's other decodes (`steps`), so that
 * they all decode in the same batches.
 */
export async function decodeStream(job: DecodeJob): Promise<StreamEnd> {
  const { model, sequence, promptTokens, request } = job;
  const existing = sequence.contextTokens;
  // At least the prompt's last token is evaluated again: its output is the first answer token.
  const reusable = Math.min(existing.length, promptTokens.length - 1);
  let common = 0;
  while (common < reusable && existing[common] === promptTokens[common]) common++;
  if (common < sequence.nextTokenIndex) {
    await sequence.eraseContextTokenRanges([{ start: common, end: sequence.nextTokenIndex }]);
  }
  let grammarState = job.grammar
    ? new LlamaGrammarEvaluationState({ model, grammar: job.grammar })
    : undefined;
  const generated: Token[] = [];
  const presence = request.presencePenalty ?? 0;
  const frequency = request.frequencyPenalty ?? 0;
  const topLogprobs = request.topLogprobs;
  // A JSON Schema grammar lets whitespace follow the closing brace without end; node-llama-cpp
  // ends such an answer at the grammar's own stop triggers (four newlines), as this does.
  const grammarStops = [job.grammar, job.triggeredGrammar].flatMap((grammar) =>
    (grammar?.stopGenerationTriggers ?? []).flatMap((trigger) =>
      typeof trigger === "string" ? [trigger] : isLlamaText(trigger) ? [trigger.toString()] : [],
    ),
  );
  const releaser = createTextReleaser([...(request.stop ?? []), ...job.templateStops, ...grammarStops]);
  // Tokens decoded but not yet released, with where their text ends in the answer.
  const pending: { start: number; end: number; logprob?: TokenLogprob }[] = [];
  let answer = "";
  const emit = (text: string, upTo: number) => {
    const logprobs: TokenLogprob[] = [];
    while (pending.length > 0 && pending[0]!.end <= upTo) {
      const entry = pending.shift()!;
      if (entry.logprob) logprobs.push(entry.logprob);
    }
    if (text === "" && logprobs.length === 0) return;
    job.onPiece(topLogprobs === undefined ? { text } : { text, logprobs });
  };
  let finishReason: StreamEnd["finishReason"] = "stop";
  let stopped = false;
  const iterator = sequence.evaluateWithMetadata(
    promptTokens.slice(common),
    { probabilities: topLogprobs !== undefined },
    {
      temperature: request.temperature,
      topP: request.topP,
      topK: request.topK,
      seed: request.seed,
      grammarEvaluationState: () => grammarState,
      ...(presence !== 0 || frequency !== 0
        ? {
            repeatPenalty: {
              punishTokens: () => generated,
              maxPunishTokens: Math.max(64, request.maxTokens),
              penalty: 1,
              presencePenalty: presence,
              frequencyPenalty: frequency,
            },
          }
        : {}),
    },
  );
  let member: StepMember | undefined;
  try {
    for (let step = await iterator.next(); !step.done; step = await iterator.next()) {
      if (!decodeToken(step.value)) break;
      member ??= job.steps?.join(job.order);
      await member?.arrive(request.signal);
    }
  } finally {
    member?.leave();
    await iterator.return();
  }
  if (request.signal?.aborted) throw new CancelledError();
  if (!stopped) emit(releaser.finish(answer), Number.POSITIVE_INFINITY);
  return { finishReason, promptTokens: promptTokens.length, completionTokens: generated.length };

  /** Takes one decoded token: false when the answer ends with it (or before it). */
  function decodeToken(output: { token: Token; probabilities?: Map<Token, number> }): boolean {
    if (request.signal?.aborted) return false;
    if (job.stopTokens.has(output.token)) return false;
    generated.push(output.token);
    // A token that ends mid-character reads as U+FFFD until the next one completes it: its text
    // is counted with the token that completes it, so the tokens' texts add up to the answer.
    const before = whole(answer);
    answer = model.detokenize(generated);
    pending.push({
      start: before.length,
      end: whole(answer).length,
      ...(topLogprobs === undefined
        ? {}
        : {
            logprob: tokenLogprob(
              model,
              output.token,
              whole(answer).slice(before.length),
              output.probabilities,
              topLogprobs,
            ),
          }),
    });
    if (job.triggeredGrammar && grammarState === undefined) {
      const lead = answer.trimStart();
      const { trigger } = request.triggeredSchema!;
      if (lead.startsWith(trigger) && lead.slice(trigger.length).trim() === "") {
        grammarState = new LlamaGrammarEvaluationState({ model, grammar: job.triggeredGrammar });
      }
    }
    const release = releaser.next(answer);
    if (release.stopAt !== undefined) {
      // The tokens that began before the stop string are the answer's.
      const kept = pending.findIndex((entry) => entry.start >= release.stopAt!);
      if (kept >= 0) pending.splice(kept);
      emit(release.text, Number.POSITIVE_INFINITY);
      stopped = true;
      return false;
    }
    emit(release.text, releaser.released);
    if (generated.length >= request.maxTokens) {
      finishReason = "length";
      return false;
    }
    return true;
  }
}

/** Text without a trailing half character. */
const whole = (text: string) => (text.endsWith("\uFFFD") ? text.slice(0, -1) : text);

/** The chosen token's log probability and the most likely alternatives, as OpenAI reports them. */
function tokenLogprob(
  model: LlamaModel,
  token: Token,
  text: string,
  probabilities: Map<Token, number> | undefined,
  top: number,
): TokenLogprob {
  const logOf = (probability: number | undefined) =>
    probability === undefined || probability <= 0 ? -9999 : Math.log(probability);
  const entry = (value: string, logprob: number) => ({
    token: value,
    logprob,
    bytes: [...Buffer.from(value, "utf8")],
  });
  const alternatives = [...(probabilities?.entries() ?? [])]
    .slice(0, top)
    .map(([candidate, probability]) => entry(model.detokenize([candidate]), logOf(probability)));
  return { ...entry(text, logOf(probabilities?.get(token))), top_logprobs: alternatives };
}
