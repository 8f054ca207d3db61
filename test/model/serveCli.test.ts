// `synthforge serve` as a user runs it: a child process on a free loopback port that answers
// /v1/models and a json_schema chat completion with the real default model, and stops cleanly
// on Ctrl-C (SIGINT); with a LoRA adapter on top, with a training run's student
// (--train-dir), and with a missing adapter file.
import { type ChildProcess, spawn } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, describe, expect, it } from "vitest";
import { writeTrainingOutput } from "../support/writeTrainingOutput.js";

const root = path.join(path.dirname(fileURLToPath(import.meta.url)), "..", "..");
const directory = mkdtempSync(path.join(os.tmpdir(), "synthforge-serve-"));
let child: ChildProcess | undefined;

afterAll(() => {
  if (child && child.exitCode === null) child.kill("SIGKILL");
  rmSync(directory, { recursive: true, force: true });
});

/** Starts `synthforge serve` with `args`; resolves with its URL once it listens. */
function startServe(args: string[]): { process: ChildProcess; url: Promise<string>; output: () => string } {
  const started = spawn(
    process.execPath,
    [path.join(root, "bin", "synthforge.js"), "serve", "--port", "0", "--parallel", "1", ...args],
    { cwd: root, stdio: ["ignore", "pipe", "pipe"] },
  );
  child = started;
  let output = "";
  const url = new Promise<string>((resolve, reject) => {
    const onData = (chunk: Buffer) => {
      output += chunk.toString();
      const match = /at (http:\/\/127\.0\.0\.1:\d+\/v1)/.exec(output);
      if (match?.[1]) resolve(match[1]);
    };
    started.stderr?.on("data", onData);
    started.stdout?.on("data", onData);
    started.once("exit", (code) => reject(new Error(`serve exited with ${code}: ${output}`)));
  });
  return { process: started, url, output: () => output };
}

/**
 * Writes a minimal GGUF (v3) LoRA adapter for a llama-architecture model with hidden size
 * `hidden`: one rank-1 pair on blk.0.attn_q, the smallest file llama.cpp loads as an adapter.
 */
function writeLoraAdapter(file: string, hidden: number): void {
  const u32 = (value: number) => {
    const buffer = Buffer.alloc(4);
    buffer.writeUInt32LE(value);
    return buffer;
  };
  const u64 = (value: number) => {
    const buffer = Buffer.alloc(8);
    buffer.writeBigUInt64LE(BigInt(value));
    return buffer;
  };
  const f32 = (value: number) => {
    const buffer = Buffer.alloc(4);
    buffer.writeFloatLE(value);
    return buffer;
  };
  const text = (value: string) => Buffer.concat([u64(Buffer.byteLength(value)), Buffer.from(value)]);
  const stringType = 8;
  const float32Type = 6;
  const metadata: [string, Buffer][] = [
    ["general.architecture", Buffer.concat([u32(stringType), text("llama")])],
    ["general.type", Buffer.concat([u32(stringType), text("adapter")])],
    ["adapter.type", Buffer.concat([u32(stringType), text("lora")])],
    ["adapter.lora.alpha", Buffer.concat([u32(float32Type), f32(1)])],
  ];
  const tensors = [
    { name: "blk.0.attn_q.weight.lora_a", dims: [hidden, 1] },
    { name: "blk.0.attn_q.weight.lora_b", dims: [1, hidden] },
  ].map((tensor) => ({ ...tensor, data: Buffer.from(new Float32Array(hidden).fill(0.05).buffer) }));
  const pad = (buffer: Buffer) => Buffer.concat([buffer, Buffer.alloc((32 - (buffer.length % 32)) % 32)]);
  const header: Buffer[] = [Buffer.from("GGUF"), u32(3), u64(tensors.length), u64(metadata.length)];
  for (const [key, value] of metadata) header.push(text(key), value);
  let offset = 0;
  for (const tensor of tensors) {
    header.push(text(tensor.name), u32(tensor.dims.length), ...tensor.dims.map(u64), u32(0), u64(offset));
    offset += pad(tensor.data).length;
  }
  writeFileSync(
    file,
    Buffer.concat([pad(Buffer.concat(header)), ...tensors.map((tensor) => pad(tensor.data))]),
  );
}

const stop = (started: ChildProcess) =>
  new Promise<number | null>((resolve) => {
    started.once("exit", (code) => resolve(code));
    started.kill("SIGINT");
  });

describe("synthforge serve", () => {
  it("serves the default model until Ctrl-C", async () => {
    const serve = startServe([]);
    const started = serve.process;
    const url = await serve.url;

    const models = (await (await fetch(`${url}/models`)).json()) as { data: { id: string }[] };
    expect(models.data).toHaveLength(1);

    const response = await fetch(`${url}/chat/completions`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({
        messages: [{ role: "user", content: "Give a colour and a number." }],
        max_tokens: 32,
        seed: 1,
        response_format: {
          type: "json_schema",
          json_schema: {
            name: "pair",
            strict: true,
            schema: {
              type: "object",
              properties: { colour: { type: "string", maxLength: 12 }, number: { type: "integer" } },
              required: ["colour", "number"],
              additionalProperties: false,
            },
          },
        },
      }),
    });
    expect(response.status).toBe(200);
    const body = (await response.json()) as {
      choices: { message: { content: string } }[];
      usage: { completion_tokens: number };
    };
    const value = JSON.parse(body.choices[0]?.message.content ?? "") as { colour: unknown; number: unknown };
    expect(typeof value.colour).toBe("string");
    expect(Number.isInteger(value.number)).toBe(true);
    expect(body.usage.completion_tokens).toBeGreaterThan(0);

    const bad = await fetch(`${url}/chat/completions`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ messages: [{ role: "user", content: "x" }], max_tokens: -1 }),
    });
    expect(bad.status).toBe(400);
    expect(((await bad.json()) as { error: { message: string } }).error.message).toMatch(/`max_tokens`/);

    expect(await stop(started)).toBe(0);
  });

  it("serves the model with a LoRA adapter on top, named in /v1/models", async () => {
    const adapter = path.join(directory, "tiny-lora.gguf");
    writeLoraAdapter(adapter, 576);
    const serve = startServe(["--adapter", adapter]);
    const url = await serve.url;
    const models = (await (await fetch(`${url}/models`)).json()) as { data: { id: string }[] };
    expect(models.data.map((entry) => entry.id)).toEqual(["smollm2-135m-instruct+tiny-lora.gguf"]);
    const response = await fetch(`${url}/chat/completions`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({
        messages: [{ role: "user", content: "Name a colour." }],
        max_tokens: 12,
        seed: 1,
      }),
    });
    expect(response.status).toBe(200);
    const body = (await response.json()) as { choices: { message: { content: string } }[] };
    expect(body.choices[0]?.message.content.length).toBeGreaterThan(0);
    expect(await stop(serve.process)).toBe(0);
  });

  it("serves a training run's student (--train-dir) named by what it is, streaming to a client", async () => {
    const trainDir = writeTrainingOutput(path.join(directory, "out", "reviews-en", "train"), { task: "sft" });
    writeLoraAdapter(path.join(trainDir, "adapter.gguf"), 576);
    const serve = startServe(["--train-dir", trainDir]);
    const url = await serve.url;
    const models = (await (await fetch(`${url}/models`)).json()) as { data: { id: string; root: string }[] };
    expect(models.data).toMatchObject([{ id: "reviews-en-sft-lora", root: "smollm2-135m-instruct" }]);
    const response = await fetch(`${url}/chat/completions`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({
        messages: [{ role: "user", content: "Name a colour." }],
        max_tokens: 8,
        seed: 1,
        stream: true,
      }),
    });
    const text = await response.text();
    expect(text).toContain('"model":"reviews-en-sft-lora"');
    expect(text.endsWith("data: [DONE]\n\n")).toBe(true);
    expect(await stop(serve.process)).toBe(0);
    const classifier = writeTrainingOutput(path.join(directory, "out", "labels", "train"), {
      task: "classification",
    });
    // A classifier is trained to write its label, so it is served too, named as one.
    writeLoraAdapter(path.join(classifier, "adapter.gguf"), 576);
    const served = startServe(["--train-dir", classifier]);
    const listed = (await (await fetch(`${await served.url}/models`)).json()) as { data: { id: string }[] };
    expect(listed.data).toMatchObject([{ id: "labels-classification-lora" }]);
    expect(await stop(served.process)).toBe(0);
  });

  it("exits with one sentence naming a missing adapter file", async () => {
    const missing = path.join(directory, "no-such-adapter.gguf");
    const serve = startServe(["--adapter", missing]);
    const failure = await serve.url.then(
      () => undefined,
      (error: unknown) => error as Error,
    );
    expect(failure?.message).toMatch(/serve exited with [1-9]/);
    expect(serve.output()).toContain(missing);
  });
});
