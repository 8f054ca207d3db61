"""Configuration dataclasses of the worker's jobs, with help text (TRL style).

Field names are snake_case versions of the protocol's camelCase fields
(src/worker/protocol.ts); `from_params` converts and fills defaults.
"""

from __future__ import annotations

import dataclasses
import re
from dataclasses import dataclass, field
from typing import Any, TypeVar

T = TypeVar("T")


def _help(text: str, default: Any = dataclasses.MISSING, factory: Any = dataclasses.MISSING) -> Any:
    if factory is not dataclasses.MISSING:
        return field(default_factory=factory, metadata={"help": text})
    return field(default=default, metadata={"help": text})


@dataclass
class StageConfig:
    name: str = _help("Stage name, e.g. general or domain.")
    data: str = _help("JSONL file of the stage's training examples.")
    epochs: float | None = _help("Epochs of this stage; None uses TrainConfig.epochs.", None)


@dataclass
class TrainConfig:
    """Everything one fine-tuning job needs; saved as resolved_config.json beside the adapter."""

    output: str = _help("Folder for the adapter, checkpoints and the resolved config.")
    stages: list[StageConfig] = _help(
        "Datasets trained on in order (general first, then domain).", factory=list
    )
    base_model: str = _help("Hugging Face model folder, hub id, or GGUF file.", "smollm2-135m-instruct")
    method: str = _help("lora, prefix (prefix tuning) or full (all weights).", "lora")
    task: str = _help(
        "classification (generate the label), sft (chat-style) or token-classification (a tagging head).",
        "classification",
    )
    lora_rank: int = _help("LoRA rank r.", 8)
    lora_alpha: float = _help("LoRA alpha; the update is scaled by alpha / r.", 16.0)
    lora_dropout: float = _help("Dropout on the LoRA input.", 0.1)
    lora_target_modules: list[str] | None = _help("Modules LoRA wraps; None picks per architecture.", None)
    prefix_virtual_tokens: int = _help("Virtual tokens of prefix tuning.", 20)
    learning_rate: float = _help("Peak learning rate (after warm-up).", 3e-5)
    min_learning_rate: float = _help("Floor of the cosine schedule.", 1e-6)
    warmup_ratio: float = _help("Share of the optimizer steps spent warming up linearly.", 0.05)
    epochs: float = _help("Epochs over each stage's data.", 3.0)
    max_steps: int | None = _help("Stop after this many optimizer steps in total (overrides epochs).", None)
    batch_size: int = _help("Examples per micro-batch.", 4)
    gradient_accumulation: int = _help("Micro-batches per optimizer step.", 8)
    weight_decay: float = _help("AdamW weight decay (not applied to biases and norms).", 0.01)
    dropout: float = _help("Dropout of the model's own layers during training.", 0.1)
    early_stopping_patience: int = _help("Validations without improvement before stopping; 0 = off.", 3)
    ema: float | None = _help("EMA decay of the trained weights; None turns EMA off.", 0.999)
    gradient_checkpointing: bool = _help("Recompute activations in the backward pass to save memory.", True)
    mixed_precision: str = _help("auto (bf16/fp16 on GPU, fp32 on CPU), no, bf16 or fp16.", "auto")
    max_length: int = _help(
        "Longest tokenized example; longer ones are cut from the left of the prompt.", 256
    )
    control_fields: list[str] = _help("Record fields turned into control tokens <field=value>.", factory=list)
    validation: str | None = _help("Validation JSONL; None splits the last stage's data.", None)
    validation_share: float = _help("Share held out for validation when splitting.", 0.1)
    test_share: float = _help("Share held out for the test split when splitting.", 0.1)
    validation_limit: int = _help("At most this many validation examples per validation.", 200)
    eval_every: int = _help("Optimizer steps between validations; 0 picks about 10 per run.", 0)
    checkpoint_every: int = _help(
        "Optimizer steps between checkpoints; 0 = only at the end or on cancel.", 50
    )
    text_field: str = _help("Record field with the input text (classification).", "text")
    label_field: str = _help("Record field with the label (classification).", "label")
    labels: list[str] | None = _help("The label set; None takes the labels seen in the data.", None)
    instruction: str | None = _help(
        "Instruction shown before the text; None builds one from the labels.", None
    )
    seed: int = _help("Seed of data order, splits and initialisation.", 42)
    resume: bool = _help("Continue from the latest checkpoint in output when there is one.", True)
    export_merged: bool = _help("Also write the base model with the adapter merged in.", False)
    export_gguf: bool = _help("Also write the adapter as a GGUF LoRA for llama.cpp (Llama models).", True)
    model_cache_dir: str | None = _help("Where dequantized GGUF base models are cached.", None)


@dataclass
class EvaluationModel:
    name: str = _help("Column name in the results (base, tuned).")
    base_model: str = _help("Base model as in TrainConfig.")
    adapter: str | None = _help("PEFT adapter folder; None evaluates the base alone.", None)


@dataclass
class EvaluationDataset:
    name: str = _help("Dataset name in the results (held-out, reference).")
    examples: list[dict[str, Any]] = _help("Examples {text, label, controls}.", factory=list)


@dataclass
class EvaluateConfig:
    models: list[EvaluationModel] = _help("Models compared side by side.", factory=list)
    datasets: list[EvaluationDataset] = _help("Datasets every model is evaluated on.", factory=list)
    task: str = _help("classification, sft or token-classification.", "classification")
    labels: list[str] | None = _help("The label set; None takes the labels in the datasets.", None)
    instruction: str | None = _help("Instruction as used in training.", None)
    max_length: int = _help("Longest tokenized prompt.", 256)
    max_new_tokens: int = _help("Generation length for sft.", 64)
    translation_target: str | None = _help(
        "Target language of a translation evaluation (sacrebleu chrF and BLEU); None: not one.", None
    )
    batch_size: int = _help("Examples scored at once.", 8)
    model_cache_dir: str | None = _help("Where dequantized GGUF base models are cached.", None)


@dataclass
class ExportConfig:
    base_model: str = _help("Base model the adapter was trained on.")
    adapter: str = _help("PEFT adapter folder.")
    merged: bool = _help("Write merged weights.", False)
    gguf: bool = _help("Write a GGUF LoRA adapter.", True)
    model_cache_dir: str | None = _help("Where dequantized GGUF base models are cached.", None)


_NESTED: dict[tuple[type, str], type] = {
    (TrainConfig, "stages"): StageConfig,
    (EvaluateConfig, "models"): EvaluationModel,
    (EvaluateConfig, "datasets"): EvaluationDataset,
}


def snake_case(name: str) -> str:
    return re.sub(r"(?<!^)(?=[A-Z])", "_", name).lower()


def from_params(cls: type[T], params: dict[str, Any]) -> T:
    """Builds a config dataclass from protocol params (camelCase), filling defaults."""
    names = {f.name for f in dataclasses.fields(cls)}  # type: ignore[arg-type]
    values: dict[str, Any] = {}
    for key, value in params.items():
        name = snake_case(key)
        if name not in names:
            raise ValueError(f"unknown field {key!r} for {cls.__name__}")
        nested = _NESTED.get((cls, name))
        if nested is not None and isinstance(value, list):
            value = [from_params(nested, item) if isinstance(item, dict) else item for item in value]
        values[name] = value
    return cls(**values)


def to_dict(config: Any) -> dict[str, Any]:
    return dataclasses.asdict(config)
