"""Helpers shared by both sides of bench/train: their command line, the example encoding, the held-out loss both
sides are compared on, and the peak resident memory of a stretch of work (Linux VmHWM)."""

from __future__ import annotations

import argparse
import json
from pathlib import Path
from typing import Any

import torch


def read_records(path: str) -> list[dict[str, str]]:
    return [json.loads(line) for line in Path(path).read_text().splitlines() if line.strip()]


def instruction_for(records: list[dict[str, str]]) -> str:
    """Synthforge's default classification instruction (worker data.default_instruction)."""
    labels = sorted({r["label"] for r in records})
    return f"Classify the text. Answer with one label: {', '.join(labels)}."


def encode(tokenizer: Any, record: dict[str, str], instruction: str, max_length: int) -> dict[str, list[int]]:
    """Chat-template prompt, then the label and end of turn; only the latter carry loss."""
    messages = [{"role": "user", "content": f"{instruction}\n\nText: {record['text']}"}]
    prompt = tokenizer.apply_chat_template(messages, tokenize=False, add_generation_prompt=True)
    prompt_ids = tokenizer(prompt, add_special_tokens=False)["input_ids"]
    target_ids = tokenizer(record["label"] + tokenizer.eos_token, add_special_tokens=False)["input_ids"]
    prompt_ids = prompt_ids[-(max_length - len(target_ids)) :]
    return {
        "input_ids": prompt_ids + target_ids,
        "attention_mask": [1] * (len(prompt_ids) + len(target_ids)),
        "labels": [-100] * len(prompt_ids) + target_ids,
    }


@torch.no_grad()
def heldout_loss(model: Any, tokenizer: Any, path: str, instruction: str, max_length: int) -> float:
    """Mean loss per target token on a held-out file, one example at a time (no padding)."""
    model.eval()
    total, count = 0.0, 0
    for record in read_records(path):
        example = encode(tokenizer, record, instruction, max_length)
        tokens = sum(1 for label in example["labels"][1:] if label != -100)
        batch = {key: torch.tensor([value]) for key, value in example.items()}
        total += float(model(**batch).loss) * tokens
        count += tokens
    return total / count


def reset_peak_memory() -> None:
    """Resets the resident-set high-water mark, so the next reading covers only what follows."""
    Path("/proc/self/clear_refs").write_text("5")


def peak_memory_mb() -> float:
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1]) / 1024
    raise RuntimeError("no VmHWM in /proc/self/status")


def bench_arguments() -> argparse.ArgumentParser:
    """The command line both sides take, so the recipe they run cannot drift apart."""
    parser = argparse.ArgumentParser()
    for name in ("--model", "--data", "--validation", "--heldout", "--output"):
        parser.add_argument(name, required=True)
    for name in (
        "--steps",
        "--batch-size",
        "--gradient-accumulation",
        "--seed",
        "--max-length",
        "--lora-rank",
    ):
        parser.add_argument(name, type=int, required=True)
    for name in (
        "--learning-rate",
        "--min-learning-rate",
        "--warmup-ratio",
        "--weight-decay",
        "--lora-dropout",
    ):
        parser.add_argument(name, type=float, required=True)
    return parser
