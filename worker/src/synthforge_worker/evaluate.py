"""Base vs tuned evaluation: classification by label likelihood, generation by EM and ROUGE-L."""

from __future__ import annotations

import logging
import time
from collections.abc import Callable, Sequence
from typing import Any

import torch

from .config import EvaluateConfig
from .data import (
    IGNORE_INDEX,
    Example,
    TokenizedExample,
    build_examples,
    classification_example,
    default_instruction,
    end_of_turn,
    render_prompt,
)
from .metrics import classification_metrics, generation_metrics
from .modeling import load_for_inference

log = logging.getLogger("synthforge_worker")


@torch.no_grad()
def label_log_likelihoods(
    model: Any, tokenizer: Any, examples: Sequence[Example], labels: Sequence[str], max_length: int,
    batch_size: int = 8,
) -> list[list[float]]:
    """log p(label + end of turn | prompt) for every example and label: a label is always chosen."""
    candidates = [tokenizer(label + end_of_turn(tokenizer), add_special_tokens=False)["input_ids"] for label in labels]
    sequences: list[TokenizedExample] = []
    for example in examples:
        prompt = tokenizer(render_prompt(tokenizer, example.messages), add_special_tokens=False)["input_ids"]
        for candidate in candidates:
            room = max_length - len(candidate)
            ids = prompt[-room:] if len(prompt) > room else prompt
            sequences.append(TokenizedExample(ids + candidate, [IGNORE_INDEX] * len(ids) + candidate))
    device = next(model.parameters()).device
    pad_id = tokenizer.pad_token_id if tokenizer.pad_token_id is not None else 0
    scores: list[float] = []
    order = sorted(range(len(sequences)), key=lambda i: len(sequences[i].input_ids))
    by_index: dict[int, float] = {}
    for start in range(0, len(order), batch_size):
        chunk = order[start : start + batch_size]
        width = max(len(sequences[i].input_ids) for i in chunk)
        ids = torch.full((len(chunk), width), pad_id, dtype=torch.long)
        targets = torch.full((len(chunk), width), IGNORE_INDEX, dtype=torch.long)
        mask = torch.zeros((len(chunk), width), dtype=torch.long)
        for row, i in enumerate(chunk):
            n = len(sequences[i].input_ids)
            ids[row, :n] = torch.tensor(sequences[i].input_ids)
            targets[row, :n] = torch.tensor(sequences[i].labels)
            mask[row, :n] = 1
        logits = model(input_ids=ids.to(device), attention_mask=mask.to(device)).logits.float()
        log_probs = torch.log_softmax(logits[:, :-1], dim=-1)
        shifted = targets[:, 1:].to(device)
        picked = log_probs.gather(-1, shifted.clamp(min=0).unsqueeze(-1)).squeeze(-1)
        picked = picked.masked_fill(shifted == IGNORE_INDEX, 0.0)
        for row, i in enumerate(chunk):
            by_index[i] = float(picked[row].sum())
    scores = [by_index[i] for i in range(len(sequences))]
    return [scores[k * len(labels) : (k + 1) * len(labels)] for k in range(len(examples))]


@torch.no_grad()
def generate_replies(model: Any, tokenizer: Any, examples: Sequence[Example], max_length: int,
                     max_new_tokens: int) -> list[str]:
    device = next(model.parameters()).device
    replies = []
    for example in examples:
        ids = tokenizer(render_prompt(tokenizer, example.messages), add_special_tokens=False,
                        return_tensors="pt")["input_ids"][:, -max_length:].to(device)
        output = model.generate(input_ids=ids, attention_mask=torch.ones_like(ids), max_new_tokens=max_new_tokens,
                                do_sample=False, pad_token_id=tokenizer.pad_token_id)
        replies.append(tokenizer.decode(output[0, ids.shape[1] :], skip_special_tokens=True).strip())
    return replies


def evaluate_model(model: Any, tokenizer: Any, config: EvaluateConfig, examples: list[dict[str, Any]],
                   labels: Sequence[str] | None) -> dict[str, Any]:
    if config.task == "classification":
        assert labels is not None
        instruction = config.instruction or default_instruction(labels)
        built = [classification_example(e["text"], e["label"], instruction, e.get("controls") or None)
                 for e in examples]
        scores = label_log_likelihoods(model, tokenizer, built, labels, config.max_length, config.batch_size)
        predicted = [labels[max(range(len(labels)), key=lambda k: row[k])] for row in scores]
        metrics = classification_metrics([e["label"] for e in examples], predicted, labels)
        metrics["predictions"] = predicted[:50]
        return metrics
    records = [{"messages": [{"role": "user", "content": e["text"]}, {"role": "assistant", "content": e["label"]}]}
               for e in examples]
    built = build_examples(records, task="sft", source="evaluation")
    replies = generate_replies(model, tokenizer, built, config.max_length, config.max_new_tokens)
    metrics = generation_metrics(replies, [e["label"] for e in examples])
    metrics["predictions"] = replies[:20]
    return metrics


def run_evaluation(config: EvaluateConfig, on_progress: Callable[[str, int, int], None] | None = None,
                   should_stop: Callable[[], bool] | None = None) -> dict[str, Any]:
    """Every model on every dataset; one result row per (model, dataset)."""
    labels = config.labels
    if config.task == "classification" and not labels:
        labels = sorted({str(e["label"]) for d in config.datasets for e in d.examples})
    results = []
    total = len(config.models) * len(config.datasets)
    done = 0
    for spec in config.models:
        started = time.perf_counter()
        loaded = load_for_inference(spec.base_model, spec.adapter, config.model_cache_dir)
        for dataset in config.datasets:
            if should_stop is not None and should_stop():
                return {"cancelled": True, "results": results, "labels": labels}
            t0 = time.perf_counter()
            metrics = evaluate_model(loaded.model, loaded.tokenizer, config, dataset.examples, labels)
            metrics["seconds"] = time.perf_counter() - t0
            results.append({"model": spec.name, "dataset": dataset.name, "metrics": metrics})
            done += 1
            if on_progress is not None:
                on_progress(f"{spec.name} on {dataset.name}", done, total)
        log.info("evaluated %s in %.1fs", spec.name, time.perf_counter() - started)
        del loaded
    return {"cancelled": False, "task": config.task, "labels": labels, "results": results}
