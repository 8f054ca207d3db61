"""GGUF LoRA export (names, shapes, permutation), metrics, and base-vs-tuned evaluation."""

from __future__ import annotations

from pathlib import Path

import gguf
import numpy as np
import pytest
import torch

from conftest import make_model, make_tokenizer, sentiment_records
from synthforge_worker.config import EvaluateConfig, EvaluationDataset, EvaluationModel
from synthforge_worker.data import (
    build_examples,
    classification_example,
    default_instruction,
    render_prompt,
    stratified_split,
    tokenize_example,
)
from synthforge_worker.evaluate import (
    generate_replies,
    label_log_likelihoods,
    label_log_likelihoods_unshared,
    run_evaluation,
)
from synthforge_worker.export import permute_rows
from synthforge_worker.metrics import classification_metrics, rouge_l
from synthforge_worker.trainer import Trainer
from test_trainer import config


def test_gguf_lora_adapter_has_llama_cpp_names_and_shapes(tmp_path: Path, data: dict[str, str]) -> None:
    tokenizer = make_tokenizer()
    model = make_model("llama", len(tokenizer))
    result = Trainer(
        config(tmp_path, data, export_gguf=True, epochs=1), model=model, tokenizer=tokenizer
    ).train()
    reader = gguf.GGUFReader(result["files"]["ggufAdapter"])
    fields = {name: field for name, field in reader.fields.items()}
    assert bytes(fields["general.type"].parts[-1]).decode() == "adapter"
    assert bytes(fields["adapter.type"].parts[-1]).decode() == "lora"
    assert float(fields["adapter.lora.alpha"].parts[-1][0]) == 8.0
    tensors = {t.name: t for t in reader.tensors}
    assert len(tensors) == 2 * 4 * 2  # two layers, four projections, A and B
    a, b = tensors["blk.0.attn_k.weight.lora_a"], tensors["blk.0.attn_k.weight.lora_b"]
    # GGUF lists dimensions innermost first: A is [in, r], B is [r, out] (k has 2 kv heads of 8).
    assert list(a.shape) == [32, 4]
    assert list(b.shape) == [4, 16]


def test_permutation_matches_llama_cpp() -> None:
    weight = torch.arange(16 * 3, dtype=torch.float32).reshape(16, 3)
    permuted = permute_rows(weight, 4, 2)
    # two kv heads of 8 rows: each head's rows interleave its halves
    assert permuted[:, 0].tolist()[:8] == [0, 12, 3, 15, 6, 18, 9, 21]
    assert torch.equal(permuted.sum(0), weight.sum(0))


def test_classification_metrics() -> None:
    metrics = classification_metrics(["a", "a", "b", "b"], ["a", "b", "b", "b"], ["a", "b"])
    assert metrics["accuracy"] == 0.75
    assert metrics["confusion"]["matrix"] == [[1, 1], [0, 2]]
    assert metrics["perClass"]["a"]["precision"] == 1.0
    assert metrics["perClass"]["a"]["recall"] == 0.5
    assert abs(metrics["macroF1"] - (2 / 3 + 0.8) / 2) < 1e-9
    assert metrics["microF1"] == 0.75


def test_rouge_l() -> None:
    assert rouge_l("the cat sat", "the cat sat") == 1.0
    assert rouge_l("", "x") == 0.0
    assert (
        abs(rouge_l("the cat sat on the mat", "the cat on a mat") - 2 * (4 / 6) * (4 / 5) / (4 / 6 + 4 / 5))
        < 1e-9
    )


def test_stratified_split_keeps_label_shares() -> None:
    items = list(range(100))
    keys = ["a" if i < 80 else "b" for i in items]
    train, validation, test = stratified_split(items, keys, [0.1, 0.1], seed=1)
    assert len(validation) == 10 and len(test) == 10 and len(train) == 80
    assert sum(1 for i in validation if keys[i] == "b") == 2
    assert not set(train) & set(validation) and not set(validation) & set(test)


def test_base_vs_tuned_evaluation_scores_every_label(tmp_path: Path, data: dict[str, str]) -> None:
    tokenizer = make_tokenizer()
    base_dir = tmp_path / "base"
    make_model("gpt2", len(tokenizer)).save_pretrained(base_dir)
    tokenizer.save_pretrained(base_dir)
    full = Trainer(
        config(
            tmp_path / "full",
            data,
            base_model=str(base_dir),
            method="full",
            epochs=6,
            learning_rate=3e-3,
            min_learning_rate=1e-4,
        )
    ).train()
    lora = Trainer(config(tmp_path / "lora", data, base_model=str(base_dir), epochs=1)).train()
    examples = [{"text": r["text"], "label": r["label"]} for r in sentiment_records(24, seed=9)]
    progress: list[tuple[str, int, int]] = []
    evaluation = run_evaluation(
        EvaluateConfig(
            models=[
                EvaluationModel(name="base", base_model=str(base_dir)),
                EvaluationModel(name="tuned", base_model=full["files"]["model"]),
                EvaluationModel(name="lora", base_model=str(base_dir), adapter=lora["files"]["adapter"]),
            ],
            datasets=[EvaluationDataset(name="held-out", examples=examples)],
        ),
        on_progress=lambda what, done, total: progress.append((what, done, total)),
    )
    assert progress[0] == ("base on held-out", 0, 24)
    assert ("lora on held-out", 24, 24) in progress
    rows = {row["model"]: row["metrics"] for row in evaluation["results"]}
    assert set(rows) == {"base", "tuned", "lora"}
    for metrics in rows.values():
        assert sum(map(sum, metrics["confusion"]["matrix"])) == 24  # every example got a label
        assert np.isfinite(metrics["macroF1"])
    assert rows["tuned"]["accuracy"] >= 0.65


@pytest.mark.parametrize("kind", ["gpt2", "llama"])
def test_label_scoring_with_a_shared_prompt_cache_matches_full_sequences(kind: str) -> None:
    tokenizer = make_tokenizer()
    model = make_model(kind, len(tokenizer)).eval()
    labels = ["positive", "negative", "positive negative"]  # a two-word label continues from the cache
    examples = [
        classification_example(r["text"] + " really" * (i % 3), r["label"], "Classify the text .")
        for i, r in enumerate(sentiment_records(7, seed=4))
    ]
    shared = label_log_likelihoods(model, tokenizer, examples, labels, max_length=64, batch_size=3)
    full = label_log_likelihoods_unshared(model, tokenizer, examples, labels, max_length=64, batch_size=3)
    assert np.allclose(np.array(shared), np.array(full), atol=1e-4)


def test_training_and_evaluation_cut_a_long_prompt_alike() -> None:
    tokenizer = make_tokenizer()
    model = make_model("llama", len(tokenizer)).eval()
    example = classification_example(" ".join(["word"] * 200) + " the end", "positive", "Classify the text .")
    trained = tokenize_example(tokenizer, example, max_length=48)
    # log p(target | the prompt as training cut it), from the training example's own tokens.
    with torch.no_grad():
        logits = model(input_ids=torch.tensor([trained.input_ids])).logits[0].log_softmax(-1)
    expected = sum(
        float(logits[position - 1, token])
        for position, token in enumerate(trained.input_ids)
        if trained.labels[position] != -100
    )
    for score in (label_log_likelihoods, label_log_likelihoods_unshared):
        scored = score(model, tokenizer, [example], ["positive", "negative"], max_length=48, batch_size=1)
        assert abs(scored[0][0] - expected) < 1e-3


def test_the_default_instruction_lists_a_few_labels_not_many() -> None:
    assert default_instruction(["positive", "negative"]).endswith("one label: positive, negative.")
    many = default_instruction([f"intent_{i}" for i in range(77)])
    assert "intent_" not in many
    assert many == "Classify the text. Answer with one label."


@pytest.mark.parametrize("kind", ["llama", "gpt2"])
def test_batched_greedy_replies_equal_replies_one_prompt_at_a_time(kind: str) -> None:
    tokenizer = make_tokenizer()
    model = make_model(kind, len(tokenizer)).eval()
    records = [
        {
            "messages": [
                {"role": "user", "content": " ".join([r["text"]] * (1 + i % 3))},
                {"role": "assistant", "content": "x"},
            ]
        }
        for i, r in enumerate(sentiment_records(7, seed=4))
    ]
    built = build_examples(records, task="sft", source="test")
    lengths = {len(tokenizer(render_prompt(tokenizer, e.messages))["input_ids"]) for e in built}
    assert len(lengths) >= 3  # prompts of different lengths share a batch: left padding is exercised
    progress: list[int] = []
    one_at_a_time = generate_replies(model, tokenizer, built, 96, 12, batch_size=1)
    batched = generate_replies(model, tokenizer, built, 96, 12, progress.append, batch_size=4)
    assert batched == one_at_a_time
    assert all(reply for reply in batched)
    assert progress == [4, 7]
