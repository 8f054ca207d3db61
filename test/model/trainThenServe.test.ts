// The README's "use the tuned student" path end to end, as a user runs it: `synthforge train
// examples/sentiment-en.yaml` trains the real default student (SmolLM2-135M, LoRA, through the
// Python worker) for two steps on a tiny export, then `synthforge serve --recipe
// examples/sentiment-en.yaml` serves it with the GGUF adapter the training wrote; the official
// `openai` npm client talks to it (streamed and not), and the README's Python snippet runs
// as printed against it, its model id and prompt checked against the server and the training.
import { type ChildProcess, execFile, spawn } from "node:child_process";
import { copyFileSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";
import OpenAI from "openai";
import { afterAll, describe, expect, it } from "vitest";
import { ensureOpenAIPython } from "../support/openaiPython.js";

const root = path.join(path.dirname(fileURLToPath(import.meta.url)), "..", "..");
const directory = mkdtempSync(path.join(os.tmpdir(), "synthforge-train-serve-"));
let server: ChildProcess | undefined;

afterAll(() => {
  if (server && server.exitCode === null) server.kill("SIGKILL");
  rmSync(directory, { recursive: true, force: true });
});

const cli = (args: string[]) =>
  spawn(process.execPath, [path.join(root, "bin", "synthforge.js"), ...args], {
    cwd: directory,
    stdio: ["ignore", "pipe", "pipe"],
  });

/** The README's Python snippet that talks to the served student, exactly as printed. */
function readmeSnippet(): string {
  const readme = readFileSync(path.join(root, "README.md"), "utf8");
  const after = readme.slice(readme.indexOf("Then use the tuned student"));
  const match = /```python\n([\s\S]*?)```/.exec(after);
  if (!match?.[1]) throw new Error("README: no Python snippet after 'Then use the tuned student'");
  return match[1];
}

describe("train the default student, then serve it", () => {
  it("serves what `synthforge train` tuned to the official npm client and the README's Python snippet", async () => {
    // The recipe as the README names it, and a tiny export where `synthforge run` would write it.
    mkdirSync(path.join(directory, "examples"));
    copyFileSync(
      path.join(root, "examples", "sentiment-en.yaml"),
      path.join(directory, "examples", "sentiment-en.yaml"),
    );
    const exportDir = path.join(directory, "out", "sentiment-en");
    mkdirSync(exportDir, { recursive: true });
    const texts = {
      positive: ["Great food and friendly staff.", "The kettle boils fast and looks lovely."],
      negative: ["The soup was cold and bland.", "The charger broke after a week."],
    };
    const records = Array.from({ length: 8 }, (_, index) => {
      const label = index % 2 === 0 ? "positive" : "negative";
      return {
        text: `${texts[label][index % 4 < 2 ? 0 : 1]} (visit ${index})`,
        label,
        domain: index % 4 < 2 ? "restaurant" : "kitchen appliance",
      };
    });
    writeFileSync(path.join(exportDir, "train.jsonl"), records.map((r) => `${JSON.stringify(r)}\n`).join(""));

    const train = cli([
      "train",
      "examples/sentiment-en.yaml",
      ...["--max-steps", "2", "--batch-size", "4", "--gradient-accumulation", "1", "--max-length", "96"],
    ]);
    let trainOutput = "";
    train.stdout?.on("data", (chunk: Buffer) => (trainOutput += chunk.toString()));
    train.stderr?.on("data", (chunk: Buffer) => (trainOutput += chunk.toString()));
    const trained = await new Promise<number | null>((resolve) => train.on("close", resolve));
    expect(trained, trainOutput).toBe(0);
    expect(trainOutput).toMatch(/Trained 2\/2 steps/);
    const log = JSON.parse(readFileSync(path.join(exportDir, "train", "train_log.json"), "utf8")) as {
      instruction: string;
    };

    // `./synthforge serve --recipe examples/sentiment-en.yaml`, as the README runs it (on a free port).
    server = cli(["serve", "--recipe", "examples/sentiment-en.yaml", "--port", "0", "--parallel", "1"]);
    let serveOutput = "";
    const url = await new Promise<string>((resolve, reject) => {
      const onData = (chunk: Buffer) => {
        serveOutput += chunk.toString();
        const match = /at (http:\/\/127\.0\.0\.1:\d+\/v1)/.exec(serveOutput);
        if (match?.[1]) resolve(match[1]);
      };
      server?.stdout?.on("data", onData);
      server?.stderr?.on("data", onData);
      server?.once("exit", (code) => reject(new Error(`serve exited with ${code}: ${serveOutput}`)));
    });

    // The README's snippet: the id its comment promises, and the prompt the student was trained on.
    const snippet = readmeSnippet();
    const promisedId = /data\[0\]\.id {2}# "([^"]+)"/.exec(snippet)?.[1];
    const promptLiteral = /prompt = "((?:[^"\\]|\\.)*)"/.exec(snippet)?.[1];
    expect(promptLiteral, snippet).toBeDefined();
    const prompt = JSON.parse(`"${promptLiteral}"`) as string;
    expect(prompt).toBe(`<domain=restaurant>${log.instruction}\n\nText: The soup was cold.`);

    const client = new OpenAI({ baseURL: url, apiKey: "unused", maxRetries: 0 });
    const student = (await client.models.list()).data[0]!;
    expect(student.id).toBe(promisedId);
    expect(student.id).toBe("sentiment-en-classification-lora");
    const messages = [{ role: "user" as const, content: prompt }];
    const whole = await client.chat.completions.create({
      model: student.id,
      messages,
      temperature: 0,
      seed: 1,
      max_tokens: 4,
    });
    const answer = whole.choices[0]!.message.content ?? "";
    expect(answer.length).toBeGreaterThan(0);
    let streamed = "";
    const stream = await client.chat.completions.create({
      model: student.id,
      messages,
      temperature: 0,
      seed: 1,
      max_tokens: 4,
      stream: true,
    });
    for await (const chunk of stream) {
      expect(chunk.model).toBe(student.id);
      streamed += chunk.choices[0]?.delta.content ?? "";
    }
    expect(streamed).toBe(answer);

    // The snippet itself, unchanged but for the port.
    const python = ensureOpenAIPython();
    const script = path.join(directory, "readme_snippet.py");
    expect(snippet).toContain('base_url="http://127.0.0.1:8080/v1"');
    writeFileSync(script, snippet.replace("http://127.0.0.1:8080/v1", url));
    const { stdout } = await promisify(execFile)(python, [script], { timeout: 120_000 });
    // temperature 0 and no seed: the same greedy answer the npm client got.
    expect(stdout).toBe(`${answer}\n`);

    server.kill("SIGINT");
    expect(await new Promise((resolve) => server?.once("exit", resolve))).toBe(0);
  }, 900_000);
});
