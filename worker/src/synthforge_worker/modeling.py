"""Loading base models (HF folder, hub id, GGUF file) and wrapping them for a method."""

from __future__ import annotations

import hashlib
import logging
import os
import shutil
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import torch
from torch import nn

from .config import TrainConfig
from .data import Example, control_token

log = logging.getLogger("synthforge_worker")

# Modules LoRA wraps, per `config.model_type`; anything else falls back to peft's own table.
LORA_TARGET_MODULES: dict[str, list[str]] = {
    "gpt2": ["c_attn"],
    "llama": ["q_proj", "k_proj", "v_proj", "o_proj"],
    "mistral": ["q_proj", "k_proj", "v_proj", "o_proj"],
    "qwen2": ["q_proj", "k_proj", "v_proj", "o_proj"],
    "qwen3": ["q_proj", "k_proj", "v_proj", "o_proj"],
    "gemma": ["q_proj", "k_proj", "v_proj", "o_proj"],
    "phi3": ["qkv_proj", "o_proj"],
    "opt": ["q_proj", "k_proj", "v_proj", "out_proj"],
    "gpt_neox": ["query_key_value"],
    "bloom": ["query_key_value"],
    "falcon": ["query_key_value"],
}

DROPOUT_CONFIG_KEYS = ("attention_dropout", "hidden_dropout", "resid_pdrop", "embd_pdrop", "attn_pdrop")


class ModelLoadError(RuntimeError):
    """The base model or adapter could not be loaded."""


@dataclass
class LoadedModel:
    model: Any
    tokenizer: Any
    source: str
    gguf_file: str | None


def _gguf_cache_dir(path: Path, cache_root: str | None) -> Path | None:
    if cache_root is None:
        return None
    stat = path.stat()
    key = hashlib.sha256(f"{path.resolve()}:{stat.st_size}:{stat.st_mtime_ns}".encode()).hexdigest()[:16]
    return Path(cache_root) / f"{path.stem}-{key}"


def load_base(
    base_model: str, cache_root: str | None = None, dtype: torch.dtype = torch.float32
) -> LoadedModel:
    """Loads a causal LM and its tokenizer; GGUF files are dequantized by transformers (and cached)."""
    from transformers import AutoModelForCausalLM, AutoTokenizer

    path = Path(base_model)
    gguf_file: str | None = None
    try:
        if path.suffix == ".gguf":
            if not path.is_file():
                raise ModelLoadError(f"GGUF file not found: {base_model}")
            gguf_file = str(path.resolve())
            cached = _gguf_cache_dir(path, cache_root)
            if cached is not None and (cached / "config.json").is_file():
                model = AutoModelForCausalLM.from_pretrained(cached, dtype=dtype)
                tokenizer = AutoTokenizer.from_pretrained(cached)
            else:
                log.info("dequantizing %s (once; cached afterwards)", path.name)
                model = AutoModelForCausalLM.from_pretrained(path.parent, gguf_file=path.name, dtype=dtype)
                tokenizer = AutoTokenizer.from_pretrained(path.parent, gguf_file=path.name)
                forget_gguf_quantization(model)
                if cached is not None:
                    _save_dequantized(model, tokenizer, cached)
        else:
            model = AutoModelForCausalLM.from_pretrained(base_model, dtype=dtype)
            tokenizer = AutoTokenizer.from_pretrained(base_model)
    except ModelLoadError:
        raise
    except (OSError, ValueError) as error:
        raise ModelLoadError(f"could not load base model {base_model}: {error}") from error
    if tokenizer.pad_token is None:
        tokenizer.pad_token = tokenizer.eos_token
    tokenizer.padding_side = "right"
    return LoadedModel(model=model, tokenizer=tokenizer, source=base_model, gguf_file=gguf_file)


def forget_gguf_quantization(model: Any) -> None:
    """A GGUF model arrives dequantized to plain tensors but still marked quantized, which
    blocks `save_pretrained` (checkpoints, merged exports); drop the stale marks."""
    model.hf_quantizer = None
    if hasattr(model.config, "quantization_config"):
        del model.config.quantization_config


def _save_dequantized(model: Any, tokenizer: Any, target: Path) -> None:
    temporary = target.with_name(target.name + f".tmp{os.getpid()}")
    try:
        model.save_pretrained(temporary)
        tokenizer.save_pretrained(temporary)
        os.replace(temporary, target)
    except OSError as error:
        if (target / "config.json").is_file():
            # Another process dequantized the same file at the same time and cached it first.
            shutil.rmtree(temporary, ignore_errors=True)
            return
        log.warning("could not cache the dequantized model: %s", error)
        shutil.rmtree(temporary, ignore_errors=True)


def set_dropout(model: nn.Module, dropout: float) -> None:
    """Sets the model's own dropout (config and modules) before adapters are added."""
    for key in DROPOUT_CONFIG_KEYS:
        if hasattr(model.config, key):
            setattr(model.config, key, dropout)
    for module in model.modules():
        if isinstance(module, nn.Dropout):
            module.p = dropout
        elif isinstance(getattr(module, "attention_dropout", None), float):
            module.attention_dropout = dropout


def add_control_tokens(model: Any, tokenizer: Any, tokens: list[str]) -> list[int]:
    """Adds control tokens as special tokens and resizes the embeddings; returns their ids."""
    new = [t for t in tokens if t not in tokenizer.get_vocab()]
    if new:
        tokenizer.add_special_tokens({"additional_special_tokens": new}, replace_extra_special_tokens=False)
        model.resize_token_embeddings(len(tokenizer), mean_resizing=True)
    return [tokenizer.convert_tokens_to_ids(t) for t in tokens]


def target_modules_for(model: Any, configured: list[str] | None) -> list[str] | None:
    if configured:
        return configured
    return LORA_TARGET_MODULES.get(model.config.model_type)


def wrap_for_method(
    model: Any,
    *,
    method: str,
    lora_rank: int,
    lora_alpha: float,
    lora_dropout: float,
    lora_target_modules: list[str] | None,
    prefix_virtual_tokens: int,
    control_token_ids: list[int] | None = None,
    task_type: str = "CAUSAL_LM",
) -> Any:
    """Returns the model ready to train: a PeftModel for lora/prefix, the model itself for full.
    `task_type` is PEFT's: CAUSAL_LM, or TOKEN_CLS for a tagging head (which then trains too)."""
    if method == "full":
        for parameter in model.parameters():
            parameter.requires_grad_(True)
        return model
    from peft import LoraConfig, PrefixTuningConfig, TaskType, get_peft_model

    if method == "lora":
        extra: dict[str, Any] = {}
        if control_token_ids:
            extra["trainable_token_indices"] = {"embed_tokens": control_token_ids}
        config: Any = LoraConfig(
            task_type=TaskType[task_type],
            r=lora_rank,
            lora_alpha=lora_alpha,
            lora_dropout=lora_dropout,
            target_modules=target_modules_for(model, lora_target_modules),
            **extra,
        )
    elif method == "prefix":
        config = PrefixTuningConfig(task_type=TaskType[task_type], num_virtual_tokens=prefix_virtual_tokens)
    else:
        raise ValueError(f"unknown method {method!r}")
    return get_peft_model(model, config)


def trainable_parameters(model: nn.Module) -> dict[str, nn.Parameter]:
    return {name: p for name, p in model.named_parameters() if p.requires_grad}


def count_parameters(model: nn.Module) -> tuple[int, int]:
    total = sum(p.numel() for p in model.parameters())
    trainable = sum(p.numel() for p in model.parameters() if p.requires_grad)
    return trainable, total


def load_for_inference(base_model: str, adapter: str | None, cache_root: str | None) -> LoadedModel:
    """Base model, with a PEFT adapter (and the tokenizer saved beside it) when given."""
    loaded = load_base(base_model, cache_root)
    if adapter is not None:
        from peft import PeftModel
        from transformers import AutoTokenizer

        adapter_path = Path(adapter)
        if not (adapter_path / "adapter_config.json").is_file():
            raise ModelLoadError(f"not a PEFT adapter folder (no adapter_config.json): {adapter}")
        if (adapter_path / "tokenizer_config.json").is_file():
            loaded.tokenizer = AutoTokenizer.from_pretrained(adapter_path)
            if len(loaded.tokenizer) != loaded.model.get_input_embeddings().weight.shape[0]:
                loaded.model.resize_token_embeddings(len(loaded.tokenizer))
        loaded.model = PeftModel.from_pretrained(loaded.model, adapter_path)
    loaded.model.eval()
    return loaded


def prepare_for_training(
    model: Any, tokenizer: Any, config: TrainConfig, examples: list[Example]
) -> tuple[Any, dict[str, Any], bool | None]:
    """Dropout, control tokens, the method's wrapping (LoRA, prefix, full), gradient
    checkpointing, and no key/value cache. Returns the model to train, what was resolved
    (control tokens, LoRA target modules) and the `use_cache` setting to restore after training
    (None when it was left alone)."""
    c = config
    resolved: dict[str, Any] = {}
    set_dropout(model, c.dropout)
    control_ids: list[int] | None = None
    if c.control_fields:
        values = sorted({control_token(k, v) for e in examples for k, v in (e.controls or {}).items()})
        control_ids = add_control_tokens(model, tokenizer, values)
        resolved["control_tokens"] = values
    if c.method == "lora":
        resolved["lora_target_modules"] = target_modules_for(model, c.lora_target_modules)
    model = wrap_for_method(
        model,
        method=c.method,
        lora_rank=c.lora_rank,
        lora_alpha=c.lora_alpha,
        lora_dropout=c.lora_dropout,
        lora_target_modules=c.lora_target_modules,
        prefix_virtual_tokens=c.prefix_virtual_tokens,
        control_token_ids=control_ids,
        task_type="TOKEN_CLS" if c.task == "token-classification" else "CAUSAL_LM",
    )
    if c.gradient_checkpointing and c.method != "prefix":
        model.gradient_checkpointing_enable(gradient_checkpointing_kwargs={"use_reentrant": False})
    # No key/value cache while training: a forward pass would fill one for every layer only to
    # throw it away (about 9% of the peak memory and 7% of the time for SmolLM2-135M on CPU).
    # Restored after training, for generation with the trained model. (Prefix tuning feeds its
    # prefix through that cache, so it keeps it.)
    use_cache: bool | None = None
    if c.method != "prefix":
        use_cache = getattr(model.config, "use_cache", None)
        model.config.use_cache = False
    return model, resolved, use_cache
