import type { Context } from "hono";
import type { StreamingApi } from "hono/utils/stream";

/** Marks a response as server-sent events that no proxy should buffer or cache. */
export function sseHeaders(c: Context): void {
  c.header("Content-Type", "text/event-stream; charset=utf-8");
  c.header("Cache-Control", "no-cache");
  c.header("X-Accel-Buffering", "no");
}

/** The events of one streamed response. */
export interface EventWriter {
  /** Queues one event, written as OpenAI does (`data: <json>` and a blank line). */
  send(body: unknown): void;
  /** Writes the queued events at once, then `text` (the closing `data: [DONE]`). */
  end(text?: string): Promise<unknown>;
}

/**
 * Writes the events of one response in call order. The events sent while the decoders handle
 * one batch's tokens go out together, once the event loop has gone round after that batch: by
 * then the decoders have asked for their next tokens and node-llama-cpp has dispatched the next
 * batch (it does so from setImmediate), so the socket writes, one per response and batch, run
 * while llama.cpp decodes instead of between its batches (bench/serve/decompose.ts).
 */
export function createEventWriter(stream: StreamingApi): EventWriter {
  let pending = "";
  let scheduled = false;
  const flush = (): Promise<unknown> => {
    scheduled = false;
    if (pending === "") return Promise.resolve();
    const text = pending;
    pending = "";
    return stream.write(text);
  };
  // The first turn is the one in which node-llama-cpp dispatches the batch; the write, the next.
  const flushAfterDispatch = () => setImmediate(flush);
  return {
    send(body) {
      pending += `data: ${JSON.stringify(body)}\n\n`;
      if (scheduled) return;
      scheduled = true;
      setImmediate(flushAfterDispatch);
    },
    end(text = "") {
      pending += text;
      return flush();
    },
  };
}
