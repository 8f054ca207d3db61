import { createHash } from "node:crypto";
import { createReadStream, createWriteStream } from "node:fs";
import { open } from "node:fs/promises";
import { Transform } from "node:stream";
import { pipeline } from "node:stream/promises";
import zlib from "node:zlib";
import { ArchiveError } from "../../core/errors/ArchiveError.js";
import { readZipDirectory } from "./readZipDirectory.js";

const localHeaderSignature = 0x04034b50;

/** What was written by {@link extractZipEntry}. */
export interface ExtractedFile {
  sizeBytes: number;
  sha256: string;
}

/**
 * Streams one member of a zip archive into `destination` (stored or deflated), checking its
 * size and CRC-32 against the central directory, and returns its size and sha256.
 */
export async function extractZipEntry(
  archive: string,
  member: string,
  destination: string,
  options: { signal?: AbortSignal; append?: boolean } = {},
): Promise<ExtractedFile> {
  const entries = await readZipDirectory(archive);
  const entry = entries.find((candidate) => candidate.name === member);
  if (!entry) throw new ArchiveError(archive, `has no member "${member}"`);
  if (entry.method !== 0 && entry.method !== 8) {
    throw new ArchiveError(archive, `member "${member}" uses compression method ${entry.method}`);
  }
  const handle = await open(archive, "r");
  const header = Buffer.alloc(30);
  try {
    await handle.read(header, 0, 30, entry.localHeaderOffset);
  } finally {
    await handle.close();
  }
  if (header.readUInt32LE(0) !== localHeaderSignature) {
    throw new ArchiveError(archive, `corrupt local header for "${member}"`);
  }
  const dataStart = entry.localHeaderOffset + 30 + header.readUInt16LE(26) + header.readUInt16LE(28);
  const hash = createHash("sha256");
  let crc = 0;
  let sizeBytes = 0;
  const measure = new Transform({
    transform(chunk: Buffer, _encoding, callback) {
      hash.update(chunk);
      crc = zlib.crc32(chunk, crc);
      sizeBytes += chunk.length;
      callback(null, chunk);
    },
  });
  const source = createReadStream(archive, {
    start: dataStart,
    end: dataStart + entry.compressedSize - 1,
    highWaterMark: 1 << 20,
  });
  const stages = entry.method === 8 ? [source, zlib.createInflateRaw(), measure] : [source, measure];
  try {
    await pipeline([...stages, createWriteStream(destination, { flags: options.append ? "a" : "w" })], {
      signal: options.signal,
    });
  } catch (error) {
    if (options.signal?.aborted) throw error;
    throw new ArchiveError(archive, `could not extract "${member}": ${(error as Error).message}`, {
      cause: error,
    });
  }
  if (sizeBytes !== entry.size || crc >>> 0 !== entry.crc32) {
    throw new ArchiveError(archive, `member "${member}" is corrupt (size or CRC-32 mismatch)`);
  }
  return { sizeBytes, sha256: hash.digest("hex") };
}
