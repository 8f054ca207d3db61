"""Sentence embeddings (masked mean of an encoder's last hidden states) and the semantic spread."""

from __future__ import annotations

import math
from typing import Any

from .encoders import Encoder, encoder_folder


def tokenize(tokenizer: Any, texts: list[str], max_length: int, device: str) -> Any:
    """One padded, truncated batch of token ids on `device`, as every encoder pass here takes it."""
    return tokenizer(texts, padding=True, truncation=True, max_length=max_length, return_tensors="pt").to(
        device
    )


def load_encoder(encoder: Encoder) -> tuple[Any, Any, str]:
    import torch
    from transformers import AutoModel, AutoTokenizer

    device = "cuda" if torch.cuda.is_available() else "cpu"
    tokenizer = AutoTokenizer.from_pretrained(encoder.folder)
    if tokenizer.pad_token is None:
        tokenizer.pad_token = tokenizer.eos_token
    model = AutoModel.from_pretrained(encoder.folder).to(device).eval()
    return model, tokenizer, device


def embed(
    texts: list[str],
    encoder: Encoder,
    batch_size: int = 64,
    max_length: int = 128,
    loaded: tuple[Any, Any, str] | None = None,
    should_stop: Any = None,
) -> Any:
    """A (len(texts), hidden) float32 numpy array of L2-normalised mean-pooled embeddings."""
    import numpy as np
    import torch

    model, tokenizer, device = loaded or load_encoder(encoder)
    order = sorted(range(len(texts)), key=lambda i: len(texts[i]))
    out = np.zeros((len(texts), model.config.hidden_size), dtype=np.float32)
    with torch.inference_mode():
        for start in range(0, len(order), batch_size):
            if should_stop is not None and should_stop():
                raise InterruptedError("cancelled")
            indices = order[start : start + batch_size]
            batch = tokenize(tokenizer, [texts[i] for i in indices], max_length, device)
            hidden = model(**batch).last_hidden_state
            mask = batch["attention_mask"].unsqueeze(-1).to(hidden.dtype)
            pooled = (hidden * mask).sum(1) / mask.sum(1).clamp(min=1)
            pooled = torch.nn.functional.normalize(pooled.float(), dim=-1)
            out[indices] = pooled.cpu().numpy()
    return out


def semantic_spread(params: dict[str, Any], should_stop: Any = None) -> dict[str, Any]:
    """k-means (k = 16) over the texts' embeddings; entropy of the cluster sizes in bits."""
    import numpy as np
    from sklearn.cluster import KMeans

    texts: list[str] = params["texts"]
    encoder = encoder_folder(params["encoder"], params.get("assetsDir"), params.get("modelCacheDir"))
    k_wanted = int(params.get("k", 16))
    if len(texts) < 2:
        return {"encoder": encoder.name, "k": 0, "entropy": None, "maxEntropy": None, "sizes": [], "texts": 0}
    vectors = embed(texts, encoder, int(params.get("batchSize", 64)), should_stop=should_stop)
    k = min(k_wanted, len(texts))
    labels = KMeans(n_clusters=k, n_init=10, random_state=int(params.get("seed", 0))).fit_predict(vectors)
    sizes = np.bincount(labels, minlength=k).tolist()
    total = sum(sizes)
    entropy = -sum((s / total) * math.log2(s / total) for s in sizes if s > 0)
    examples: list[list[str]] = []
    for cluster in range(k):
        members = [texts[i] for i in np.flatnonzero(labels == cluster)[:3]]
        examples.append(members)
    return {
        "encoder": encoder.name,
        "k": k,
        "entropy": float(entropy),
        "maxEntropy": float(math.log2(k)),
        "sizes": sizes,
        "examples": examples,
        "texts": len(texts),
    }
