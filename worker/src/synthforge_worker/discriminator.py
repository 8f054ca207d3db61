"""The transformer discriminator: real reference records against generated ones, 5-fold ROC AUC.

An encoder (all-MiniLM-L6-v2, or any Hugging Face encoder) is fine-tuned with a fresh two-class
head in each fold and predicts the held-out fold, so every sampled record gets an out-of-fold
"looks generated" probability. A decoder LLM (the dequantized GGUF teacher, the Chinese path)
either has its top layers fine-tuned (`decoderMethod: "fine-tune"`): the hidden states entering
its last `topLayers` layers are computed once for every text, and in each fold a fresh copy of
those layers, the final norm and a two-class head on their masked mean are trained; or (the
default, `"frozen"`) its frozen mean-pooled last hidden states feed a logistic regression per
fold. The result names the method.
"""

from __future__ import annotations

import random
from typing import Any

from .embeddings import embed, load_encoder, tokenize
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
    max_length = int(settings.get("maxLength", 64))
    model.train()

    def train_loss(ids: list[int]) -> Any:
        batch = tokenize(tokenizer, [train_texts[i] for i in ids], max_length, device)
        labels = torch.tensor([train_labels[i] for i in ids], device=device)
        return model(**batch, labels=labels).loss

    def test_logits(start: int, end: int) -> Any:
        return model(**tokenize(tokenizer, test_texts[start:end], max_length, device)).logits

    return _train_then_score(
        model,
        optimizer,
        train_loss,
        test_logits,
        len(train_texts),
        len(test_texts),
        settings,
        seed,
        should_stop,
    )


def _train_then_score(
    model: Any,
    optimizer: Any,
    train_loss: Any,
    test_logits: Any,
    train_count: int,
    test_count: int,
    settings: dict[str, Any],
    seed: int,
    should_stop: Any,
) -> list[float]:
    """`settings.epochs` [2] shuffled passes of `train_loss` over the training ids, then the
    probability of "generated" for each test record, 64 at a time."""
    import torch

    batch_size = int(settings.get("batchSize", 16))
    rng = random.Random(seed)
    order = list(range(train_count))
    for _epoch in range(int(settings.get("epochs", 2))):
        rng.shuffle(order)
        for start in range(0, len(order), batch_size):
            if should_stop():
                raise InterruptedError("cancelled")
            train_loss(order[start : start + batch_size]).backward()
            optimizer.step()
            optimizer.zero_grad()
    model.eval()
    probabilities: list[float] = []
    with torch.inference_mode():
        for start in range(0, test_count, 64):
            logits = test_logits(start, min(start + 64, test_count)).float()
            probabilities.extend(torch.softmax(logits, dim=-1)[:, 1].cpu().tolist())
    return probabilities


def _decoder_inputs(texts: list[str], encoder: Any, top: int, max_length: int, should_stop: Any) -> Any:
    """The decoder, its top layers, and the hidden states entering them for each text (computed once)."""
    import torch

    model, tokenizer, device = load_encoder(encoder)
    tokenizer.padding_side = "right"
    layers = list(model.layers)
    if not 1 <= top < len(layers):
        raise ValueError(f"topLayers must be between 1 and {len(layers) - 1}, got {top}")
    norm = model.norm
    # The lower layers only, with no final norm: the last hidden state is what enters the top layers.
    model.layers = torch.nn.ModuleList(layers[: len(layers) - top])
    model.norm = torch.nn.Identity()
    states: list[Any] = [None] * len(texts)
    order = sorted(range(len(texts)), key=lambda i: len(texts[i]))
    with torch.inference_mode():
        for start in range(0, len(order), 32):
            if should_stop():
                raise InterruptedError("cancelled")
            ids = order[start : start + 32]
            batch = tokenize(tokenizer, [texts[i] for i in ids], max_length, device)
            hidden = model(**batch, use_cache=False).last_hidden_state.float()
            for row, length in enumerate(batch["attention_mask"].sum(1).tolist()):
                states[ids[row]] = hidden[row, : int(length)].cpu().clone()
    model.layers = torch.nn.ModuleList(layers[len(layers) - top :])
    model.norm = norm
    return model, states, device


def _pad(states: list[Any], device: str) -> tuple[Any, Any]:
    import torch

    width = max(state.shape[0] for state in states)
    hidden = torch.zeros(len(states), width, states[0].shape[1])
    mask = torch.zeros(len(states), width, dtype=torch.long)
    for row, state in enumerate(states):
        hidden[row, : state.shape[0]] = state
        mask[row, : state.shape[0]] = 1
    return hidden.to(device), mask.to(device)


def _fine_tune_decoder_fold(
    model: Any,
    pristine: dict[str, Any],
    train_states: list[Any],
    train_labels: list[int],
    test_states: list[Any],
    settings: dict[str, Any],
    seed: int,
    device: str,
    should_stop: Any,
) -> list[float]:
    """Trains the top layers (reset to the pretrained weights), the final norm and a fresh head."""
    import torch

    torch.manual_seed(seed)
    model.load_state_dict(pristine, strict=False)
    model.float().train()
    for name, parameter in model.named_parameters():
        parameter.requires_grad = name.startswith(("layers.", "norm."))
    head = torch.nn.Linear(model.config.hidden_size, 2).to(device)
    rate = float(settings.get("learningRate", 5e-5))
    optimizer = torch.optim.AdamW(
        [
            {"params": [p for p in model.parameters() if p.requires_grad], "lr": rate},
            {"params": head.parameters(), "lr": rate * 20},
        ]
    )

    def logits_of(states: list[Any]) -> Any:
        hidden, mask = _pad(states, device)
        out = model(inputs_embeds=hidden, attention_mask=mask, use_cache=False).last_hidden_state
        weights = mask.unsqueeze(-1).to(out.dtype)
        return head((out * weights).sum(1) / weights.sum(1).clamp(min=1))

    def train_loss(ids: list[int]) -> Any:
        labels = torch.tensor([train_labels[i] for i in ids], device=device)
        return torch.nn.functional.cross_entropy(logits_of([train_states[i] for i in ids]), labels)

    return _train_then_score(
        model,
        optimizer,
        train_loss,
        lambda start, end: logits_of(test_states[start:end]),
        len(train_states),
        len(test_states),
        settings,
        seed,
        should_stop,
    )


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
    decoder_states = None
    if encoder.decoder and params.get("decoderMethod", "frozen") == "fine-tune":
        top = int(params.get("topLayers", 2))
        method = f"fine-tuned top {top} layers + head"
        decoder, decoder_states, device = _decoder_inputs(
            texts, encoder, top, int(params.get("maxLength", 64)), should_stop
        )
        pristine = {
            name: value.detach().float().clone()
            for name, value in decoder.state_dict().items()
            if name.startswith(("layers.", "norm."))
        }
    elif encoder.decoder:
        method = "frozen hidden states + logistic regression"
        features = embed(texts, encoder, should_stop=should_stop, loaded=load_encoder(encoder))
    else:
        method = "fine-tuned encoder"
    for fold, (train, test) in enumerate(splitter.split(np.zeros(len(texts)), labels)):
        on_progress("discriminator fold", fold, folds)
        if decoder_states is not None:
            probabilities = np.array(
                _fine_tune_decoder_fold(
                    decoder,
                    pristine,
                    [decoder_states[i] for i in train],
                    labels[train].tolist(),
                    [decoder_states[i] for i in test],
                    params,
                    seed + fold,
                    device,
                    should_stop,
                )
            )
        elif features is not None:
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
