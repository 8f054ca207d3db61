import { afterEach, describe, expect, it, vi } from "vitest";
import { captureOutput } from "../../test/support/captureOutput.js";
import { main } from "./main.js";

afterEach(() => {
  vi.restoreAllMocks();
});

/** Runs the CLI with `args`; its exit code and what it wrote to stderr. */
async function cli(...args: string[]) {
  const { err } = captureOutput();
  const code = await main(["node", "synthforge", ...args]);
  return { code, err: err.join("") };
}

describe("a wrong flag value", () => {
  // Each refused before any model loads or any file is written: one sentence naming the flag as typed.
  it.each([
    [["serve", "--stream-interval", "soon"], "--stream-interval: expected a whole number of milliseconds"],
    [["serve", "--stream-interval", "5000"], "--stream-interval: expected at most 1000 milliseconds"],
    [["serve", "--max-body", "10"], "--max-body: expected a size in bytes, at least 1024"],
    [["train", "examples/sentiment-en.yaml", "--max-length", "-3"], "--max-length: expected"],
    [["run", "examples/sentiment-en.yaml", "--count", "0"], "--count: expected a whole number of records"],
  ])("synthforge %j is refused naming the flag", async (args, message) => {
    const { code, err } = await cli(...args);
    expect(code).not.toBe(0);
    expect(err).toContain(message);
    expect(err).not.toMatch(/--[a-z]+[A-Z]/);
  });
});
