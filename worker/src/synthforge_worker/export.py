"""Exports: merged weights, and a GGUF LoRA adapter that llama.cpp (node-llama-cpp) loads.

The GGUF adapter follows llama.cpp's convert_lora_to_gguf.py: general.type = adapter,
adapter.type = lora, adapter.lora.alpha, and for every wrapped weight `<gguf name>.lora_a`
(PEFT's A, shape [r, in]) and `<gguf name>.lora_b` (PEFT's B, shape [out, r]). Llama-family
GGUF files store the query and key projections with their rows permuted for llama.cpp's rope,
so B of q_proj/k_proj gets the same permutation.
"""

from __future__ import annotations

import logging
import shutil
from pathlib import Path
from typing import Any

import torch

from .config import TrainConfig

log = logging.getLogger("synthforge_worker")


class ExportUnsupported(ValueError):
    """The adapter cannot be written in the requested format (architecture, method)."""


# model_type → (gguf architecture name, whether q/k rows are permuted as in LlamaModel)
GGUF_ARCHITECTURES: dict[str, tuple[str, bool]] = {
    "llama": ("LLAMA", True),
    "mistral": ("LLAMA", True),
    "qwen2": ("QWEN2", False),
    "gpt2": ("GPT2", False),
}


def permute_rows(weight: torch.Tensor, heads: int, kv_heads: int | None = None) -> torch.Tensor:
    """llama.cpp's LlamaModel.permute, applied to the output rows of a weight (or of LoRA's B)."""
    if kv_heads is not None and heads != kv_heads:
        heads = kv_heads
    return (
        weight.reshape(heads, 2, weight.shape[0] // heads // 2, *weight.shape[1:])
        .swapaxes(1, 2)
        .reshape(weight.shape)
    )


def _lora_pairs(model: Any) -> list[tuple[str, torch.Tensor, torch.Tensor, float]]:
    """(base weight name, A, B, alpha) for every LoRA layer of the default adapter."""
    from peft.tuners.lora import LoraLayer

    pairs = []
    for name, module in model.named_modules():
        if not isinstance(module, LoraLayer) or "default" not in module.lora_A:
            continue
        a = module.lora_A["default"].weight.detach().float().cpu()
        b = module.lora_B["default"].weight.detach().float().cpu()
        rank = module.r["default"]
        alpha = module.lora_alpha["default"]
        if module.use_dora.get("default", False):
            raise ExportUnsupported("DoRA adapters have no GGUF LoRA form")
        base = name.replace("base_model.model.", "", 1)
        pairs.append((f"{base}.weight", a, b, float(alpha) / rank))
    return pairs


def export_gguf_lora(model: Any, target: Path) -> str:
    """Writes the PEFT LoRA of `model` as a GGUF adapter; returns the file path."""
    import gguf

    config = model.config if hasattr(model, "config") else model.base_model.config
    model_type = getattr(config, "model_type", None)
    if model_type not in GGUF_ARCHITECTURES:
        raise ExportUnsupported(f"no GGUF LoRA mapping for architecture {model_type!r}")
    peft_config = getattr(model, "peft_config", {}).get("default")
    if peft_config is None or type(peft_config).__name__ != "LoraConfig":
        raise ExportUnsupported("only LoRA adapters can be exported to GGUF")
    if getattr(peft_config, "trainable_token_indices", None):
        raise ExportUnsupported("adapters with trained control-token embeddings have no GGUF LoRA form")
    arch_name, permuted = GGUF_ARCHITECTURES[model_type]
    arch = getattr(gguf.MODEL_ARCH, arch_name)
    layers = config.num_hidden_layers
    names = gguf.get_tensor_name_map(arch, layers)
    heads = config.num_attention_heads
    kv_heads = getattr(config, "num_key_value_heads", heads)

    pairs = _lora_pairs(model)
    if not pairs:
        raise ExportUnsupported("the model has no LoRA layers")
    scales = {round(scale * peft_config.r, 6) for *_, scale in pairs}
    alpha = float(peft_config.lora_alpha)
    if len(scales) != 1:
        raise ExportUnsupported("per-layer ranks or alphas are not supported in GGUF adapters")

    target.parent.mkdir(parents=True, exist_ok=True)
    writer = gguf.GGUFWriter(str(target), gguf.MODEL_ARCH_NAMES[arch])
    writer.add_type(gguf.GGUFType.ADAPTER)
    writer.add_string(gguf.Keys.Adapter.TYPE, "lora")
    writer.add_float32(gguf.Keys.Adapter.LORA_ALPHA, alpha)
    writer.add_name("synthforge LoRA adapter")
    for base_name, a, b, _scale in pairs:
        gguf_name = names.get_name(base_name, try_suffixes=(".weight", ".bias"))
        if gguf_name is None:
            raise ExportUnsupported(f"no GGUF name for {base_name}")
        if permuted and base_name.endswith("q_proj.weight"):
            b = permute_rows(b, heads, heads)
        elif permuted and base_name.endswith("k_proj.weight"):
            b = permute_rows(b, heads, kv_heads)
        writer.add_tensor(f"{gguf_name}.lora_a", a.contiguous().numpy())
        writer.add_tensor(f"{gguf_name}.lora_b", b.contiguous().numpy())
    writer.write_header_to_file()
    writer.write_kv_data_to_file()
    writer.write_tensors_to_file()
    writer.close()
    return str(target)


def export_merged(model: Any, tokenizer: Any, target: Path) -> str:
    """Writes the base model with the adapter merged in (plain transformers weights)."""
    import copy

    merged = copy.deepcopy(model).merge_and_unload()
    merged.config.use_cache = True
    merged.save_pretrained(target)
    tokenizer.save_pretrained(target)
    return str(target)


def save_outputs(model: Any, tokenizer: Any, config: TrainConfig, output: Path) -> dict[str, str]:
    """Saves the trained model (full) or adapter (LoRA, prefix) with its tokenizer, and for LoRA
    the GGUF adapter and merged weights when asked; returns the files by kind."""
    c = config
    files: dict[str, str] = {"resolvedConfig": str(output / "resolved_config.json")}
    if c.method == "full":
        target = output / "model"
        model.config.use_cache = True
        model.save_pretrained(target)
        tokenizer.save_pretrained(target)
        files["model"] = str(target)
    else:
        target = output / "adapter"
        model.save_pretrained(target)
        tokenizer.save_pretrained(target)
        shutil.copy(output / "resolved_config.json", target / "resolved_config.json")
        files["adapter"] = str(target)
    if c.method == "lora" and c.task != "token-classification":
        # (A tagging head has no llama.cpp form: its adapter is loaded by the worker.)
        if c.export_gguf:
            try:
                files["ggufAdapter"] = export_gguf_lora(model, output / "adapter.gguf")
            except ExportUnsupported as error:
                log.warning("GGUF adapter not written: %s", error)
                files["ggufAdapterSkipped"] = str(error)
        if c.export_merged:
            files["merged"] = export_merged(model, tokenizer, output / "merged")
    return files
