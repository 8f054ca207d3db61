/** Settings of the `accelerate launch` configuration Synthforge writes. */
export interface FsdpConfigOptions {
  /** Processes (one per GPU; 1 on a CPU). */
  processes: number;
  /** Machines taking part; each runs `accelerate launch` with its own `machineRank`. */
  machines?: number;
  machineRank?: number;
  /** Address and port of machine 0, for several machines. */
  mainProcessIp?: string;
  mainProcessPort?: number;
  /** `no`, `bf16` or `fp16` (the job's mixed precision, resolved). */
  mixedPrecision: "no" | "bf16" | "fp16";
  /** True on a machine without a GPU. */
  cpu: boolean;
}

/**
 * The YAML of an `accelerate` configuration that shards the model with FSDP (version 2,
 * one wrap per transformer block, full state dict gathered on save). Written next to the
 * training output so the run can be repeated with `accelerate launch --config_file`.
 */
export function fsdpConfigText(options: FsdpConfigOptions): string {
  const machines = options.machines ?? 1;
  const lines = [
    "# Written by synthforge train --launcher accelerate.",
    "compute_environment: LOCAL_MACHINE",
    "distributed_type: FSDP",
    `num_processes: ${options.processes * machines}`,
    `num_machines: ${machines}`,
    `machine_rank: ${options.machineRank ?? 0}`,
    ...(machines > 1
      ? [
          `main_process_ip: ${options.mainProcessIp ?? "127.0.0.1"}`,
          `main_process_port: ${options.mainProcessPort ?? 29500}`,
        ]
      : []),
    `mixed_precision: '${options.mixedPrecision}'`,
    `use_cpu: ${options.cpu}`,
    "rdzv_backend: static",
    "same_network: true",
    "fsdp_config:",
    "  fsdp_version: 2",
    "  fsdp_auto_wrap_policy: TRANSFORMER_BASED_WRAP",
    "  fsdp_reshard_after_forward: true",
    "  fsdp_offload_params: false",
    "  fsdp_cpu_ram_efficient_loading: false",
    "  fsdp_state_dict_type: FULL_STATE_DICT",
    "  fsdp_activation_checkpointing: false",
  ];
  return `${lines.join("\n")}\n`;
}
