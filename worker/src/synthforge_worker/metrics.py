"""Evaluation metrics (METRICS.md, "Model evaluation")."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any


def classification_metrics(
    truth: Sequence[str], predicted: Sequence[str], labels: Sequence[str]
) -> dict[str, Any]:
    """Accuracy, per-class precision/recall/F1, macro- and micro-F1, confusion matrix (rows: truth)."""
    index = {label: i for i, label in enumerate(labels)}
    matrix = [[0] * len(labels) for _ in labels]
    for t, p in zip(truth, predicted, strict=True):
        if t in index and p in index:
            matrix[index[t]][index[p]] += 1
    total = len(truth)
    correct = sum(1 for t, p in zip(truth, predicted, strict=True) if t == p)
    per_class: dict[str, dict[str, float]] = {}
    f1s: list[float] = []
    tp_sum = fp_sum = fn_sum = 0
    for i, label in enumerate(labels):
        tp = matrix[i][i]
        fp = sum(matrix[r][i] for r in range(len(labels))) - tp
        fn = sum(matrix[i]) - tp
        tp_sum, fp_sum, fn_sum = tp_sum + tp, fp_sum + fp, fn_sum + fn
        precision = tp / (tp + fp) if tp + fp else 0.0
        recall = tp / (tp + fn) if tp + fn else 0.0
        f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
        per_class[label] = {"precision": precision, "recall": recall, "f1": f1, "support": tp + fn}
        f1s.append(f1)
    micro_p = tp_sum / (tp_sum + fp_sum) if tp_sum + fp_sum else 0.0
    micro_r = tp_sum / (tp_sum + fn_sum) if tp_sum + fn_sum else 0.0
    return {
        "examples": total,
        "accuracy": correct / total if total else 0.0,
        "macroF1": sum(f1s) / len(f1s) if f1s else 0.0,
        "microF1": 2 * micro_p * micro_r / (micro_p + micro_r) if micro_p + micro_r else 0.0,
        "perClass": per_class,
        "confusion": {"labels": list(labels), "matrix": matrix},
    }


def _normalise(text: str) -> list[str]:
    return " ".join(text.lower().split()).split(" ") if text.strip() else []


def rouge_l(prediction: str, reference: str) -> float:
    """ROUGE-L F1 over lower-cased whitespace tokens (longest common subsequence)."""
    a, b = _normalise(prediction), _normalise(reference)
    if not a or not b:
        return 0.0
    previous = [0] * (len(b) + 1)
    for token in a:
        current = [0]
        for j, other in enumerate(b, start=1):
            current.append(previous[j - 1] + 1 if token == other else max(previous[j], current[j - 1]))
        previous = current
    lcs = previous[-1]
    if lcs == 0:
        return 0.0
    precision, recall = lcs / len(a), lcs / len(b)
    return 2 * precision * recall / (precision + recall)


def generation_metrics(predictions: Sequence[str], references: Sequence[str]) -> dict[str, Any]:
    pairs = list(zip(predictions, references, strict=True))
    n = len(pairs)
    exact = sum(1 for p, r in pairs if _normalise(p) == _normalise(r))
    return {
        "examples": n,
        "exactMatch": exact / n if n else 0.0,
        "rougeL": sum(rouge_l(p, r) for p, r in pairs) / n if n else 0.0,
    }


def translation_metrics(
    predictions: Sequence[str], references: Sequence[str], target_language: str
) -> dict[str, Any]:
    """Corpus chrF (chrF2, character 6-grams) and BLEU of translations against one reference
    each, computed by sacrebleu, the reference implementation, with its defaults; BLEU's
    tokenizer is sacrebleu's `zh` for a Chinese target (as WMT scores Chinese) and `13a` else.
    The signatures say exactly what was computed."""
    from sacrebleu.metrics import BLEU, CHRF

    base = target_language.lower().replace("_", "-").split("-")[0]
    bleu = BLEU(tokenize="zh" if base == "zh" else "13a")
    chrf = CHRF()
    hypotheses, refs = list(predictions), [list(references)]
    bleu_score = bleu.corpus_score(hypotheses, refs)
    chrf_score = chrf.corpus_score(hypotheses, refs)
    return {
        "chrF": chrf_score.score,
        "bleu": bleu_score.score,
        "chrFSignature": str(chrf.get_signature()),
        "bleuSignature": str(bleu.get_signature()),
    }
