import { isUtf8 } from "node:buffer";

/** Why a file's bytes are not UTF-8 text: the line to blame (when one is) and what was found. */
export class TextEncodingProblem extends Error {
  readonly line: number | undefined;

  constructor(line: number | undefined, problem: string) {
    super(problem);
    this.name = "TextEncodingProblem";
    this.line = line;
  }
}

/** An encoding named in messages, with the name `iconv -f` knows it by. */
interface Encoding {
  name: string;
  iconv: string;
}

const byteOrderMarks: { bytes: number[]; encoding: Encoding }[] = [
  // UTF-32 before UTF-16: the UTF-32LE mark starts with the UTF-16LE one.
  { bytes: [0xff, 0xfe, 0x00, 0x00], encoding: { name: "UTF-32 (little-endian)", iconv: "UTF-32LE" } },
  { bytes: [0x00, 0x00, 0xfe, 0xff], encoding: { name: "UTF-32 (big-endian)", iconv: "UTF-32BE" } },
  { bytes: [0xff, 0xfe], encoding: { name: "UTF-16 (little-endian)", iconv: "UTF-16LE" } },
  { bytes: [0xfe, 0xff], encoding: { name: "UTF-16 (big-endian)", iconv: "UTF-16BE" } },
];

const convert = (encoding: Encoding) =>
  `expected UTF-8: convert it with \`iconv -f ${encoding.iconv} -t UTF-8\``;

/**
 * Decodes a user's text file strictly as UTF-8. A UTF-8 byte-order mark is dropped. Anything
 * else throws a TextEncodingProblem: a file with a UTF-16 or UTF-32 byte-order mark, or that
 * looks like UTF-16 without one, is named as such; otherwise the problem names the line of the
 * first byte that is not UTF-8 and, when the bytes look like one, their encoding (GBK/GB18030,
 * Latin-1/Windows-1252), with the `iconv` command that converts them.
 */
export function decodeInputText(bytes: Uint8Array): string {
  let body = bytes;
  if (bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf) body = bytes.subarray(3);
  else {
    const mark = byteOrderMarks.find((candidate) =>
      candidate.bytes.every((byte, index) => bytes[index] === byte),
    );
    if (mark) throw new TextEncodingProblem(undefined, `is ${mark.encoding.name}; ${convert(mark.encoding)}`);
  }
  const wide = utf16WithoutMark(body);
  if (wide) {
    throw new TextEncodingProblem(
      undefined,
      `looks like ${wide.name} without a byte-order mark; ${convert(wide)}`,
    );
  }
  if (isUtf8(body)) return Buffer.from(body.buffer, body.byteOffset, body.byteLength).toString("utf8");
  const offset = firstInvalidUtf8(body);
  const found = `is not valid UTF-8 (byte 0x${body[offset]!.toString(16).toUpperCase().padStart(2, "0")})`;
  const legacy = legacyEncoding(body);
  throw new TextEncodingProblem(
    lineOf(body, offset),
    legacy ? `${found} and looks like ${legacy.name}; ${convert(legacy)}` : `${found}; expected UTF-8 text`,
  );
}

/** UTF-16 text mostly in one script has a zero in every other byte; UTF-8 text has none. */
function utf16WithoutMark(bytes: Uint8Array): Encoding | undefined {
  const sample = bytes.subarray(0, 4096 - (Math.min(bytes.length, 4096) % 2));
  if (sample.length < 4 || !sample.includes(0)) return undefined;
  let evenZeros = 0;
  let oddZeros = 0;
  for (let index = 0; index < sample.length; index += 2) {
    if (sample[index] === 0) evenZeros += 1;
    if (sample[index + 1] === 0) oddZeros += 1;
  }
  const pairs = sample.length / 2;
  if (oddZeros > pairs * 0.3 && evenZeros < pairs * 0.05)
    return { name: "UTF-16 (little-endian)", iconv: "UTF-16LE" };
  if (evenZeros > pairs * 0.3 && oddZeros < pairs * 0.05)
    return { name: "UTF-16 (big-endian)", iconv: "UTF-16BE" };
  return undefined;
}

/**
 * Latin-1 and Windows-1252 write an accented letter as one byte among ASCII bytes; GBK/GB18030
 * writes a Chinese character as two bytes of 0x81–0xFE, so its text decodes to Chinese.
 */
function legacyEncoding(bytes: Uint8Array): Encoding | undefined {
  let high = 0;
  let alone = 0;
  for (let index = 0; index < bytes.length; index += 1) {
    if (bytes[index]! < 0x80) continue;
    high += 1;
    if ((bytes[index - 1] ?? 0) < 0x80 && (bytes[index + 1] ?? 0) < 0x80) alone += 1;
  }
  if (alone >= high * 0.8) return { name: "Latin-1 or Windows-1252", iconv: "WINDOWS-1252" };
  const text = decoded(bytes, "gb18030");
  if (text === undefined) return undefined;
  const wide = text.match(/[^\x00-\x7f]/gu) ?? [];
  const chinese = wide.filter((character) => /[\u3000-\u303f\u4e00-\u9fff\uff00-\uffef]/u.test(character));
  return chinese.length >= wide.length * 0.8
    ? { name: "GBK/GB18030 (Chinese)", iconv: "GB18030" }
    : undefined;
}

function decoded(bytes: Uint8Array, encoding: string): string | undefined {
  try {
    return new TextDecoder(encoding, { fatal: true }).decode(bytes);
  } catch {
    return undefined;
  }
}

/** Offset of the first byte that does not start a well-formed UTF-8 sequence (RFC 3629). */
function firstInvalidUtf8(bytes: Uint8Array): number {
  for (let index = 0; index < bytes.length; ) {
    const lead = bytes[index]!;
    if (lead < 0x80) {
      index += 1;
      continue;
    }
    const length =
      lead >= 0xc2 && lead <= 0xdf
        ? 2
        : lead >= 0xe0 && lead <= 0xef
          ? 3
          : lead >= 0xf0 && lead <= 0xf4
            ? 4
            : 0;
    if (length === 0 || index + length > bytes.length) return index;
    const second = bytes[index + 1]!;
    const low = lead === 0xe0 ? 0xa0 : lead === 0xf0 ? 0x90 : 0x80;
    const high = lead === 0xed ? 0x9f : lead === 0xf4 ? 0x8f : 0xbf;
    if (second < low || second > high) return index;
    for (let next = 2; next < length; next += 1) if ((bytes[index + next]! & 0xc0) !== 0x80) return index;
    index += length;
  }
  return bytes.length;
}

function lineOf(bytes: Uint8Array, offset: number): number {
  let line = 1;
  for (let index = 0; index < offset; index += 1) if (bytes[index] === 0x0a) line += 1;
  return line;
}
