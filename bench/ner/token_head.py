"""A token-classification head on the English encoder, for bench/ner/tokenHead.ts (not the product).

Fine-tunes all-MiniLM-L6-v2 (the worker's offline English encoder, 22M parameters) with a linear
layer over IOB2 tags on `train.jsonl` (`{text, entities: [{text, type}]}`, CoNLL sentences whose
tokens are joined by single spaces), predicts the tags of `test.jsonl`, turns them back into entity
lists and scores those with the worker's own entity metric (`generation_entity_metrics`, the one
`evaluate` applies to a generative student's answers), so the two kinds of student are scored alike.

    <worker venv python> bench/ner/token_head.py train.jsonl test.jsonl out.json [epochs]
"""

from __future__ import annotations

import json
import random
import sys
import time

import torch
from transformers import AutoModelForTokenClassification, AutoTokenizer

from synthforge_worker.encoders import MINILM, encoder_folder
from synthforge_worker.entities import bio_entities, generation_entity_metrics, spans_of


def read(path: str) -> list[dict]:
    with open(path, encoding="utf-8") as handle:
        return [json.loads(line) for line in handle if line.strip()]


def words_of(text: str) -> list[tuple[str, int, int]]:
    """The sentence's tokens with their character offsets (CoNLL tokens joined by single spaces)."""
    words, at = [], 0
    for word in text.split(" "):
        if word:
            words.append((word, at, at + len(word)))
        at += len(word) + 1
    return words


def word_tags(text: str, entities: list[dict]) -> list[str]:
    tags = []
    spans = spans_of(text, entities)
    for _, start, end in words_of(text):
        tag = "O"
        for kind, span_start, span_end in spans:
            if span_start <= start and end <= span_end:
                tag = ("B-" if start == span_start else "I-") + kind
        tags.append(tag)
    return tags


def main() -> None:
    train_path, test_path, out_path = sys.argv[1:4]
    epochs = int(sys.argv[4]) if len(sys.argv) > 4 else 20
    torch.manual_seed(23)
    random.seed(23)
    train, test = read(train_path), read(test_path)
    kinds = sorted({entity["type"] for record in train + test for entity in record["entities"]})
    labels = ["O"] + [f"{prefix}-{kind}" for kind in kinds for prefix in ("B", "I")]
    index = {label: number for number, label in enumerate(labels)}

    folder = encoder_folder(MINILM, None).folder
    tokenizer = AutoTokenizer.from_pretrained(folder)
    model = AutoModelForTokenClassification.from_pretrained(folder, num_labels=len(labels))

    def encode(record: dict, with_labels: bool):
        words = [word for word, _, _ in words_of(record["text"])]
        encoded = tokenizer(words, is_split_into_words=True, truncation=True, max_length=128)
        word_ids = encoded.word_ids()
        if with_labels:
            tags = word_tags(record["text"], record["entities"])
            previous = None
            targets = []
            for word_id in word_ids:
                targets.append(-100 if word_id is None or word_id == previous else index[tags[word_id]])
                previous = word_id
            encoded["labels"] = targets
        return encoded, word_ids

    examples = [encode(record, True)[0] for record in train]
    optimizer = torch.optim.AdamW(model.parameters(), lr=1e-4, weight_decay=0.01)
    steps = epochs * ((len(examples) + 15) // 16)
    schedule = torch.optim.lr_scheduler.LambdaLR(optimizer, lambda step: max(0.0, 1 - step / max(1, steps)))
    started = time.perf_counter()
    model.train()
    for _ in range(epochs):
        order = list(range(len(examples)))
        random.shuffle(order)
        for first in range(0, len(order), 16):
            batch = tokenizer.pad(
                [{key: examples[i][key] for key in ("input_ids", "attention_mask")} for i in order[first : first + 16]],
                return_tensors="pt",
            )
            width = batch["input_ids"].shape[1]
            batch["labels"] = torch.tensor(
                [examples[i]["labels"] + [-100] * (width - len(examples[i]["labels"])) for i in order[first : first + 16]]
            )
            loss = model(**batch).loss
            loss.backward()
            optimizer.step()
            schedule.step()
            optimizer.zero_grad()
    train_seconds = time.perf_counter() - started

    model.eval()
    started = time.perf_counter()
    replies = []
    with torch.no_grad():
        for record in test:
            encoded, word_ids = encode(record, False)
            logits = model(**{key: torch.tensor([encoded[key]]) for key in ("input_ids", "attention_mask")}).logits[0]
            words = words_of(record["text"])
            tags = ["O"] * len(words)
            previous = None
            for position, word_id in enumerate(word_ids):
                if word_id is not None and word_id != previous:
                    tags[word_id] = labels[int(logits[position].argmax())]
                previous = word_id
            entities = [
                {"text": record["text"][words[start][1] : words[end - 1][2]], "type": kind}
                for kind, start, end in bio_entities(tags)
            ]
            replies.append(json.dumps(entities))
    predict_seconds = time.perf_counter() - started
    metrics = generation_entity_metrics(
        [record["text"] for record in test], replies, [json.dumps(record["entities"]) for record in test]
    )
    result = {
        "model": "all-MiniLM-L6-v2 + token-classification head",
        "epochs": epochs,
        "trainSentences": len(train),
        "trainSeconds": round(train_seconds, 1),
        "predictSecondsPerSentence": round(predict_seconds / max(1, len(test)), 4),
        "metrics": metrics,
    }
    with open(out_path, "w", encoding="utf-8") as handle:
        json.dump(result, handle, indent=2)
    print(json.dumps(result))


if __name__ == "__main__":
    main()
