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
