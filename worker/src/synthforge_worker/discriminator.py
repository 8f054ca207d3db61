"""The transformer discriminator: real reference records against generated ones, 5-fold ROC AUC.

An encoder (all-MiniLM-L6-v2, or any Hugging Face encoder) is fine-tuned with a fresh two-class
head in each fold and predicts the held-out fold, so every sampled record gets an out-of-fold
"looks generated" probability. A decoder LLM (the dequantized GGUF teacher, the Chinese path) is
not fine-tuned on the CPU: its frozen mean-pooled hidden states feed a logistic regression per
fold instead, and the result says so.
"""

from __future__ import annotations

import random
from typing import Any

from .embeddings import embed, load_encoder
from .encoders import encoder_folder


def _sample(count: int, limit: int, rng: random.Random) -> list[int]:
    indices = list(range(count))
    if count > limit:
        indices = sorted(rng.sample(indices, limit))
    return indices


def _fine_tune_fold(
    folder: str,
    train_texts: list[str],
    train_labels: list[int],
    test_texts: list[str],
    settings: dict[str, Any],
    seed: int,
    should_stop: Any,
) -> list[float]:
    import torch
    from transformers import AutoModelForSequenceClassification, AutoTokenizer

    torch.manual_seed(seed)
    device = "cuda" if torch.cuda.is_available() else "cpu"
    tokenizer = AutoTokenizer.from_pretrained(folder)
    model = AutoModelForSequenceClassification.from_pretrained(folder, num_labels=2).to(device)
    optimizer = torch.optim.AdamW(model.parameters(), lr=float(settings.get("learningRate", 5e-5)))
    batch_size = int(settings.get("batchSize", 16))
    max_length = int(settings.get("maxLength", 64))
    rng = random.Random(seed)
    order = list(range(len(train_texts)))
    model.train()
    for _epoch in range(int(settings.get("epochs", 2))):
        rng.shuffle(order)
        for start in range(0, len(order), batch_size):
            if should_stop():
                raise InterruptedError("cancelled")
            batch_ids = order[start : start + batch_size]
            batch = tokenizer(
                [train_texts[i] for i in batch_ids],
                padding=True,
                truncation=True,
                max_length=max_length,
                return_tensors="pt",
            ).to(device)
            labels = torch.tensor([train_labels[i] for i in batch_ids], device=device)
            loss = model(**batch, labels=labels).loss
            loss.backward()
            optimizer.step()
            optimizer.zero_grad()
    model.eval()
    probabilities: list[float] = []
    with torch.inference_mode():
        for start in range(0, len(test_texts), 64):
            batch = tokenizer(
                test_texts[start : start + 64],
                padding=True,
                truncation=True,
                max_length=max_length,
                return_tensors="pt",
            ).to(device)
            logits = model(**batch).logits.float()
            probabilities.extend(torch.softmax(logits, dim=-1)[:, 1].cpu().tolist())
    return probabilities


def discriminate(params: dict[str, Any], on_progress: Any, should_stop: Any) -> dict[str, Any]:
    import numpy as np
    from sklearn.linear_model import LogisticRegression
    from sklearn.metrics import roc_auc_score
    from sklearn.model_selection import StratifiedKFold

    real: list[str] = params["real"]
    generated: list[str] = params["generated"]
    if len(real) < 5 or len(generated) < 5:
        raise ValueError("the discriminator needs at least 5 real and 5 generated records")
    seed = int(params.get("seed", 0))
    rng = random.Random(seed)
    limit = int(params.get("maxPerClass", 500))
    real_ids = _sample(len(real), limit, rng)
    generated_ids = _sample(len(generated), limit, rng)
    texts = [real[i] for i in real_ids] + [generated[i] for i in generated_ids]
    labels = np.array([0] * len(real_ids) + [1] * len(generated_ids))
    encoder = encoder_folder(params["encoder"], params.get("assetsDir"), params.get("modelCacheDir"))
    folds = int(params.get("folds", 5))
    splitter = StratifiedKFold(n_splits=folds, shuffle=True, random_state=seed)
    out_of_fold = np.zeros(len(texts), dtype=np.float64)
    fold_aucs: list[float] = []
    features = None
    if encoder.decoder:
        method = "frozen hidden states + logistic regression"
        features = embed(texts, encoder, should_stop=should_stop, loaded=load_encoder(encoder))
    else:
        method = "fine-tuned encoder"
    for fold, (train, test) in enumerate(splitter.split(np.zeros(len(texts)), labels)):
        on_progress("discriminator fold", fold, folds)
        if features is not None:
            classifier = LogisticRegression(max_iter=2000, C=1.0)
            classifier.fit(features[train], labels[train])
            probabilities = classifier.predict_proba(features[test])[:, 1]
        else:
            probabilities = np.array(
                _fine_tune_fold(
                    encoder.folder,
                    [texts[i] for i in train],
                    labels[train].tolist(),
                    [texts[i] for i in test],
                    params,
                    seed + fold,
                    should_stop,
                )
            )
        out_of_fold[test] = probabilities
        fold_aucs.append(float(roc_auc_score(labels[test], probabilities)))
    on_progress("discriminator fold", folds, folds)
    generated_probabilities: list[float | None] = [None] * len(generated)
    offset = len(real_ids)
    for position, index in enumerate(generated_ids):
        generated_probabilities[index] = float(out_of_fold[offset + position])
    ranked = sorted(generated_ids, key=lambda i: -(generated_probabilities[i] or 0.0))
    return {
        "encoder": encoder.name,
        "method": method,
        "auc": float(roc_auc_score(labels, out_of_fold)),
        "foldAucs": fold_aucs,
        "folds": folds,
        "sampled": {"real": len(real_ids), "generated": len(generated_ids)},
        "probabilities": generated_probabilities,
        "mostDetectable": ranked[: int(params.get("top", 10))],
    }
