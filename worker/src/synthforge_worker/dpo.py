"""Direct preference optimisation (DPO, Rafailov et al. 2023) of a LoRA adapter on review pairs.

    python -m synthforge_worker.dpo --config job.json

`job.json` holds `DpoConfig`'s fields in camelCase (src/train/trainPreferences.ts writes it).
The pairs are TRL's conversational preference format, as `synthforge review pairs` writes
them: {"prompt": [messages], "chosen": [assistant message], "rejected": [assistant message]}.

TRL's DPOTrainer is not used: it would add `datasets` (and pyarrow) to the pinned worker
environment for one loss. This is the same objective, written out on top of the worker's
model loading and LoRA wrapping:

    loss = -log σ(β · [(log π(y_w|x) − log π_ref(y_w|x)) − (log π(y_l|x) − log π_ref(y_l|x))])

with π the model with the adapter, π_ref the same model with the adapter disabled (so no
second copy of the weights), and log π(y|x) the summed log-probability of the answer's tokens
(the prompt's tokens are masked out). The reference log-probabilities are computed once
before training. Progress and the result are printed as protocol messages on stdout.
"""

from __future__ import annotations

import json
import logging
import math
import random
import time
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any

import torch
import torch.nn.functional as F

from .config import _help, from_params
from .data import end_of_turn, read_jsonl, render_prompt
from .job import send_error, start_job
from .modeling import count_parameters, load_base, target_modules_for, wrap_for_method
from .server import error_kind, progress_message
from .trainer import peak_memory_mb, seed_everything

log = logging.getLogger("synthforge_worker")


@dataclass
class DpoConfig:
    """One DPO job; saved as resolved_config.json beside the adapter."""

    output: str = _help("Folder for the adapter and the training log.")
    data: str = _help("JSONL of preference pairs (TRL conversational format).")
    base_model: str = _help("Hugging Face model folder, hub id, or GGUF file.", "smollm2-135m-instruct")
    beta: float = _help("DPO β: how far the policy may move from the reference.", 0.1)
    learning_rate: float = _help("Peak learning rate (linear warm-up and decay).", 5e-4)
    epochs: float = _help("Epochs over the pairs.", 3.0)
    max_steps: int | None = _help("Stop after this many optimizer steps (overrides epochs).", None)
    batch_size: int = _help("Pairs per optimizer step.", 4)
    lora_rank: int = _help("LoRA rank r.", 8)
    lora_alpha: float = _help("LoRA alpha.", 16.0)
    lora_dropout: float = _help("Dropout on the LoRA input.", 0.05)
    lora_target_modules: list[str] | None = _help("Modules LoRA wraps; None picks per architecture.", None)
    max_length: int = _help("Longest tokenized prompt + answer; the prompt is cut from the left.", 512)
    seed: int = _help("Seed of the pair order and initialisation.", 42)
    model_cache_dir: str | None = _help("Where dequantized GGUF base models are cached.", None)


@dataclass
class Pair:
    prompt_ids: list[int]
    chosen_ids: list[int]
    rejected_ids: list[int]


def _content(messages: Any, field: str, where: str) -> str:
    if isinstance(messages, str):
        return messages
    if isinstance(messages, list) and messages and isinstance(messages[-1], dict):
        content = messages[-1].get("content")
        if isinstance(content, str):
            return content
    raise ValueError(f"{where}: `{field}` must be a list of chat messages ending with one that has `content`")


def read_pairs(path: str, tokenizer: Any, max_length: int) -> list[Pair]:
    """Tokenizes each pair: the prompt through the chat template, each answer with the end of turn."""
    pairs: list[Pair] = []
    for index, record in enumerate(read_jsonl(path)):
        where = f"{path}:{index + 1}"
        prompt = record.get("prompt")
        if isinstance(prompt, str):
            prompt = [{"role": "user", "content": prompt}]
        if not isinstance(prompt, list) or not all(
            isinstance(m, dict) and isinstance(m.get("content"), str) for m in prompt
        ):
            raise ValueError(f"{where}: `prompt` must be a list of chat messages with `role` and `content`")
        chosen = _content(record.get("chosen"), "chosen", where)
        rejected = _content(record.get("rejected"), "rejected", where)
        prompt_ids = tokenizer(render_prompt(tokenizer, prompt), add_special_tokens=False)["input_ids"]
        eot = end_of_turn(tokenizer)
        chosen_ids = tokenizer(chosen + eot, add_special_tokens=False)["input_ids"][: max_length // 2]
        rejected_ids = tokenizer(rejected + eot, add_special_tokens=False)["input_ids"][: max_length // 2]
        room = max_length - max(len(chosen_ids), len(rejected_ids))
        pairs.append(Pair(prompt_ids[-room:], chosen_ids, rejected_ids))
    if not pairs:
        raise ValueError(f"{path} has no preference pairs")
    return pairs


def _batch(sequences: list[tuple[list[int], list[int]]], pad_id: int) -> dict[str, torch.Tensor]:
    """Right-padded input ids, attention mask, and a mask of the answer tokens (what is scored)."""
    width = max(len(p) + len(a) for p, a in sequences)
    ids = torch.full((len(sequences), width), pad_id, dtype=torch.long)
    attention = torch.zeros((len(sequences), width), dtype=torch.long)
    answer = torch.zeros((len(sequences), width), dtype=torch.bool)
    for row, (prompt, target) in enumerate(sequences):
        tokens = prompt + target
        ids[row, : len(tokens)] = torch.tensor(tokens)
        attention[row, : len(tokens)] = 1
        answer[row, len(prompt) : len(tokens)] = True
    return {"input_ids": ids, "attention_mask": attention, "answer": answer}


def answer_logprobs(model: Any, batch: dict[str, torch.Tensor]) -> torch.Tensor:
    """Summed log-probability of each row's answer tokens under `model`."""
    logits = model(input_ids=batch["input_ids"], attention_mask=batch["attention_mask"]).logits[:, :-1]
    targets = batch["input_ids"][:, 1:]
    mask = batch["answer"][:, 1:]
    logprobs = torch.gather(F.log_softmax(logits.float(), dim=-1), 2, targets.unsqueeze(-1)).squeeze(-1)
    return (logprobs * mask).sum(dim=-1)


def pair_logprobs(model: Any, pairs: list[Pair], pad_id: int) -> tuple[torch.Tensor, torch.Tensor]:
    """Chosen and rejected answer log-probabilities of a batch of pairs, in one forward pass."""
    batch = _batch(
        [(p.prompt_ids, p.chosen_ids) for p in pairs] + [(p.prompt_ids, p.rejected_ids) for p in pairs],
        pad_id,
    )
    values = answer_logprobs(model, batch)
    return values[: len(pairs)], values[len(pairs) :]


def dpo_loss(
    chosen: torch.Tensor,
    rejected: torch.Tensor,
    reference_chosen: torch.Tensor,
    reference_rejected: torch.Tensor,
    beta: float,
) -> tuple[torch.Tensor, torch.Tensor, torch.Tensor]:
    """The sigmoid DPO loss (mean over the batch) and each pair's implicit rewards."""
    chosen_reward = beta * (chosen - reference_chosen)
    rejected_reward = beta * (rejected - reference_rejected)
    loss = -F.logsigmoid(chosen_reward - rejected_reward).mean()
    return loss, chosen_reward.detach(), rejected_reward.detach()


def train_dpo(
    config: DpoConfig,
    *,
    model: Any = None,
    tokenizer: Any = None,
    on_progress: Any = None,
    should_stop: Any = None,
) -> dict[str, Any]:
    """Trains the adapter and saves it (PEFT format) with the resolved config and the training log."""
    c = config
    on_progress = on_progress or (lambda _: None)
    should_stop = should_stop or (lambda: False)
    seed_everything(c.seed)
    output = Path(c.output)
    output.mkdir(parents=True, exist_ok=True)
    if model is None:
        loaded = load_base(c.base_model, c.model_cache_dir)
        model, tokenizer = loaded.model, loaded.tokenizer
    elif tokenizer.pad_token is None:
        tokenizer.pad_token = tokenizer.eos_token
    pairs = read_pairs(c.data, tokenizer, c.max_length)
    targets = target_modules_for(model, c.lora_target_modules)
    model = wrap_for_method(
        model,
        method="lora",
        lora_rank=c.lora_rank,
        lora_alpha=c.lora_alpha,
        lora_dropout=c.lora_dropout,
        lora_target_modules=c.lora_target_modules,
        prefix_virtual_tokens=0,
    )
    model.config.use_cache = False
    pad_id = tokenizer.pad_token_id
    started = time.perf_counter()

    # The reference is the base model: the same weights with the adapter switched off.
    model.eval()
    reference: list[tuple[float, float]] = []
    with torch.no_grad(), model.disable_adapter():
        for start in range(0, len(pairs), c.batch_size):
            chosen, rejected = pair_logprobs(model, pairs[start : start + c.batch_size], pad_id)
            reference.extend(zip(chosen.tolist(), rejected.tolist(), strict=True))
    model.train()

    params = [p for p in model.parameters() if p.requires_grad]
    optimizer = torch.optim.AdamW(params, lr=c.learning_rate, weight_decay=0.0)
    steps_per_epoch = math.ceil(len(pairs) / c.batch_size)
    total_steps = c.max_steps if c.max_steps is not None else max(1, math.ceil(c.epochs * steps_per_epoch))
    warmup = max(1, total_steps // 10)
    order = list(range(len(pairs)))
    rng = random.Random(c.seed)
    curve: list[dict[str, float]] = []
    step, cancelled = 0, False
    while step < total_steps and not cancelled:
        rng.shuffle(order)
        for start in range(0, len(order), c.batch_size):
            if step >= total_steps:
                break
            indexes = order[start : start + c.batch_size]
            rate = c.learning_rate * min(
                (step + 1) / warmup, max(0.0, (total_steps - step) / (total_steps - warmup + 1))
            )
            for group in optimizer.param_groups:
                group["lr"] = rate
            chosen, rejected = pair_logprobs(model, [pairs[i] for i in indexes], pad_id)
            ref = torch.tensor([reference[i] for i in indexes])
            loss, chosen_reward, rejected_reward = dpo_loss(chosen, rejected, ref[:, 0], ref[:, 1], c.beta)
            loss.backward()
            torch.nn.utils.clip_grad_norm_(params, 1.0)
            optimizer.step()
            optimizer.zero_grad(set_to_none=True)
            step += 1
            point = {
                "step": step,
                "loss": float(loss.detach()),
                "rewardAccuracy": float((chosen_reward > rejected_reward).float().mean()),
                "rewardMargin": float((chosen_reward - rejected_reward).mean()),
            }
            curve.append(point)
            elapsed = time.perf_counter() - started
            on_progress(
                {
                    "stage": "dpo",
                    "step": step,
                    "totalSteps": total_steps,
                    "epoch": step / steps_per_epoch,
                    "loss": point["loss"],
                    "learningRate": rate,
                    "etaSeconds": elapsed / step * (total_steps - step),
                }
            )
            if should_stop():
                cancelled = True
                break

    # Every pair once more, after training: how often the policy now prefers the chosen answer.
    model.eval()
    margins: list[float] = []
    with torch.no_grad():
        for start in range(0, len(pairs), c.batch_size):
            batch = pairs[start : start + c.batch_size]
            chosen, rejected = pair_logprobs(model, batch, pad_id)
            ref = torch.tensor(reference[start : start + c.batch_size])
            _, chosen_reward, rejected_reward = dpo_loss(chosen, rejected, ref[:, 0], ref[:, 1], c.beta)
            margins.extend((chosen_reward - rejected_reward).tolist())
    model.config.use_cache = True
    adapter = output / "adapter"
    model.save_pretrained(adapter)
    tokenizer.save_pretrained(adapter)
    trainable, total = count_parameters(model)
    result = {
        "output": str(output),
        "adapter": str(adapter),
        "method": "dpo",
        "pairs": len(pairs),
        "steps": step,
        "totalSteps": total_steps,
        "cancelled": cancelled,
        "beta": c.beta,
        "finalLoss": curve[-1]["loss"] if curve else None,
        "rewardAccuracy": sum(1 for m in margins if m > 0) / len(margins),
        "meanRewardMargin": sum(margins) / len(margins),
        "lossCurve": curve,
        "seconds": time.perf_counter() - started,
        "peakMemoryMb": peak_memory_mb(),
        "trainableParameters": trainable,
        "totalParameters": total,
        "loraTargetModules": targets,
    }
    (output / "resolved_config.json").write_text(json.dumps({"config": asdict(c)}, indent=2, default=str))
    (output / "train_log.json").write_text(json.dumps(result, indent=2))
    return result


def main(argv: list[str] | None = None) -> int:
    args, channel, cancel = start_job(
        __doc__, "dpo", "JSON file with the DPO job (DpoConfig, camelCase)", argv
    )
    try:
        with open(args.config, encoding="utf-8") as handle:
            config = from_params(DpoConfig, json.load(handle))
        result = train_dpo(
            config,
            on_progress=lambda values: channel.send(progress_message(args.id, "train", values)),
            should_stop=cancel.is_set,
        )
    except Exception as error:
        send_error(channel, args.id, error, error_kind(error))
        return 1
    channel.send({"type": "result", "id": args.id, "value": result})
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
