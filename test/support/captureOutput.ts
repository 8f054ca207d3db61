import { vi } from "vitest";

/**
 * Collects what the code under test writes to stdout and stderr (the CLI's output) instead of
 * printing it; undo with `vi.restoreAllMocks()`.
 */
export function captureOutput(): { out: string[]; err: string[] } {
  const out: string[] = [];
  const err: string[] = [];
  vi.spyOn(process.stdout, "write").mockImplementation((chunk) => {
    out.push(String(chunk));
    return true;
  });
  vi.spyOn(process.stderr, "write").mockImplementation((chunk) => {
    err.push(String(chunk));
    return true;
  });
  return { out, err };
}
