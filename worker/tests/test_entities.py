"""Entity-level NER metrics against seqeval's own numbers, on the same tag sequences."""

from __future__ import annotations

import json
import random
from pathlib import Path

import pytest
from seqeval.metrics import classification_report, f1_score, precision_score, recall_score

from conftest import make_model, make_tokenizer
from synthforge_worker.config import EvaluateConfig, EvaluationDataset, EvaluationModel
from synthforge_worker.entities import (
    bio_entities,
    entity_scores,
    find_mentions,
    generation_entity_metrics,
    parse_entity_list,
    spans_of,
)
from synthforge_worker.evaluate import run_evaluation

TYPES = ["PER", "ORG", "LOC", "MISC"]


def random_tags(rng: random.Random, length: int) -> list[str]:
    """Tag sequences with every malformation seqeval tolerates: I- after O, type switches, B-B."""
    tags = []
    for _ in range(length):
        roll = rng.random()
        if roll < 0.5:
            tags.append("O")
        else:
            tags.append(f"{rng.choice('BI')}-{rng.choice(TYPES)}")
    return tags


def perturb(rng: random.Random, tags: list[str]) -> list[str]:
    out = list(tags)
    for i in range(len(out)):
        if rng.random() < 0.25:
            out[i] = rng.choice(["O", f"B-{rng.choice(TYPES)}", f"I-{rng.choice(TYPES)}"])
    return out


@pytest.mark.parametrize("seed", range(20))
def test_entity_scores_equal_seqeval_to_1e6(seed: int) -> None:
    rng = random.Random(seed)
    truth = [random_tags(rng, rng.randint(1, 25)) for _ in range(40)]
    guess = [perturb(rng, sentence) for sentence in truth]
    ours = entity_scores([bio_entities(s) for s in truth], [bio_entities(s) for s in guess])
    assert ours["entityPrecision"] == pytest.approx(precision_score(truth, guess), abs=1e-6)
    assert ours["entityRecall"] == pytest.approx(recall_score(truth, guess), abs=1e-6)
    assert ours["entityF1"] == pytest.approx(f1_score(truth, guess), abs=1e-6)
    report = classification_report(truth, guess, output_dict=True)
    for kind, row in ours["perType"].items():
        if row["support"] == 0:
            continue
        assert row["precision"] == pytest.approx(report[kind]["precision"], abs=1e-6)
        assert row["recall"] == pytest.approx(report[kind]["recall"], abs=1e-6)
        assert row["f1"] == pytest.approx(report[kind]["f1-score"], abs=1e-6)
        assert row["support"] == report[kind]["support"]


def test_bio_entities_decodes_like_conlleval() -> None:
    assert bio_entities(["B-PER", "I-PER", "O", "I-LOC", "I-LOC", "B-LOC", "I-ORG"]) == [
        ("PER", 0, 2),
        ("LOC", 3, 5),
        ("LOC", 5, 6),
        ("ORG", 6, 7),
    ]


def test_a_span_counts_only_with_exact_bounds_and_type() -> None:
    gold = [{("PER", 0, 13), ("LOC", 29, 35)}]
    scores = entity_scores(gold, [{("PER", 0, 13), ("LOC", 29, 34), ("ORG", 29, 35)}])
    assert scores["entities"] == {"gold": 2, "predicted": 3, "correct": 1}
    assert scores["entityPrecision"] == pytest.approx(1 / 3)
    assert scores["entityRecall"] == pytest.approx(1 / 2)
    assert scores["entityF1"] == pytest.approx(0.4)


def test_generated_entity_lists_are_scored_by_character_span() -> None:
    text = "Angela Merkel met Siemens in Berlin; Merkel left."
    reference = json.dumps(
        [
            {"text": "Angela Merkel", "type": "PER"},
            {"text": "Siemens", "type": "ORG"},
            {"text": "Berlin", "type": "LOC"},
        ]
    )
    answer = [
        {"text": "Angela Merkel", "type": "PER"},
        {"text": "Siemens", "type": "LOC"},
        {"text": "Paris", "type": "LOC"},
    ]
    replies = [f"Sure: {json.dumps(answer)}"]
    metrics = generation_entity_metrics([text], replies, [reference])
    assert metrics["entities"] == {"gold": 3, "predicted": 2, "correct": 1}
    assert metrics["unparsed"] == 0
    assert generation_entity_metrics([text], ["no idea"], [reference])["unparsed"] == 1


def test_mentions_follow_word_edges_in_english_and_not_in_chinese() -> None:
    assert find_mentions("Parisian cafés in Paris", "Paris") == [(18, 23)]
    assert find_mentions("我住在北京市", "北京") == [(3, 5)]
    assert spans_of("查出hpv18感染", [{"text": "hpv", "type": "test"}]) == {("test", 2, 5)}
    assert spans_of(
        "New York City and New York",
        [{"text": "New York City", "type": "LOC"}, {"text": "New York", "type": "LOC"}],
    ) == {
        ("LOC", 0, 13),
        ("LOC", 18, 26),
    }
    assert parse_entity_list('{"entities": [{"text": "a", "type": "PER"}]}') == [{"text": "a", "type": "PER"}]


def test_sft_evaluation_adds_entity_scores_when_the_answers_are_entity_lists(tmp_path: Path) -> None:
    tokenizer = make_tokenizer()
    base_dir = tmp_path / "base"
    make_model("gpt2", len(tokenizer)).save_pretrained(base_dir)
    tokenizer.save_pretrained(base_dir)
    examples = [
        {"text": "the food was good", "label": json.dumps([{"text": "food", "type": "MISC"}])},
        {"text": "the staff was rude", "label": json.dumps([{"text": "staff", "type": "PER"}])},
    ]
    evaluation = run_evaluation(
        EvaluateConfig(
            models=[EvaluationModel(name="base", base_model=str(base_dir))],
            datasets=[EvaluationDataset(name="held-out", examples=examples)],
            task="sft",
            max_new_tokens=4,
        )
    )
    metrics = evaluation["results"][0]["metrics"]
    # A random tiny model answers no entity list: nothing predicted, both gold entities missed.
    assert metrics["entities"] == {"gold": 2, "predicted": 0, "correct": 0}
    assert metrics["unparsed"] == 2
    assert metrics["entityF1"] == 0.0
    assert "rougeL" in metrics
    plain = run_evaluation(
        EvaluateConfig(
            models=[EvaluationModel(name="base", base_model=str(base_dir))],
            datasets=[EvaluationDataset(name="held-out", examples=[{"text": "a", "label": "b"}])],
            task="sft",
            max_new_tokens=2,
        )
    )
    assert "entityF1" not in plain["results"][0]["metrics"]


def test_an_extraction_record_trains_on_its_entity_list_as_compact_json() -> None:
    from synthforge_worker.data import build_examples

    records = [
        {
            "text": "Angela Merkel visited 北京.",
            "entities": [
                {"text": "Angela Merkel", "type": "PER", "start": 0},
                {"text": "北京", "type": "LOC"},
            ],
            "domain": "politics",
        }
    ]
    [example] = build_examples(
        records, task="sft", source="train.jsonl", label_field="entities", instruction="List the entities."
    )
    prompt = "List the entities.\n\nAngela Merkel visited 北京."
    assert example.messages == [{"role": "user", "content": prompt}]
    # As JSON.stringify writes the evaluation's references: no spaces, characters kept, text and type only.
    assert example.target == '[{"text":"Angela Merkel","type":"PER"},{"text":"北京","type":"LOC"}]'
    assert spans_of(records[0]["text"], json.loads(example.target)) == {("PER", 0, 13), ("LOC", 22, 24)}


def test_lora_sft_on_extraction_records_lowers_the_loss(tmp_path: Path) -> None:
    from synthforge_worker.config import StageConfig, TrainConfig
    from synthforge_worker.trainer import Trainer

    rng = random.Random(0)
    names = ["Angela Merkel", "Paris", "Reuters", "Boris Yeltsin", "Moscow", "Intel"]
    kinds = {"Angela Merkel": "PER", "Paris": "LOC", "Reuters": "ORG", "Boris Yeltsin": "PER"}
    lines = []
    for _ in range(48):
        first, second = rng.sample(names, 2)
        text = f"{first} met {second} on Monday."
        entities = [{"text": n, "type": kinds.get(n, "MISC")} for n in (first, second)]
        lines.append(json.dumps({"text": text, "entities": entities, "domain": "world news"}))
    train = tmp_path / "train.jsonl"
    train.write_text("\n".join(lines[:40]) + "\n")
    validation = tmp_path / "validation.jsonl"
    validation.write_text("\n".join(lines[40:]) + "\n")
    config = TrainConfig(
        output=str(tmp_path / "out"),
        stages=[StageConfig(name="train", data=str(train))],
        validation=str(validation),
        task="sft",
        label_field="entities",
        instruction="List the named entities as JSON.",
        method="lora",
        lora_rank=4,
        lora_alpha=8,
        learning_rate=1e-2,
        min_learning_rate=1e-3,
        batch_size=8,
        gradient_accumulation=1,
        epochs=3,
        ema=None,
        gradient_checkpointing=False,
        early_stopping_patience=0,
        export_gguf=False,
        max_length=96,
    )
    tokenizer = make_tokenizer()
    result = Trainer(config, model=make_model("llama", len(tokenizer)), tokenizer=tokenizer).train()
    curve = [point["loss"] for point in result["lossCurve"]]
    assert sum(curve[-3:]) / 3 < sum(curve[:3]) / 3
