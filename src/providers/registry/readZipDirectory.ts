import { open } from "node:fs/promises";
import { ArchiveError } from "../../core/errors/ArchiveError.js";

/** One member of a zip archive, as its central directory describes it. */
export interface ZipEntry {
  name: string;
  /** 0 = stored, 8 = deflated; nothing else is supported. */
  method: number;
  crc32: number;
  compressedSize: number;
  size: number;
  /** Offset of the member's local file header from the start of the archive. */
  localHeaderOffset: number;
}

const endOfDirectorySignature = 0x06054b50;
const directoryEntrySignature = 0x02014b50;
const endOfDirectoryMinimumSize = 22;
const maximumCommentSize = 0xffff;

/**
 * Reads the central directory of a zip archive (no ZIP64: members and archive under 4 GiB,
 * which covers the wheels models ship in). Only the directory is read, not the members.
 */
export async function readZipDirectory(file: string): Promise<ZipEntry[]> {
  const handle = await open(file, "r");
  try {
    const { size } = await handle.stat();
    const tailSize = Math.min(size, endOfDirectoryMinimumSize + maximumCommentSize);
    const tail = Buffer.alloc(tailSize);
    await handle.read(tail, 0, tailSize, size - tailSize);
    let end = -1;
    for (let index = tailSize - endOfDirectoryMinimumSize; index >= 0; index -= 1) {
      if (tail.readUInt32LE(index) === endOfDirectorySignature) {
        end = index;
        break;
      }
    }
    if (end < 0) throw new ArchiveError(file, "not a zip archive (no end-of-central-directory record)");
    const entryCount = tail.readUInt16LE(end + 10);
    const directorySize = tail.readUInt32LE(end + 12);
    const directoryOffset = tail.readUInt32LE(end + 16);
    if (entryCount === 0xffff || directoryOffset === 0xffffffff) {
      throw new ArchiveError(file, "ZIP64 archives are not supported");
    }
    if (directoryOffset + directorySize > size) {
      throw new ArchiveError(file, "truncated zip archive (central directory past the end of the file)");
    }
    const directory = Buffer.alloc(directorySize);
    await handle.read(directory, 0, directorySize, directoryOffset);
    const entries: ZipEntry[] = [];
    let position = 0;
    for (let count = 0; count < entryCount; count += 1) {
      if (position + 46 > directorySize || directory.readUInt32LE(position) !== directoryEntrySignature) {
        throw new ArchiveError(file, `corrupt central directory at entry ${count + 1}`);
      }
      const nameLength = directory.readUInt16LE(position + 28);
      const extraLength = directory.readUInt16LE(position + 30);
      const commentLength = directory.readUInt16LE(position + 32);
      entries.push({
        method: directory.readUInt16LE(position + 10),
        crc32: directory.readUInt32LE(position + 16),
        compressedSize: directory.readUInt32LE(position + 20),
        size: directory.readUInt32LE(position + 24),
        localHeaderOffset: directory.readUInt32LE(position + 42),
        name: directory.toString("utf8", position + 46, position + 46 + nameLength),
      });
      position += 46 + nameLength + extraLength + commentLength;
    }
    return entries;
  } finally {
    await handle.close();
  }
}
