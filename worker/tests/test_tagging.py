"""Token classification (task token-classification): tags from character spans and back, training
a head on the offline English encoder, and evaluation by the entity metric."""

from __future__ import annotations

import json
import random
from pathlib import Path
from types import SimpleNamespace
from typing import Any

import pytest
import torch

from synthforge_worker.config import (
    EvaluateConfig,
    EvaluationDataset,
    EvaluationModel,
    StageConfig,
    TrainConfig,
)
from synthforge_worker.data import IGNORE_INDEX, DataError, build_examples
from synthforge_worker.encoders import MINILM
from synthforge_worker.entities import spans_of
from synthforge_worker.evaluate import run_evaluation
from synthforge_worker.tagging import (
    entity_tags,
    load_tagger,
    predict_entities,
    token_tags,
    tokenize_tagged,
)

TAGS = entity_tags(["PER", "ORG", "LOC", "MISC"])
INDEX = {tag: number for number, tag in enumerate(TAGS)}


@pytest.fixture(scope="module")
def tokenizer() -> Any:
    return load_tagger(MINILM, TAGS, None)[1]


def test_tags_come_from_character_spans_b_first_i_after_o_outside() -> None:
    # "Boris Yeltsin visited Moscow": tokens with offsets, a special token at each end.
    offsets = [(-1, -1), (0, 5), (6, 9), (9, 13), (14, 21), (22, 28), (-1, -1)]
    spans = {("PER", 0, 13), ("LOC", 22, 28)}
    assert token_tags(offsets, spans) == [None, "B-PER", "I-PER", "I-PER", "O", "B-LOC", None]
    # A token cut by a span's edge is outside it; the span's first whole token opens it.
    assert token_tags([(0, 4), (4, 8)], {("ORG", 2, 8)}) == ["O", "B-ORG"]
    # Two adjacent entities of one type stay two.
    assert token_tags([(0, 2), (2, 4)], {("LOC", 0, 2), ("LOC", 2, 4)}) == ["B-LOC", "B-LOC"]


class _Oracle(torch.nn.Module):
    """A stand-in tagger whose logits put each token's gold tag first (for the round trip)."""

    def __init__(self, rows: list[list[int]]) -> None:
        super().__init__()
        self.rows = rows
        self.weight = torch.nn.Parameter(torch.zeros(1))
        self.config = SimpleNamespace(id2label=dict(enumerate(TAGS)))
        self.calls = 0

    def forward(self, input_ids: torch.Tensor, attention_mask: torch.Tensor) -> Any:
        logits = torch.zeros(*input_ids.shape, len(TAGS))
        for row in range(input_ids.shape[0]):
            for position, label in enumerate(self.rows[self.calls + row]):
                logits[row, position, INDEX["O"] if label == IGNORE_INDEX else label] = 1.0
        self.calls += input_ids.shape[0]
        return SimpleNamespace(logits=logits)


@pytest.mark.parametrize(
    "text, entities",
    [
        (
            "EU rejects German call to boycott British lamb .",
            [
                {"text": "EU", "type": "ORG"},
                {"text": "German", "type": "MISC"},
                {"text": "British", "type": "MISC"},
            ],
        ),
        (
            "Peter Blackburn met Werner Zwingmann in Brussels",
            [
                {"text": "Peter Blackburn", "type": "PER"},
                {"text": "Werner Zwingmann", "type": "PER"},
                {"text": "Brussels", "type": "LOC"},
            ],
        ),
        # Chinese: the encoder's tokenizer splits Han characters one a token.
        (
            "浙江商人在北京开了一家阿里巴巴分店",
            [
                {"text": "浙江", "type": "LOC"},
                {"text": "北京", "type": "LOC"},
                {"text": "阿里巴巴", "type": "ORG"},
            ],
        ),
    ],
)
def test_gold_tags_read_back_to_the_same_entities(
    tokenizer: Any, text: str, entities: list[dict[str, str]]
) -> None:
    [example] = build_examples(
        [{"text": text, "entities": entities}],
        task="token-classification",
        source="t",
        label_field="entities",
    )
    tokenized = tokenize_tagged(tokenizer, example, INDEX, 128)
    assert tokenized.labels[0] == IGNORE_INDEX and tokenized.labels[-1] == IGNORE_INDEX
    [reply] = predict_entities(_Oracle([tokenized.labels]), tokenizer, [text], 128)
    assert spans_of(text, json.loads(reply)) == spans_of(text, entities)


def test_records_without_an_entity_list_are_refused_naming_the_line() -> None:
    with pytest.raises(
        DataError, match=r"train.jsonl, line 3: expected a text field 'text' and an entity list"
    ):
        build_examples(
            [{"text": "x", "entities": "PER", "__line": 3}],
            task="token-classification",
            source="train.jsonl",
            label_field="entities",
        )
    with pytest.raises(DataError, match=r"line 4: every item of 'entities' needs a string text and type"):
        build_examples(
            [{"text": "x", "entities": [{"text": "x"}], "__line": 4}],
            task="token-classification",
            source="train.jsonl",
            label_field="entities",
        )


FIRST = ["Angela", "Boris", "Peter", "Maria", "Jacques", "Helmut", "Nelson", "Kofi"]
LAST = ["Merkel", "Yeltsin", "Blackburn", "Santos", "Chirac", "Kohl", "Mandela", "Annan"]
PLACES = ["Paris", "Moscow", "Berlin", "Lisbon", "Brussels", "Nairobi", "Madrid", "Oslo"]
ORGS = ["Reuters", "Intel", "NATO", "Siemens", "UNICEF", "Fiat", "Nokia", "Oracle"]


def _sentences(rng: random.Random, count: int, names: slice) -> list[dict[str, Any]]:
    rows = []
    for _ in range(count):
        person = f"{rng.choice(FIRST[names])} {rng.choice(LAST[names])}"
        place, org = rng.choice(PLACES[names]), rng.choice(ORGS[names])
        text = rng.choice(
            [
                f"{person} flew to {place} on Monday to meet officials of {org} .",
                f"Officials of {org} said {person} would stay in {place} .",
                f"In {place} , {person} told {org} the talks had failed .",
            ]
        )
        entities = [
            {"text": person, "type": "PER"},
            {"text": place, "type": "LOC"},
            {"text": org, "type": "ORG"},
        ]
        rows.append({"text": text, "entities": entities})
    return rows


@pytest.mark.parametrize("method", ["full", "lora"])
def test_a_head_on_the_encoder_learns_entities_it_never_saw(tmp_path: Path, method: str) -> None:
    """Trained on sentences with one half of the names, the tuned head tags the other half's."""
    rng = random.Random(7)
    train = tmp_path / "train.jsonl"
    train.write_text("".join(json.dumps(row) + "\n" for row in _sentences(rng, 48, slice(0, 4))))
    held_out = _sentences(rng, 12, slice(4, 8))
    from synthforge_worker.trainer import Trainer

    config = TrainConfig(
        output=str(tmp_path / "out"),
        stages=[StageConfig(name="train", data=str(train))],
        base_model=MINILM,
        task="token-classification",
        method=method,
        label_field="entities",
        learning_rate=1e-4 if method == "full" else 5e-3,
        gradient_accumulation=1,
        batch_size=8,
        epochs=6,
        ema=None,
        early_stopping_patience=0,
        gradient_checkpointing=False,
        resume=False,
    )
    result = Trainer(config).train()
    assert result["labels"] is None
    assert result["tags"] == entity_tags(["LOC", "ORG", "PER"])
    assert ("model" if method == "full" else "adapter") in result["files"]
    assert "ggufAdapter" not in result["files"]  # a tagging head has no llama.cpp form
    tuned = (
        EvaluationModel(name="tuned", base_model=result["files"]["model"])
        if method == "full"
        else EvaluationModel(name="tuned", base_model=MINILM, adapter=result["files"]["adapter"])
    )
    evaluation = run_evaluation(
        EvaluateConfig(
            task="token-classification",
            models=[tuned],
            datasets=[
                EvaluationDataset(
                    name="held-out",
                    examples=[
                        {"text": row["text"], "label": json.dumps(row["entities"])} for row in held_out
                    ],
                )
            ],
        )
    )
    metrics = evaluation["results"][0]["metrics"]
    assert metrics["examples"] == 12
    assert metrics["entities"]["gold"] == 36
    assert metrics["entityF1"] > 0.8, metrics["predictions"][:3]
