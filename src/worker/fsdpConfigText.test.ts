import { describe, expect, it } from "vitest";
import { parse } from "yaml";
import { fsdpConfigText } from "./fsdpConfigText.js";

describe("fsdpConfigText", () => {
  it("writes an accelerate FSDP configuration for one machine", () => {
    const config = parse(fsdpConfigText({ processes: 4, mixedPrecision: "bf16", cpu: false }));
    expect(config).toMatchObject({
      distributed_type: "FSDP",
      num_processes: 4,
      num_machines: 1,
      mixed_precision: "bf16",
      use_cpu: false,
      fsdp_config: { fsdp_version: 2, fsdp_auto_wrap_policy: "TRANSFORMER_BASED_WRAP" },
    });
    expect(config.main_process_ip).toBeUndefined();
  });

  it("counts every machine's processes and names the main one for several machines", () => {
    const config = parse(
      fsdpConfigText({
        processes: 8,
        machines: 2,
        machineRank: 1,
        mainProcessIp: "10.0.0.1",
        mixedPrecision: "no",
        cpu: false,
      }),
    );
    expect(config).toMatchObject({
      num_processes: 16,
      num_machines: 2,
      machine_rank: 1,
      main_process_ip: "10.0.0.1",
    });
  });
});
