"""BERTScore through the reference `bert-score` package, with the shuffled-pairs baseline.

The scores are `bert_score.BERTScorer.score` itself (greedy cosine matching of contextual token
embeddings); this module only chooses the encoder folder and layer, keeps the scorer loaded
between requests, and scores the matched pairs and a seeded derangement of them in one call
(bert-score embeds each distinct sentence once, so the baseline costs little).
"""

from __future__ import annotations

import logging
import math
import random
import threading
from typing import Any

from .encoders import encoder_folder

log = logging.getLogger("synthforge_worker")


_lock = threading.Lock()
_scorers: dict[tuple[str, int, bool, int], Any] = {}


def scorer_for(folder: str, layer: int, idf: bool = False, batch_size: int = 64) -> Any:
    """One loaded `BERTScorer` per (encoder, layer, idf, batch size), kept for later requests."""
    import torch
    from bert_score import BERTScorer

    key = (folder, layer, idf, batch_size)
    with _lock:
        if key not in _scorers:
            device = "cuda" if torch.cuda.is_available() else "cpu"
            scorer = BERTScorer(
                model_type=folder, num_layers=layer, idf=idf, batch_size=batch_size, device=device
            )
            # Tokenizers without a real limit (Qwen's) report 1e30, which the fast tokenizer's
            # truncation cannot take; cap at what the position embeddings allow.
            limit = getattr(scorer._model.config, "max_position_embeddings", 512) or 512
            if scorer._tokenizer.model_max_length > limit:
                scorer._tokenizer.model_max_length = min(limit, 512)
            _scorers.clear()  # one encoder resident at a time
            _scorers[key] = scorer
        return _scorers[key]


def derangement(n: int, seed: int) -> list[int]:
    """A seeded permutation with no fixed point (n ≥ 2): the shuffled (mismatched) pairs."""
    if n < 2:
        return list(range(n))
    order = list(range(n))
    rng = random.Random(seed)
    rng.shuffle(order)
    # Rotating a shuffled order by one is a derangement of it.
    result = [0] * n
    for i in range(n):
        result[order[i]] = order[(i + 1) % n]
    return result


def _mean(values: list[float]) -> float | None:
    return sum(values) / len(values) if values else None


def score_pairs(params: dict[str, Any], on_progress: Any = None) -> dict[str, Any]:
    """Scores `candidates[i]` against `references[i]` and against a shuffled reference."""
    candidates: list[str] = params["candidates"]
    references: list[str] = params["references"]
    if len(candidates) != len(references):
        raise ValueError(f"{len(candidates)} candidates but {len(references)} references")
    encoder = encoder_folder(params["encoder"], params.get("assetsDir"), params.get("modelCacheDir"))
    layer = params.get("layer") or encoder.default_layer
    if layer is None:
        raise ValueError(f"encoder {params['encoder']!r} has no default layer: set the layer")
    scorer = scorer_for(encoder.folder, int(layer), bool(params.get("idf")), int(params.get("batchSize", 64)))
    n = len(candidates)
    shuffled_refs: list[str] = []
    if params.get("baseline", True) and n >= 2:
        permutation = derangement(n, int(params.get("seed", 0)))
        shuffled_refs = [references[permutation[i]] for i in range(n)]
    if params.get("idf"):
        scorer.compute_idf(references)
    all_candidates = candidates + (candidates if shuffled_refs else [])
    all_references = references + shuffled_refs
    if n == 0:
        precision = recall = f1 = []
    else:
        import torch

        # bert-score embeds under no_grad; inference mode also skips autograd's version counters
        # and view tracking, the same numbers a little faster.
        batch_size = int(params.get("batchSize", 64))
        with torch.inference_mode():
            p, r, f = scorer.score(all_candidates, all_references, batch_size=batch_size)
        precision, recall, f1 = p.tolist(), r.tolist(), f.tolist()
    matched = f1[:n]
    baseline = f1[n:]
    mean = _mean(matched)
    baseline_mean = _mean(baseline)
    return {
        "encoder": encoder.name,
        "layer": int(layer),
        "idf": bool(params.get("idf")),
        "rescaled": False,
        "pairs": n,
        "precision": [_finite(x) for x in precision[:n]],
        "recall": [_finite(x) for x in recall[:n]],
        "f1": [_finite(x) for x in matched],
        "meanF1": _finite(mean),
        "shuffledF1": [_finite(x) for x in baseline],
        "shuffledMeanF1": _finite(baseline_mean),
        "margin": _finite(mean - baseline_mean) if mean is not None and baseline_mean is not None else None,
    }


def _finite(value: float | None) -> float | None:
    if value is None or math.isnan(value) or math.isinf(value):
        return None
    return float(value)
