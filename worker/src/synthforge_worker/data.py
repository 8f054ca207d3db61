"""Datasets: JSONL reading, prompt building, stratified splits, tokenization, batching."""

from __future__ import annotations

import json
import math
import random
from collections import defaultdict
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import torch

from .config import TrainConfig

IGNORE_INDEX = -100


class DataError(ValueError):
    """A dataset file or record is not usable; the message names the file and line."""


@dataclass
class Example:
    """One training or evaluation example before tokenization."""

    messages: list[dict[str, str]]
    """Chat messages up to (not including) the target turn."""
    target: str
    """What the model learns to produce: the label, or the assistant's reply."""
    label: str | None = None
    controls: dict[str, str] | None = None
    entities: list[dict[str, Any]] | None = None
    """The entity list of a token-classification example (whose `target` is the text)."""


@dataclass
class TokenizedExample:
    input_ids: list[int]
    labels: list[int]
    label: str | None = None


def read_jsonl(path: str | Path) -> list[dict[str, Any]]:
    records: list[dict[str, Any]] = []
    if not Path(path).is_file():
        raise DataError(f"{path}: file not found")
    with open(path, encoding="utf-8") as handle:
        for number, line in enumerate(handle, start=1):
            if not line.strip():
                continue
            try:
                record = json.loads(line)
            except json.JSONDecodeError as error:
                raise DataError(f"{path}, line {number}: not JSON ({error.msg})") from error
            if not isinstance(record, dict):
                raise DataError(f"{path}, line {number}: expected a JSON object")
            record["__line"] = number
            records.append(record)
    if not records:
        raise DataError(f"{path}: no examples")
    return records


# Labels the default instruction lists; with more (banking77's 77 intents take about 600 tokens)
# the list would not fit the prompt: the student learns the label names from its targets, and
# evaluation scores every label whatever the prompt says.
LISTED_LABELS = 20


def default_instruction(labels: Sequence[str]) -> str:
    if len(labels) > LISTED_LABELS:
        return "Classify the text. Answer with one label."
    return f"Classify the text. Answer with one label: {', '.join(labels)}."


def fit_prompt(prompt_ids: list[int], room: int) -> list[int]:
    """A prompt cut to `room` tokens as training and evaluation both cut it: its first 16 tokens
    (at most a quarter of the room: the chat template's opening) and as many of its last as fit."""
    if len(prompt_ids) <= room:
        return prompt_ids
    head = min(16, room // 4)
    return prompt_ids[:head] + prompt_ids[len(prompt_ids) - (room - head) :]


def control_token(field: str, value: str) -> str:
    return f"<{field}={value}>"


def classification_example(
    text: str, label: str, instruction: str, controls: dict[str, str] | None = None
) -> Example:
    prefix = "".join(control_token(k, v) for k, v in (controls or {}).items())
    content = f"{prefix}{instruction}\n\nText: {text}"
    return Example(
        messages=[{"role": "user", "content": content}], target=label, label=label, controls=controls
    )


def _record_to_chat(record: dict[str, Any], where: str) -> tuple[list[dict[str, str]], str]:
    if isinstance(record.get("messages"), list):
        messages = [{"role": str(m["role"]), "content": str(m["content"])} for m in record["messages"]]
    elif isinstance(record.get("conversations"), list):
        roles = {
            "human": "user",
            "user": "user",
            "gpt": "assistant",
            "assistant": "assistant",
            "system": "system",
        }
        messages = [
            {"role": roles.get(str(m.get("from")), "user"), "content": str(m.get("value", ""))}
            for m in record["conversations"]
        ]
    elif "instruction" in record and "output" in record:
        user = str(record["instruction"])
        if record.get("input"):
            user = f"{user}\n\n{record['input']}"
        messages = [
            {"role": "user", "content": user},
            {"role": "assistant", "content": str(record["output"])},
        ]
    elif "prompt" in record and "completion" in record:
        messages = [
            {"role": "user", "content": str(record["prompt"])},
            {"role": "assistant", "content": str(record["completion"])},
        ]
    else:
        raise DataError(f"{where}: expected messages, conversations, instruction/output or prompt/completion")
    if not messages or messages[-1]["role"] != "assistant":
        raise DataError(f"{where}: the last message must be the assistant's reply")
    return messages[:-1], messages[-1]["content"]


def _answer_text(value: Any) -> str | None:
    """The output field as the student writes it: a string as is, an entity list as compact JSON.

    An extraction record's `[{text, type, ...}]` keeps only text and type, written as
    JavaScript's JSON.stringify writes it (no spaces, characters unescaped), the form the
    evaluation's references take.
    """
    if isinstance(value, str):
        return value
    if isinstance(value, list) and all(isinstance(i, dict) and "text" in i and "type" in i for i in value):
        entities = [{"text": item["text"], "type": item["type"]} for item in value]
        return json.dumps(entities, ensure_ascii=False, separators=(",", ":"))
    return None


def _is_text_pair(record: dict[str, Any], text_field: str, label_field: str) -> bool:
    """A flat record with a text and an output field (a string or an entity list) and no chat shape."""
    chat = ("messages", "conversations", "instruction", "prompt")
    return (
        not any(key in record for key in chat)
        and isinstance(record.get(text_field), str)
        and _answer_text(record.get(label_field)) is not None
    )


def build_examples(
    records: list[dict[str, Any]],
    *,
    task: str,
    source: str,
    text_field: str = "text",
    label_field: str = "label",
    instruction: str | None = None,
    labels: Sequence[str] | None = None,
    control_fields: Sequence[str] = (),
) -> list[Example]:
    """Turns records into examples; classification needs text and label fields."""
    examples: list[Example] = []
    if task == "classification":
        label_set = list(labels) if labels else sorted({str(r.get(label_field)) for r in records})
        prompt = instruction or default_instruction(label_set)
        for record in records:
            where = f"{source}, line {record.get('__line', '?')}"
            if text_field not in record or label_field not in record:
                raise DataError(f"{where}: expected fields {text_field!r} and {label_field!r}")
            label = str(record[label_field])
            if labels and label not in labels:
                raise DataError(f"{where}: label {label!r} is not one of {', '.join(labels)}")
            controls = {f: str(record[f]) for f in control_fields if f in record}
            examples.append(classification_example(str(record[text_field]), label, prompt, controls))
    elif task == "token-classification":
        from .tagging import tagged_example

        for record in records:
            where = f"{source}, line {record.get('__line', '?')}"
            examples.append(tagged_example(record, text_field, label_field, where))
    else:
        for record in records:
            where = f"{source}, line {record.get('__line', '?')}"
            if _is_text_pair(record, text_field, label_field):
                # A pair such as {text, translation}: text (after the instruction) in, the other field out.
                text = str(record[text_field])
                messages = [{"role": "user", "content": f"{instruction}\n\n{text}" if instruction else text}]
                target = _answer_text(record[label_field]) or ""
            else:
                messages, target = _record_to_chat(record, where)
            controls = {f: str(record[f]) for f in control_fields if f in record}
            if controls and messages:
                prefix = "".join(control_token(k, v) for k, v in controls.items())
                first = messages[-1]
                messages[-1] = {"role": first["role"], "content": prefix + first["content"]}
            examples.append(Example(messages=messages, target=target, controls=controls))
    return examples


def stratified_split(
    items: Sequence[Any], keys: Sequence[str | None], shares: Sequence[float], seed: int
) -> list[list[Any]]:
    """Splits items into len(shares)+1 parts (the rest first), keeping each key's proportion."""
    groups: dict[str | None, list[int]] = defaultdict(list)
    for index, key in enumerate(keys):
        groups[key].append(index)
    rng = random.Random(seed)
    parts: list[list[int]] = [[] for _ in range(len(shares) + 1)]
    for key in sorted(groups, key=lambda k: str(k)):
        indexes = groups[key]
        rng.shuffle(indexes)
        start = 0
        for part, share in enumerate(shares, start=1):
            count = round(len(indexes) * share)
            if share > 0 and count == 0 and len(indexes) - start > 1:
                count = 1
            parts[part].extend(indexes[start : start + count])
            start += count
        parts[0].extend(indexes[start:])
    return [[items[i] for i in sorted(part)] for part in parts]


def render_prompt(tokenizer: Any, messages: list[dict[str, str]]) -> str:
    if getattr(tokenizer, "chat_template", None):
        return tokenizer.apply_chat_template(messages, tokenize=False, add_generation_prompt=True)
    body = "\n\n".join(m["content"] for m in messages)
    return f"{body}\n\nAnswer: "


def end_of_turn(tokenizer: Any) -> str:
    return tokenizer.eos_token or ""


def tokenize_example(tokenizer: Any, example: Example, max_length: int) -> TokenizedExample:
    """Prompt tokens are masked out of the loss; only the target (and end of turn) is learned."""
    prompt_ids = tokenizer(render_prompt(tokenizer, example.messages), add_special_tokens=False)["input_ids"]
    target_ids = tokenizer(example.target + end_of_turn(tokenizer), add_special_tokens=False)["input_ids"]
    target_ids = target_ids[: max(1, max_length // 2)]
    prompt_ids = fit_prompt(prompt_ids, max_length - len(target_ids))
    return TokenizedExample(
        input_ids=prompt_ids + target_ids,
        labels=[IGNORE_INDEX] * len(prompt_ids) + target_ids,
        label=example.label,
    )


def collate(batch: Sequence[TokenizedExample], pad_id: int) -> dict[str, torch.Tensor]:
    """Right-pads to the longest example in the batch (dynamic padding)."""
    width = max(len(e.input_ids) for e in batch)
    input_ids = torch.full((len(batch), width), pad_id, dtype=torch.long)
    labels = torch.full((len(batch), width), IGNORE_INDEX, dtype=torch.long)
    attention = torch.zeros((len(batch), width), dtype=torch.long)
    for row, example in enumerate(batch):
        n = len(example.input_ids)
        input_ids[row, :n] = torch.tensor(example.input_ids)
        labels[row, :n] = torch.tensor(example.labels)
        attention[row, :n] = 1
    return {"input_ids": input_ids, "labels": labels, "attention_mask": attention}


def epoch_batches(
    examples: Sequence[TokenizedExample], batch_size: int, seed: int, group_by_length: bool = True
) -> list[list[int]]:
    """A seeded order of micro-batches; similar lengths share a batch to waste less padding."""
    rng = random.Random(seed)
    order = list(range(len(examples)))
    rng.shuffle(order)
    if group_by_length:
        window = batch_size * 32
        grouped: list[int] = []
        for start in range(0, len(order), window):
            chunk = sorted(order[start : start + window], key=lambda i: len(examples[i].input_ids))
            grouped.extend(chunk)
        order = grouped
    batches = [order[i : i + batch_size] for i in range(0, len(order), batch_size)]
    if group_by_length:
        rng.shuffle(batches)
    return batches


def steps_per_epoch(example_count: int, batch_size: int, accumulation: int) -> int:
    return max(1, math.ceil(math.ceil(example_count / batch_size) / accumulation))


def iterate(items: Sequence[Any], size: int) -> Iterator[Sequence[Any]]:
    for start in range(0, len(items), size):
        yield items[start : start + size]


@dataclass
class TrainingData:
    """A fine-tune's examples: one list per stage, the validation examples, and the split files."""

    stages: list[list[Example]]
    validation: list[Example]
    splits: dict[str, str | None]
    """Files of the train/validation/test split written when no validation file was given."""
    labels: list[str] | None
    instruction: str | None


def prepare_training_data(config: TrainConfig, output: Path) -> TrainingData:
    """Reads every stage's JSONL and the validation file. Without a validation file, the last
    stage is split (stratified by label) into train, validation and test, written to
    `<output>/splits/`. Labels default to those seen in the data."""
    c = config
    if not c.stages:
        raise ValueError("no training data: give at least one stage")
    raw_stages = [read_jsonl(stage.data) for stage in c.stages]
    labels = c.labels
    if c.task == "classification" and not labels:
        labels = sorted({str(r.get(c.label_field)) for records in raw_stages for r in records})
    instruction = c.instruction or (default_instruction(labels) if labels else None)

    def build(records: list[dict[str, Any]], source: str) -> list[Example]:
        return build_examples(
            records,
            task=c.task,
            source=source,
            text_field=c.text_field,
            label_field=c.label_field,
            instruction=instruction,
            labels=labels,
            control_fields=c.control_fields,
        )

    splits: dict[str, str | None] = {"train": None, "validation": c.validation, "test": None}
    if c.validation is not None:
        validation = build(read_jsonl(c.validation), c.validation)
    else:
        last = raw_stages[-1]
        keys = [str(r.get(c.label_field)) if c.task == "classification" else None for r in last]
        train_part, validation_part, test_part = stratified_split(
            last, keys, [c.validation_share, c.test_share], c.seed
        )
        raw_stages[-1] = train_part
        split_dir = output / "splits"
        split_dir.mkdir(parents=True, exist_ok=True)
        for name, part in (("train", train_part), ("validation", validation_part), ("test", test_part)):
            path = split_dir / f"{name}.jsonl"
            with open(path, "w", encoding="utf-8") as handle:
                for record in part:
                    clean = {k: v for k, v in record.items() if k != "__line"}
                    handle.write(json.dumps(clean, ensure_ascii=False) + "\n")
            splits[name] = str(path)
        validation = build(validation_part, f"{c.stages[-1].data} (validation split)")
    stages = [build(records, stage.data) for records, stage in zip(raw_stages, c.stages, strict=True)]
    if any(not examples for examples in stages):
        raise ValueError("a training stage has no examples left after the split")
    return TrainingData(stages, validation, splits, labels, instruction)
