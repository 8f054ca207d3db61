// Bad recipes, bad seed files and bad model files through the real CLI: one sentence on
// stderr naming the file, the line or the field and what was expected, a non-zero exit
// code, and a store that is exactly as it was.
import { execFile } from "node:child_process";
import { createHash } from "node:crypto";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { openStore } from "../../src/store/openStore.js";

const cli = fileURLToPath(new URL("../../bin/synthforge.js", import.meta.url));
let directory: string;
let storeFile: string;
let storeHash: string;

const schema = `{ type: object, properties: { text: { type: string }, label: { type: string, enum: [good, bad] } }, required: [text, label] }`;
const recipe = (extra: string) => `name: bad-input
output:
  schema: ${schema}
  labelField: label
dimensions:
  label: [good, bad]
plan: { count: 4 }
template:
  prompt: Write a {{ label }} review.
${extra}`;

/** File name → content, written into the test folder. */
const files: Record<string, string> = {
  "unknown-key.yaml": recipe("").replace("plan: { count: 4 }", "plan:\n  count: 4\n  colour: blue"),
  "wrong-type.yaml": recipe("").replace("plan: { count: 4 }", "plan:\n  count: many"),
  "not-yaml.yaml": "name: bad-input\noutput:\n  schema: [unclosed\n",
  "no-output.yaml": "name: bad-input\nplan: { count: 4 }\ntemplate: { prompt: hi }\n",
  "schema-not-object.yaml": recipe("").replace(schema, "{ type: string }"),
  "broken-line.yaml": recipe("seeds: { file: broken-line.jsonl }\n"),
  "broken-line.jsonl": `{"text": "fine", "label": "good"}\n{"text": "also fine", "label": "bad"}\n{"text": "cut off", "label":\n`,
  "off-schema.yaml": recipe("seeds: { file: off-schema.jsonl }\n"),
  "off-schema.jsonl": `{"text": "fine", "label": "good"}\n{"text": "wrong label", "label": "so-so"}\n`,
  "missing-column.yaml": recipe("seeds: { file: missing-column.csv }\n"),
  "missing-column.csv": "text,mood\nlovely,good\n",
  "missing-seeds.yaml": recipe("seeds: { file: nowhere.jsonl }\n"),
  "not-gguf.yaml": recipe("model: { name: ./weights.gguf }\n"),
  "weights.gguf": "these are not model weights",
  "missing-model.yaml": recipe("model: { name: ./absent/model.gguf }\n"),
  "unknown-model.yaml": recipe("model: { name: gpt-17-mini }\n"),
};

/** Runs the CLI in the test folder; resolves with its exit code and output. */
function synthforge(...args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    execFile(
      process.execPath,
      [cli, ...args],
      { cwd: directory, env: { ...process.env, CI: "1" } },
      (error, stdout, stderr) => {
        resolve({ code: error ? Number(error.code ?? 1) : 0, stdout, stderr });
      },
    );
  });
}

function hashOf(file: string): string {
  return createHash("sha256").update(readFileSync(file)).digest("hex");
}

beforeAll(() => {
  directory = mkdtempSync(path.join(os.tmpdir(), "synthforge-bad-input-"));
  for (const [name, content] of Object.entries(files)) writeFileSync(path.join(directory, name), content);
  storeFile = path.join(directory, "store.sqlite");
  openStore(storeFile).close();
  storeHash = hashOf(storeFile);
});

afterAll(() => {
  if (directory) rmSync(directory, { recursive: true, force: true });
});

const cases: [file: string, expected: RegExp][] = [
  ["unknown-key.yaml", /^unknown-key\.yaml:9:3: field `plan` has unknown key `colour`/],
  ["wrong-type.yaml", /^wrong-type\.yaml:8:10: field `plan\.count` expected number, got "many"/],
  ["not-yaml.yaml", /^not-yaml\.yaml:\d+:\d+: is not valid YAML: /],
  ["no-output.yaml", /^no-output\.yaml:1:1: field `output` is required/],
  [
    "schema-not-object.yaml",
    /^schema-not-object\.yaml:3:\d+: field `output\.schema` expected a valid JSON Schema/,
  ],
  ["broken-line.yaml", /^broken-line\.jsonl:3: expected a JSON object/],
  [
    "off-schema.yaml",
    /^off-schema\.jsonl:2: expected an example that matches output\.schema, but its field label/,
  ],
  ["missing-column.yaml", /^missing-column\.csv:1: missing column "label"/],
  [
    "missing-seeds.yaml",
    /^missing-seeds\.yaml:\d+:\d+: field `seeds\.file` names nowhere\.jsonl \(.*\), which is missing; expected a file/,
  ],
  ["not-gguf.yaml", /weights\.gguf is not a GGUF file/],
  ["missing-model.yaml", /absent\/model\.gguf does not exist/],
  [
    "unknown-model.yaml",
    /^Unknown model "gpt-17-mini"; known models are: qwen2.5-coder-0.5b-instruct, qwen2.5-coder-1.5b-instruct, smollm2-135m-instruct/,
  ],
];

describe("bad input through `synthforge run`", () => {
  it.each(cases)("%s: one sentence, a non-zero exit, the store unchanged", async (file, expected) => {
    const { code, stdout, stderr } = await synthforge("run", file, "--store", "store.sqlite");
    expect(code, stderr).not.toBe(0);
    expect(stdout).toBe("");
    const lines = stderr.trim().split("\n");
    expect(lines, stderr).toHaveLength(1);
    expect(lines[0]).toMatch(/^error: /);
    const message = lines[0]!.slice("error: ".length);
    expect(message).toMatch(expected);
    expect(message).not.toMatch(/\n|at .*\(.*:\d+:\d+\)/);
    expect(hashOf(storeFile)).toBe(storeHash);
  });

  it("rejects a bad flag with the flag's name and exit code 2", async () => {
    const { code, stderr } = await synthforge("run", "unknown-key.yaml", "--count", "lots");
    expect(code).toBe(2);
    expect(stderr.trim()).toBe("error: --count: expected a whole number of records, at least 1.");
  });

  it("leaves no run in the store after all of the above", () => {
    const store = openStore(storeFile);
    try {
      expect(store.listRuns()).toEqual([]);
    } finally {
      store.close();
    }
  });
});
