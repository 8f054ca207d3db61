import type {
  GenerateRequest,
  GenerateResult,
  LanguageModel,
  ModelIdentity,
  TokenUsage,
} from "../LanguageModel.js";

/** What the fake answers for one call: text as is, or any other value serialised as JSON. */
export type FakeResponder = (request: GenerateRequest, call: number) => unknown;

export interface FakeModelSettings {
  /** Computes the answer of call number `call` (0-based, in call order). */
  respond: FakeResponder;
  /** Calls served at once; reported as `parallelism`. */
  parallelism?: number;
  /** Identity recorded in provenance. */
  identity?: ModelIdentity;
  /** Throws this error on the given call numbers (a failing provider). */
  failOn?: (call: number) => Error | undefined;
  /** Dollars a usage costs, as a hosted model's price would say [absent: free, like an embedded model]. */
  costOf?: (usage: TokenUsage) => number;
}

/** A LanguageModel that also remembers every request it received. */
export interface FakeModel extends LanguageModel {
  readonly requests: GenerateRequest[];
  /** Highest number of calls that were in flight at the same time. */
  readonly maxInFlight: number;
  readonly disposed: boolean;
}

/**
 * A deterministic, recording fake model for tests: answers come from a function, never from
 * a network or a model file. Token counts are whitespace-separated words.
 */
export function createFakeModel(settings: FakeModelSettings): FakeModel {
  const requests: GenerateRequest[] = [];
  let inFlight = 0;
  let maxInFlight = 0;
  let disposed = false;
  return {
    identity: settings.identity ?? { provider: "fake", id: "fake-model" },
    parallelism: settings.parallelism ?? 1,
    ...(settings.costOf === undefined ? {} : { costOf: settings.costOf }),
    requests,
    get maxInFlight() {
      return maxInFlight;
    },
    get disposed() {
      return disposed;
    },
    async generate(request: GenerateRequest): Promise<GenerateResult> {
      const call = requests.length;
      requests.push(request);
      inFlight += 1;
      maxInFlight = Math.max(maxInFlight, inFlight);
      const startedAt = new Date().toISOString();
      try {
        // Yield so concurrent callers really overlap, as with a real model.
        await new Promise((resolve) => setImmediate(resolve));
        request.signal?.throwIfAborted();
        const failure = settings.failOn?.(call);
        if (failure) throw failure;
        const answer = settings.respond(request, call);
        const text = typeof answer === "string" ? answer : JSON.stringify(answer);
        return {
          text,
          json: request.schema === undefined ? undefined : tryParse(text),
          usage: {
            inputTokens: countWords(request.messages.map((m) => m.content).join(" ")),
            outputTokens: countWords(text),
          },
          timing: { startedAt, durationMs: 1 },
        };
      } finally {
        inFlight -= 1;
      }
    },
    async dispose() {
      disposed = true;
    },
  };
}

function tryParse(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

function countWords(text: string): number {
  return text.split(/\s+/).filter(Boolean).length;
}
