"""Tiny randomly initialised GPT-2 and Llama models, built inside the tests (no downloads)."""

from __future__ import annotations

import json
import os
import random
from pathlib import Path
from typing import Any

# isort: off
# First: the package makes torchvision importable beside the CPU torch before transformers,
# which imports torchvision whenever it is installed, looks for it.
import synthforge_worker  # noqa: F401

# isort: on
import pytest
import torch
from tokenizers import Tokenizer, models, pre_tokenizers
from transformers import GPT2Config, GPT2LMHeadModel, LlamaConfig, LlamaForCausalLM, PreTrainedTokenizerFast

POSITIVE = ["good", "great", "lovely", "tasty", "friendly", "excellent", "fresh", "superb"]
NEGATIVE = ["bad", "awful", "rude", "cold", "stale", "terrible", "slow", "dirty"]
FILLER = ["the", "food", "was", "service", "place", "and", "very", "staff", "our", "meal", "really"]
INSTRUCTION_WORDS = [
    *["Classify", "the", "text", ".", "Answer", "with", "one", "label", ":"],
    *["positive", ",", "negative", "Text", "Answer"],
]


def make_tokenizer() -> PreTrainedTokenizerFast:
    words = sorted(set(POSITIVE + NEGATIVE + FILLER + INSTRUCTION_WORDS + ["positive", "negative"]))
    vocab = {"<pad>": 0, "</s>": 1, "<unk>": 2}
    for word in words:
        vocab.setdefault(word, len(vocab))
    core = Tokenizer(models.WordLevel(vocab=vocab, unk_token="<unk>"))
    core.pre_tokenizer = pre_tokenizers.WhitespaceSplit()
    tokenizer = PreTrainedTokenizerFast(
        tokenizer_object=core, pad_token="<pad>", eos_token="</s>", unk_token="<unk>"
    )
    tokenizer.add_special_tokens({"eos_token": "</s>", "pad_token": "<pad>"})
    return tokenizer


def make_model(kind: str, vocab_size: int) -> Any:
    torch.manual_seed(0)
    if kind == "gpt2":
        return GPT2LMHeadModel(
            GPT2Config(
                vocab_size=vocab_size, n_positions=128, n_embd=32, n_layer=2, n_head=2, initializer_range=0.3
            )
        )
    return LlamaForCausalLM(
        LlamaConfig(
            vocab_size=vocab_size,
            hidden_size=32,
            intermediate_size=64,
            num_hidden_layers=2,
            num_attention_heads=4,
            num_key_value_heads=2,
            max_position_embeddings=128,
            initializer_range=0.3,
        )
    )


def sentiment_records(count: int, seed: int = 0, flip: bool = False) -> list[dict[str, str]]:
    rng = random.Random(seed)
    records = []
    for i in range(count):
        positive = i % 2 == 0
        cue = rng.sample(POSITIVE if positive else NEGATIVE, 2)
        words = rng.sample(FILLER, 4) + cue
        rng.shuffle(words)
        label = "positive" if positive != flip else "negative"
        records.append({"text": " ".join(words), "label": label, "domain": rng.choice(["food", "shop"])})
    return records


def write_jsonl(path: Path, records: list[dict[str, Any]]) -> str:
    path.write_text("".join(json.dumps(r) + "\n" for r in records))
    return str(path)


@pytest.fixture
def tokenizer() -> PreTrainedTokenizerFast:
    return make_tokenizer()


@pytest.fixture
def data(tmp_path: Path) -> dict[str, str]:
    return {
        "train": write_jsonl(tmp_path / "train.jsonl", sentiment_records(64, seed=1)),
        "validation": write_jsonl(tmp_path / "validation.jsonl", sentiment_records(16, seed=2)),
        "rigged": write_jsonl(tmp_path / "rigged.jsonl", sentiment_records(16, seed=3, flip=True)),
    }


# The real reviews of the development data folder, beside the repository (`../shared/data/` from
# its root): the same files and the same rule as the TypeScript tiers' `describeOnRealData`.
REAL_DATA = Path(__file__).resolve().parents[3] / "shared" / "data"


def in_continuous_integration() -> bool:
    return os.environ.get("CI", "").lower() in {"true", "1"}


def real_data_file(name: str) -> Path:
    """The real data file `name`; without it the test fails under CI=true and is skipped locally."""
    path = REAL_DATA / name
    if path.is_file():
        return path
    reason = f"the reference data is absent: {REAL_DATA} needs {name}"
    if in_continuous_integration():
        pytest.fail(f"CI=true and {reason}", pytrace=False)
    pytest.skip(reason)
