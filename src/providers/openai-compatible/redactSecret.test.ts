import { describe, expect, it } from "vitest";
import { redactSecret } from "./redactSecret.js";

describe("redactSecret", () => {
  const key = "sk-test-1234567890abcdef";

  it("removes every occurrence of the key", () => {
    const text = `Incorrect API key provided: ${key}. You passed ${key}.`;
    const redacted = redactSecret(text, key);
    expect(redacted).not.toContain(key);
    expect(redacted).toBe("Incorrect API key provided: [redacted]. You passed [redacted].");
  });

  it("removes bearer tokens even when the key is unknown", () => {
    expect(redactSecret('{"authorization": "Bearer abc.def-123"}', undefined)).toBe(
      '{"authorization": "Bearer [redacted]"}',
    );
  });

  it("removes credentials written into a URL", () => {
    expect(redactSecret("request to http://user:pa55@127.0.0.1:8080/v1 failed", undefined)).toBe(
      "request to http://[redacted]@127.0.0.1:8080/v1 failed",
    );
  });

  it("leaves text without secrets unchanged", () => {
    expect(redactSecret("server answered 500", key)).toBe("server answered 500");
    expect(redactSecret("server answered 500", "")).toBe("server answered 500");
  });
});
