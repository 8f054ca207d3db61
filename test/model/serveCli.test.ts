// `synthforge serve` as a user runs it: a child process on a free loopback port that answers
// /v1/models and a json_schema chat completion with the real default model, and stops cleanly
// on Ctrl-C (SIGINT).
import { type ChildProcess, spawn } from "node:child_process";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, describe, expect, it } from "vitest";

const root = path.join(path.dirname(fileURLToPath(import.meta.url)), "..", "..");
let child: ChildProcess | undefined;

afterAll(() => {
  if (child && child.exitCode === null) child.kill("SIGKILL");
});

describe("synthforge serve", () => {
  it("serves the default model until Ctrl-C", async () => {
    const started = spawn(
      process.execPath,
      [path.join(root, "bin", "synthforge.js"), "serve", "--port", "0", "--parallel", "1"],
      { cwd: root, stdio: ["ignore", "pipe", "pipe"] },
    );
    child = started;
    let output = "";
    const url = await new Promise<string>((resolve, reject) => {
      const onData = (chunk: Buffer) => {
        output += chunk.toString();
        const match = /at (http:\/\/127\.0\.0\.1:\d+\/v1)/.exec(output);
        if (match?.[1]) resolve(match[1]);
      };
      started.stderr?.on("data", onData);
      started.stdout?.on("data", onData);
      started.once("exit", (code) => reject(new Error(`serve exited with ${code}: ${output}`)));
    });

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
              properties: { colour: { type: "string" }, number: { type: "integer" } },
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

    const exitCode = await new Promise<number | null>((resolve) => {
      started.once("exit", (code) => resolve(code));
      started.kill("SIGINT");
    });
    expect(exitCode).toBe(0);
  });
});
