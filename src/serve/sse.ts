import type { Context } from "hono";
import type { StreamingApi } from "hono/utils/stream";

/** Marks a response as server-sent events that no proxy should buffer or cache. */
export function sseHeaders(c: Context): void {
  c.header("Content-Type", "text/event-stream; charset=utf-8");
  c.header("Cache-Control", "no-cache");
  c.header("X-Accel-Buffering", "no");
}

/**
 * Writes one event as OpenAI does (`data: <json>` and a blank line). Writes are queued in
 * call order, so pieces decoded in a callback go out in order without awaiting each.
 */
export function writeEvent(stream: StreamingApi, body: unknown): Promise<unknown> {
  return stream.write(`data: ${JSON.stringify(body)}\n\n`);
}

/** Gathers a stream's pieces into events: `poke` when there is something new to send. */
export interface EventPacer {
  /** Something new: flushes now when the last flush is `intervalMs` ago, else once it is. */
  poke(): void;
  /** Cancels a flush still waiting; the caller sends what is left itself. */
  settle(): void;
}

/**
 * Calls `flush` at most once every `intervalMs`: the first piece after a pause goes out at
 * once (so the time to the first token is not delayed) and the pieces that follow within the
 * interval go out together in one event. Each event costs the server a JSON body and a socket
 * write and the client a parse, about the same whatever its length, and on a machine whose
 * cores the model's threads already fill that work slows the decoding itself; 0 sends every
 * piece as it comes.
 */
export function paceEvents(intervalMs: number, flush: () => void): EventPacer {
  let last = Number.NEGATIVE_INFINITY;
  let timer: NodeJS.Timeout | undefined;
  const run = () => {
    timer = undefined;
    last = performance.now();
    flush();
  };
  return {
    poke() {
      if (timer !== undefined) return;
      const wait = last + intervalMs - performance.now();
      if (wait <= 0) run();
      else timer = setTimeout(run, wait);
    },
    settle() {
      clearTimeout(timer);
      timer = undefined;
    },
  };
}
