import net from "node:net";
import { describe, expect, it } from "vitest";
import { UsageError } from "../core/errors/UsageError.js";
import { listenFailure } from "./listenFailure.js";

function listen(server: net.Server, port: number, host: string): Promise<unknown> {
  return new Promise((resolve) => {
    server.once("error", resolve);
    server.listen(port, host, () => resolve(undefined));
  });
}

describe("listenFailure", () => {
  it("turns a port already in use into one sentence naming --port", async () => {
    const first = net.createServer();
    await listen(first, 0, "127.0.0.1");
    const port = (first.address() as net.AddressInfo).port;
    const second = net.createServer();
    const error = await listen(second, port, "127.0.0.1");
    first.close();
    const failure = listenFailure(error, "127.0.0.1", port);
    expect(failure).toBeInstanceOf(UsageError);
    expect((failure as Error).message).toBe(`--port: port ${port} is in use; choose another.`);
  });

  it("passes other errors on unchanged", () => {
    const other = new Error("boom");
    expect(listenFailure(other, "127.0.0.1", 1)).toBe(other);
  });
});
