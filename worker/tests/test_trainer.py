"""The trainer on tiny models: loss falls, the right parameters change, EMA, early stopping, resume."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
import torch

from conftest import make_model, make_tokenizer
from synthforge_worker.config import StageConfig, TrainConfig
from synthforge_worker.trainer import Trainer


def config(tmp_path: Path, data: dict[str, str], **overrides: Any) -> TrainConfig:
    values: dict[str, Any] = {
        "output": str(tmp_path / "out"),
        "stages": [StageConfig(name="train", data=data["train"])],
        "validation": data["validation"],
        "method": "lora",
        "lora_rank": 4,
        "lora_alpha": 8,
        "learning_rate": 1e-2,
        "min_learning_rate": 1e-3,
        "batch_size": 8,
        "gradient_accumulation": 1,
        "epochs": 3,
        "ema": None,
        "gradient_checkpointing": False,
        "early_stopping_patience": 0,
        "export_gguf": False,
        "max_length": 64,
    }
    values.update(overrides)
    return TrainConfig(**values)


def mean(values: list[float]) -> float:
    return sum(values) / len(values)


def losses(result: dict[str, Any]) -> list[float]:
    return [point["loss"] for point in result["lossCurve"]]


@pytest.mark.parametrize("kind", ["gpt2", "llama"])
def test_lora_loss_falls_and_only_lora_weights_change(
    tmp_path: Path, data: dict[str, str], kind: str
) -> None:
    tokenizer = make_tokenizer()
    model = make_model(kind, len(tokenizer))
    before = {name: p.detach().clone() for name, p in model.named_parameters()}
    trainer = Trainer(config(tmp_path, data, gradient_checkpointing=True), model=model, tokenizer=tokenizer)
    result = trainer.train()
    curve = losses(result)
    assert mean(curve[-3:]) < mean(curve[:3])
    trained = trainer.model
    changed_lora = 0
    for name, parameter in trained.named_parameters():
        if "lora_" in name:
            changed_lora += int(not torch.equal(parameter.detach(), before.get(name, torch.zeros(0))))
        else:
            base_name = name.replace("base_model.model.", "").replace(".base_layer", "")
            assert torch.equal(parameter.detach(), before[base_name]), f"frozen weight changed: {name}"
    assert changed_lora > 0
    assert Path(result["files"]["adapter"], "adapter_config.json").is_file()
    resolved = json.loads(Path(result["files"]["resolvedConfig"]).read_text())
    expected = ["c_attn"] if kind == "gpt2" else ["q_proj", "k_proj", "v_proj", "o_proj"]
    assert resolved["resolved"]["lora_target_modules"] == expected


@pytest.mark.parametrize("method", ["prefix", "full"])
def test_prefix_tuning_and_full_fine_tuning_train(tmp_path: Path, data: dict[str, str], method: str) -> None:
    tokenizer = make_tokenizer()
    model = make_model("llama", len(tokenizer))
    learning_rate = 1e-2 if method == "prefix" else 3e-3
    result = Trainer(
        config(tmp_path, data, method=method, learning_rate=learning_rate, min_learning_rate=1e-4),
        model=model,
        tokenizer=tokenizer,
    ).train()
    curve = losses(result)
    assert mean(curve[-3:]) < mean(curve[:3])
    key = "model" if method == "full" else "adapter"
    assert Path(result["files"][key]).is_dir()


def test_ema_weights_differ_from_raw_weights(tmp_path: Path, data: dict[str, str]) -> None:
    tokenizer = make_tokenizer()
    trainer = Trainer(
        config(tmp_path, data, ema=0.9), model=make_model("gpt2", len(tokenizer)), tokenizer=tokenizer
    )
    trainer.train()
    assert trainer.ema is not None and trainer.raw_weights is not None
    differences = [
        float((s - r).abs().max()) for s, r in zip(trainer.ema.shadow, trainer.raw_weights, strict=True)
    ]
    assert max(differences) > 0


def test_early_stopping_triggers_on_a_rigged_validation_set(tmp_path: Path, data: dict[str, str]) -> None:
    tokenizer = make_tokenizer()
    result = Trainer(
        config(
            tmp_path,
            data,
            validation=data["rigged"],
            eval_every=1,
            early_stopping_patience=2,
            epochs=10,
            learning_rate=3e-2,
        ),
        model=make_model("llama", len(tokenizer)),
        tokenizer=tokenizer,
    ).train()
    assert result["stoppedEarly"] is True
    assert result["steps"] < result["totalSteps"]


def test_an_empty_validation_split_trains_every_step(tmp_path: Path, data: dict[str, str]) -> None:
    # One record per label: the stratified split leaves validation empty. Its loss read 0, no step
    # beat it, and early stopping kept the first step's weights.
    one_per_label = tmp_path / "one-per-label.jsonl"
    one_per_label.write_text(
        "".join(json.dumps({"text": f"review {i} of the shop", "label": f"l{i}"}) + "\n" for i in range(12))
    )
    tokenizer = make_tokenizer()
    result = Trainer(
        config(
            tmp_path,
            data,
            stages=[StageConfig(name="train", data=str(one_per_label))],
            validation=None,
            eval_every=1,
            early_stopping_patience=2,
            epochs=3,
        ),
        model=make_model("llama", len(tokenizer)),
        tokenizer=tokenizer,
    ).train()
    assert result["stoppedEarly"] is False
    assert result["steps"] == result["totalSteps"] > 1
    assert all("validationLoss" not in point for point in result["lossCurve"])


def test_resume_continues_from_the_checkpointed_step(tmp_path: Path, data: dict[str, str]) -> None:
    tokenizer = make_tokenizer()
    steps_seen: list[int] = []
    settings = {"max_steps": 8, "checkpoint_every": 0}
    first = Trainer(
        config(tmp_path, data, **settings),
        model=make_model("llama", len(tokenizer)),
        tokenizer=tokenizer,
        on_progress=lambda values: steps_seen.append(values["step"]),
        should_stop=lambda: len(steps_seen) >= 3,
    ).train()
    assert first["cancelled"] is True and first["steps"] == 3
    resumed_steps: list[int] = []
    tokenizer = make_tokenizer()
    second = Trainer(
        config(tmp_path, data, **settings),
        model=make_model("llama", len(tokenizer)),
        tokenizer=tokenizer,
        on_progress=lambda values: resumed_steps.append(values["step"]),
    ).train()
    assert second["resumedFromStep"] == 3
    assert resumed_steps == [4, 5, 6, 7, 8]
    assert second["steps"] == 8


def test_split_staged_training_and_control_tokens(tmp_path: Path, data: dict[str, str]) -> None:
    tokenizer = make_tokenizer()
    vocabulary = len(tokenizer)
    stages = [
        StageConfig(name="general", data=data["train"], epochs=1),
        StageConfig(name="domain", data=data["train"], epochs=1),
    ]
    stage_names: list[str] = []
    trainer = Trainer(
        config(tmp_path, data, stages=stages, validation=None, control_fields=["domain"]),
        model=make_model("llama", vocabulary),
        tokenizer=tokenizer,
        on_progress=lambda values: stage_names.append(values["stage"]),
    )
    result = trainer.train()
    assert stage_names[0] == "general" and stage_names[-1] == "domain"
    assert len(trainer.tokenizer) == vocabulary + 2
    assert trainer.model.get_input_embeddings().weight.shape[0] >= vocabulary + 2
    test_split = [json.loads(line) for line in Path(result["splits"]["test"]).read_text().splitlines()]
    labels = {record["label"] for record in test_split}
    assert labels == {"positive", "negative"}
