"""Base vs tuned evaluation: classification by label likelihood, generation by EM and ROUGE-L,
translation also by sacrebleu's chrF and BLEU."""

from __future__ import annotations

import logging
import time
from collections.abc import Callable, Sequence
from typing import Any

import torch

from . import tagging
from .config import EvaluateConfig
from .data import (
    IGNORE_INDEX,
    Example,
    TokenizedExample,
    build_examples,
    classification_example,
    default_instruction,
    end_of_turn,
    fit_prompt,
    render_prompt,
)
from .entities import generation_entity_metrics, is_entity_list
from .metrics import classification_metrics, generation_metrics, translation_metrics
from .modeling import load_for_inference

log = logging.getLogger("synthforge_worker")


def _uses_prompt_cache(model: Any) -> bool:
    """Prefix tuning builds its own key/value cache, so those models score without sharing."""
    config = getattr(model, "peft_config", {}).get("default")
    return config is None or type(config).__name__ == "LoraConfig"


@torch.no_grad()
def label_log_likelihoods(
    model: Any,
    tokenizer: Any,
    examples: Sequence[Example],
    labels: Sequence[str],
    max_length: int,
    batch_size: int = 8,
    on_scored: Callable[[int], None] | None = None,
) -> list[list[float]]:
    """log p(label + end of turn | prompt) for every example and label: a label is always chosen.

    The prompt runs through the model once (left-padded, logits of its last position only) and
    every label continues from a copy of its key/value cache, so scoring n labels costs about
    one forward pass of the prompt instead of n.
    """
    if not _uses_prompt_cache(model):
        return label_log_likelihoods_unshared(
            model, tokenizer, examples, labels, max_length, batch_size, on_scored
        )
    import copy

    candidates = [
        tokenizer(label + end_of_turn(tokenizer), add_special_tokens=False)["input_ids"] for label in labels
    ]
    room = max_length - max(len(candidate) for candidate in candidates)
    prompts = []
    for example in examples:
        prompt = tokenizer(render_prompt(tokenizer, example.messages), add_special_tokens=False)["input_ids"]
        prompts.append(fit_prompt(prompt, room))
    device = next(model.parameters()).device
    pad_id = tokenizer.pad_token_id if tokenizer.pad_token_id is not None else 0
    order = sorted(range(len(prompts)), key=lambda i: len(prompts[i]))
    scores: dict[int, list[float]] = {}
    for start in range(0, len(order), batch_size):
        chunk = order[start : start + batch_size]
        width = max(len(prompts[i]) for i in chunk)
        ids = torch.full((len(chunk), width), pad_id, dtype=torch.long)
        mask = torch.zeros((len(chunk), width), dtype=torch.long)
        for row, i in enumerate(chunk):
            n = len(prompts[i])
            ids[row, width - n :] = torch.tensor(prompts[i])
            mask[row, width - n :] = 1
        ids, mask = ids.to(device), mask.to(device)
        positions = (mask.cumsum(-1) - 1).clamp(min=0)
        output = model(
            input_ids=ids, attention_mask=mask, position_ids=positions, use_cache=True, logits_to_keep=1
        )
        first = torch.log_softmax(output.logits[:, -1].float(), dim=-1)
        last_position = positions[:, -1:]
        rows: list[list[float]] = [[] for _ in chunk]
        for candidate in candidates:
            total = first[:, candidate[0]].clone()
            if len(candidate) > 1:
                fed = torch.tensor(candidate[:-1], device=device).expand(len(chunk), -1)
                follow = model(
                    input_ids=fed,
                    attention_mask=torch.cat([mask, torch.ones_like(fed)], dim=1),
                    position_ids=last_position + 1 + torch.arange(fed.shape[1], device=device),
                    past_key_values=copy.deepcopy(output.past_key_values),
                    use_cache=True,
                ).logits.float()
                targets = torch.tensor(candidate[1:], device=device).expand(len(chunk), -1)
                picked = torch.log_softmax(follow, dim=-1).gather(-1, targets.unsqueeze(-1)).squeeze(-1)
                total += picked.sum(-1)
            for row in range(len(chunk)):
                rows[row].append(float(total[row]))
        for row, i in enumerate(chunk):
            scores[i] = rows[row]
        if on_scored is not None:
            on_scored(len(scores))
    return [scores[i] for i in range(len(examples))]


@torch.no_grad()
def label_log_likelihoods_unshared(
    model: Any,
    tokenizer: Any,
    examples: Sequence[Example],
    labels: Sequence[str],
    max_length: int,
    batch_size: int = 8,
    on_scored: Callable[[int], None] | None = None,
) -> list[list[float]]:
    """log p(label + end of turn | prompt), one full sequence per (example, label)."""
    candidates = [
        tokenizer(label + end_of_turn(tokenizer), add_special_tokens=False)["input_ids"] for label in labels
    ]
    sequences: list[TokenizedExample] = []
    for example in examples:
        prompt = tokenizer(render_prompt(tokenizer, example.messages), add_special_tokens=False)["input_ids"]
        for candidate in candidates:
            ids = fit_prompt(prompt, max_length - len(candidate))
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
        if on_scored is not None:
            on_scored(len(by_index) // len(labels))
    scores = [by_index[i] for i in range(len(sequences))]
    return [scores[k * len(labels) : (k + 1) * len(labels)] for k in range(len(examples))]


@torch.no_grad()
def generate_replies(
    model: Any,
    tokenizer: Any,
    examples: Sequence[Example],
    max_length: int,
    max_new_tokens: int,
    on_scored: Callable[[int], None] | None = None,
    batch_size: int = 8,
) -> list[str]:
    """Greedy replies, `batch_size` prompts at a time.

    Prompts of similar length share a batch (sorted by length, replies returned in input order),
    left-padded with the attention mask covering the padding, so each reply is the one the prompt
    alone would get: the position ids follow the mask. Decoding a batch costs little more per step
    than one sequence on a CPU, whose matrix products are memory-bound at batch 1.
    """
    device = next(model.parameters()).device
    pad = tokenizer.pad_token_id if tokenizer.pad_token_id is not None else tokenizer.eos_token_id
    prompts = [
        fit_prompt(
            tokenizer(render_prompt(tokenizer, example.messages), add_special_tokens=False)["input_ids"],
            max_length,
        )
        for example in examples
    ]
    order = sorted(range(len(prompts)), key=lambda i: len(prompts[i]))
    replies = [""] * len(prompts)
    done = 0
    for start in range(0, len(order), max(1, batch_size)):
        chunk = order[start : start + max(1, batch_size)]
        width = max(len(prompts[i]) for i in chunk)
        ids = torch.tensor([[pad] * (width - len(prompts[i])) + prompts[i] for i in chunk], dtype=torch.long)
        mask = torch.tensor(
            [[0] * (width - len(prompts[i])) + [1] * len(prompts[i]) for i in chunk], dtype=torch.long
        )
        output = model.generate(
            input_ids=ids.to(device),
            attention_mask=mask.to(device),
            max_new_tokens=max_new_tokens,
            do_sample=False,
            pad_token_id=pad,
        )
        for row, i in enumerate(chunk):
            replies[i] = tokenizer.decode(output[row, width:], skip_special_tokens=True).strip()
        done += len(chunk)
        if on_scored is not None:
            on_scored(done)
    return replies


def evaluate_model(
    model: Any,
    tokenizer: Any,
    config: EvaluateConfig,
    examples: list[dict[str, Any]],
    labels: Sequence[str] | None,
    on_scored: Callable[[int], None] | None = None,
) -> dict[str, Any]:
    """Metrics of one model on one dataset; `on_scored(n)` reports examples done so far."""
    if config.task == tagging.TASK:
        # A tagging head: its tags read back as entity lists, scored like a generative student's.
        texts = [e["text"] for e in examples]
        replies = tagging.predict_entities(
            model, tokenizer, texts, config.max_length, config.batch_size, on_scored
        )
        metrics = {"examples": len(examples)}
        metrics.update(generation_entity_metrics(texts, replies, [e["label"] for e in examples]))
        metrics["predictions"] = replies[:20]
        return metrics
    if config.task == "classification":
        assert labels is not None
        instruction = config.instruction or default_instruction(labels)
        built = [
            classification_example(e["text"], e["label"], instruction, e.get("controls") or None)
            for e in examples
        ]
        scores = label_log_likelihoods(
            model, tokenizer, built, labels, config.max_length, config.batch_size, on_scored
        )
        predicted = [labels[max(range(len(labels)), key=lambda k: row[k])] for row in scores]
        metrics = classification_metrics([e["label"] for e in examples], predicted, labels)
        metrics["predictions"] = predicted[:50]
        return metrics
    # The prompt as in training: the instruction (a translation recipe's) before the text.
    records = [
        {
            "messages": [
                {
                    "role": "user",
                    "content": f"{config.instruction}\n\n{e['text']}" if config.instruction else e["text"],
                },
                {"role": "assistant", "content": e["label"]},
            ]
        }
        for e in examples
    ]
    built = build_examples(records, task="sft", source="evaluation")
    replies = generate_replies(
        model, tokenizer, built, config.max_length, config.max_new_tokens, on_scored, config.batch_size
    )
    references = [e["label"] for e in examples]
    metrics = generation_metrics(replies, references)
    if config.translation_target:
        metrics.update(translation_metrics(replies, references, config.translation_target))
    if references and all(is_entity_list(reference) for reference in references):
        # Entity lists (an extraction recipe's JSON answers): exact span-and-type P/R/F1 as well.
        metrics.update(generation_entity_metrics([e["text"] for e in examples], replies, references))
    metrics["predictions"] = replies[:20]
    return metrics


def run_evaluation(
    config: EvaluateConfig,
    on_progress: Callable[[str, int, int], None] | None = None,
    should_stop: Callable[[], bool] | None = None,
) -> dict[str, Any]:
    """Every model on every dataset; one result row per (model, dataset).

    `on_progress(what, done, total)` reports examples scored of each (model, dataset) pair.
    """
    labels = config.labels
    if config.task == "classification" and not labels:
        labels = sorted({str(e["label"]) for d in config.datasets for e in d.examples})
    results = []
    for spec in config.models:
        started = time.perf_counter()
        if config.task == tagging.TASK:
            model, tokenizer = tagging.load_tagger_for_inference(
                spec.base_model, spec.adapter, config.model_cache_dir
            )
        else:
            loaded = load_for_inference(spec.base_model, spec.adapter, config.model_cache_dir)
            model, tokenizer = loaded.model, loaded.tokenizer
        for dataset in config.datasets:
            if should_stop is not None and should_stop():
                return {"cancelled": True, "results": results, "labels": labels}
            what, total = f"{spec.name} on {dataset.name}", len(dataset.examples)

            def report(done: int, what: str = what, total: int = total) -> None:
                if on_progress is not None:
                    on_progress(what, done, total)

            report(0)
            t0 = time.perf_counter()
            metrics = evaluate_model(model, tokenizer, config, dataset.examples, labels, report)
            metrics["seconds"] = time.perf_counter() - t0
            results.append({"model": spec.name, "dataset": dataset.name, "metrics": metrics})
        log.info("evaluated %s in %.1fs", spec.name, time.perf_counter() - started)
        del model, tokenizer
    return {"cancelled": False, "task": config.task, "labels": labels, "results": results}
