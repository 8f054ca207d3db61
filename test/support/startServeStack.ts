import type { ServedModel } from "../../src/serve/runChoices.js";
import { startServer } from "../../src/serve/startServer.js";
import { type Fault, type FaultProxy, startFaultProxy } from "./faultProxy.js";

/** `synthforge serve` in this process with a fault-injecting proxy in front of it. */
export interface ServeStack {
  /** Base URL of the served API, straight to the server. */
  directUrl: string;
  /** Base URL through the proxy. */
  proxiedUrl: string;
  proxy: FaultProxy;
  close(): Promise<void>;
}

/** Starts the OpenAI-compatible server over `model` and a fault proxy before it, both on 127.0.0.1. */
export async function startServeStack(
  model: ServedModel,
  faults: Fault[] | ((index: number) => Fault),
  retryAfterSeconds = 1,
): Promise<ServeStack> {
  const server = await startServer({ model, port: 0, host: "127.0.0.1" });
  const origin = new URL(server.url).origin;
  const proxy = await startFaultProxy({ target: origin, faults, retryAfterSeconds });
  return {
    directUrl: server.url,
    proxiedUrl: `${proxy.origin}/v1`,
    proxy,
    close: async () => {
      await proxy.close();
      await server.close();
    },
  };
}
