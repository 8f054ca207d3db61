"""Translation in the worker: pairs train source in, translation out, and evaluations score
chrF and BLEU with sacrebleu (its own numbers, worked here from its definitions)."""

from __future__ import annotations

import math
from collections import Counter

import pytest

from synthforge_worker.data import build_examples
from synthforge_worker.metrics import translation_metrics


def test_a_text_pair_becomes_instruction_and_text_in_translation_out() -> None:
    records = [{"text": "火车晚点了。", "translation": "The train was late.", "__line": 1}]
    [example] = build_examples(
        records,
        task="sft",
        source="train.jsonl",
        text_field="text",
        label_field="translation",
        instruction="Translate the Chinese text into English.",
    )
    assert example.messages == [
        {"role": "user", "content": "Translate the Chinese text into English.\n\n火车晚点了。"}
    ]
    assert example.target == "The train was late."


def test_chat_records_keep_their_own_shape() -> None:
    records = [{"prompt": "Say hi.", "completion": "Hi!", "text": "ignored", "translation": "ignored"}]
    [example] = build_examples(records, task="sft", source="x", text_field="text", label_field="translation")
    assert example.messages == [{"role": "user", "content": "Say hi."}]
    assert example.target == "Hi!"


def _bleu_by_hand(hypothesis: list[str], reference: list[str]) -> float:
    """Corpus BLEU of one tokenized sentence pair (no smoothing needed: every order matches)."""
    precisions = []
    for n in range(1, 5):
        hyp = Counter(tuple(hypothesis[i : i + n]) for i in range(len(hypothesis) - n + 1))
        ref = Counter(tuple(reference[i : i + n]) for i in range(len(reference) - n + 1))
        precisions.append(sum((hyp & ref).values()) / sum(hyp.values()))
    brevity = min(1.0, math.exp(1 - len(reference) / len(hypothesis)))
    return 100 * brevity * math.exp(sum(math.log(p) for p in precisions) / 4)


def test_translation_metrics_are_sacrebleus() -> None:
    hypothesis = "the cat sat on the mat today"
    reference = "the cat sat on the mat"
    metrics = translation_metrics([hypothesis], [reference], "en")
    assert metrics["bleu"] == pytest.approx(_bleu_by_hand(hypothesis.split(), reference.split()), abs=1e-9)
    assert metrics["bleuSignature"].startswith("nrefs:1|case:mixed|eff:no|tok:13a|smooth:exp|version:2.6.0")
    assert metrics["chrFSignature"].startswith("nrefs:1|case:mixed|eff:yes|nc:6|nw:0|space:no|version:2.6.0")
    assert 0 < metrics["chrF"] < 100
    assert translation_metrics([reference], [reference], "en")["chrF"] == pytest.approx(100)


def test_chinese_targets_are_scored_by_character() -> None:
    # sacrebleu's zh tokenizer splits Chinese characters, so a near miss still scores.
    metrics = translation_metrics(["今天的天气很好"], ["今天天气很好"], "zh-CN")
    assert "tok:zh" in metrics["bleuSignature"]
    assert metrics["bleu"] > 0
    assert translation_metrics(["今天的天气很好"], ["今天天气很好"], "en")["bleu"] == 0
