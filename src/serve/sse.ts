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
  /** Something new: flushes now when the last flush was in an earlier interval, else holds it. */
  poke(): void;
  /** Cancels a flush still waiting; the caller sends what is left itself. */
  settle(): void;
}

/**
 * Calls `flush` at most once in each `intervalMs` window of the clock: the first piece after a
 * pause goes out at once (so the time to the first token is not delayed) and the pieces that
 * follow within the window go out together in one event, with the first piece of a later
 * window. Each event costs the server a JSON body and a socket write and the client a wake-up
 * and a parse, and on a machine whose cores the model's threads already fill, that work slows
 * the decoding itself. So flushes come with a piece (right after a decode step, not from a
 * timer in the middle of the next one), and the windows are the same for every stream, so
 * concurrent streams flush in the same step. A timer flushes held text only when no piece
 * follows for two intervals (text held back by a stop string's prefix). 0 sends every piece.
 */
export function paceEvents(intervalMs: number, flush: () => void): EventPacer {
  let lastWindow = Number.NEGATIVE_INFINITY;
  let timer: NodeJS.Timeout | undefined;
  const windowOf = (time: number) => (intervalMs > 0 ? Math.floor(time / intervalMs) : time);
  const run = () => {
    clearTimeout(timer);
    timer = undefined;
    lastWindow = windowOf(performance.now());
    flush();
  };
  return {
    poke() {
      const now = performance.now();
      if (intervalMs <= 0 || windowOf(now) > lastWindow) run();
      else timer ??= setTimeout(run, 2 * intervalMs);
    },
    settle() {
      clearTimeout(timer);
      timer = undefined;
    },
  };
}
