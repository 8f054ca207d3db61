import { createHash } from "node:crypto";
import { createWriteStream } from "node:fs";
import { Readable, Transform } from "node:stream";
import { pipeline } from "node:stream/promises";
import type { ReadableStream as WebReadableStream } from "node:stream/web";
import type { EventSink } from "../../core/events.js";
import { HttpStatusError } from "./HttpStatusError.js";

/** What {@link downloadToFile} wrote. */
export interface DownloadedFile {
  sizeBytes: number;
  sha256: string;
}

/** Options of {@link downloadToFile}. */
export interface DownloadOptions {
  /** Receives `download` events as bytes arrive. */
  events: EventSink;
  /** Name shown in the progress events (the model name). */
  what: string;
  /** Stops the download. */
  signal?: AbortSignal;
  /** Seconds to wait for the server's response headers before giving up. */
  connectTimeoutSeconds?: number;
  /** Request headers. */
  headers?: Record<string, string>;
}

/** Streams a URL into `destination`, hashing as it goes, and emits throttled `download` events. */
export async function downloadToFile(
  url: string,
  destination: string,
  options: DownloadOptions,
): Promise<DownloadedFile> {
  const response = await fetchWithConnectTimeout(url, options);
  if (!response.ok || !response.body) throw new HttpStatusError(response.status, response.statusText);
  const lengthHeader = response.headers.get("content-length");
  const totalBytes = lengthHeader === null ? undefined : Number(lengthHeader);
  const hash = createHash("sha256");
  let receivedBytes = 0;
  let lastEvent = 0;
  const emit = () =>
    options.events({ type: "download", what: options.what, receivedBytes, totalBytes, source: url });
  emit();
  const measure = new Transform({
    transform(chunk: Buffer, _encoding, callback) {
      hash.update(chunk);
      receivedBytes += chunk.length;
      if (Date.now() - lastEvent > 100) {
        lastEvent = Date.now();
        emit();
      }
      callback(null, chunk);
    },
  });
  await pipeline(
    Readable.fromWeb(response.body as WebReadableStream<Uint8Array>),
    measure,
    createWriteStream(destination),
    { signal: options.signal },
  );
  emit();
  return { sizeBytes: receivedBytes, sha256: hash.digest("hex") };
}

/** fetch() whose timeout covers only the wait for response headers, not the body. */
export async function fetchWithConnectTimeout(
  url: string,
  options: { signal?: AbortSignal; connectTimeoutSeconds?: number; headers?: Record<string, string> },
): Promise<Response> {
  const controller = new AbortController();
  const timer = setTimeout(
    () => controller.abort(new Error(`no answer within ${options.connectTimeoutSeconds ?? 30} s`)),
    (options.connectTimeoutSeconds ?? 30) * 1000,
  );
  try {
    return await fetch(url, {
      headers: options.headers,
      redirect: "follow",
      signal: options.signal ? AbortSignal.any([options.signal, controller.signal]) : controller.signal,
    });
  } finally {
    clearTimeout(timer);
  }
}
