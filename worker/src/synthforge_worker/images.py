"""Procedural defect images: a surface (rolled steel, tile, fabric) with parameterised defects.

Every parameter is drawn from the range the recipe gives (or the default below) by a NumPy
generator seeded with the image's recorded seed, so an image is rebuilt bit for bit from its
seed and ranges. Drawing and filtering use OpenCV and SciPy; a few real images of the class can
serve as backgrounds (a random crop, flipped and re-lit, under the procedural defect) or give
the defect itself: a crop of a real image around its defect, pasted onto a procedural surface
and blended in by Poisson image editing (OpenCV's seamlessClone) with a feathered rim.

Images are grayscale PNGs, returned base64-encoded with their sha256 and the sampled parameters.
"""

from __future__ import annotations

import base64
import hashlib
import math
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import cv2
import numpy as np
from scipy import ndimage

Range = tuple[float, float]

#: Parameters of the surfaces: brightness and texture of a defect-free background.
SURFACE_DEFAULTS: dict[str, Range] = {
    "brightness": (0.35, 0.6),
    "mottle": (0.02, 0.08),
    "mottleScale": (0.05, 0.2),
    "streaks": (0.0, 0.03),
    "grain": (0.02, 0.06),
    "gradient": (0.0, 0.12),
    "blur": (0.3, 1.0),
    "jpegQuality": (60, 95),
}

SURFACES = ("rolled-steel", "tile", "fabric")

#: Each defect's parameters and default ranges; the recipe may narrow or widen any of them.
DEFECT_DEFAULTS: dict[str, dict[str, Range]] = {
    "none": {},
    "scratches": {
        "count": (1, 3),
        "length": (0.3, 1.0),
        "width": (1.0, 3.0),
        "angle": (-25.0, 25.0),
        "curvature": (0.0, 0.3),
        "intensity": (0.2, 0.5),
    },
    "cracks": {
        "count": (1, 3),
        "length": (0.3, 0.9),
        "width": (1.0, 2.0),
        "branches": (0, 3),
        "intensity": (-0.35, -0.15),
    },
    "crazing": {
        "count": (25, 70),
        "length": (0.08, 0.25),
        "width": (1.0, 1.6),
        "waviness": (0.3, 0.8),
        "intensity": (-0.25, -0.1),
    },
    "inclusion": {
        "count": (2, 8),
        "length": (0.03, 0.12),
        "width": (1.5, 4.0),
        "spread": (0.02, 0.1),
        "intensity": (-0.45, -0.2),
    },
    "spots": {
        "count": (3, 15),
        "radius": (1.0, 5.0),
        "intensity": (-0.4, -0.15),
    },
    "patches": {
        "count": (1, 3),
        "size": (0.2, 0.5),
        "roughness": (0.3, 0.7),
        "intensity": (-0.5, -0.25),
    },
    "pitting": {
        "count": (60, 300),
        "radius": (0.6, 2.0),
        "band": (0.15, 0.5),
        "intensity": (-0.3, -0.1),
    },
    "scale": {
        "count": (40, 160),
        "size": (1.5, 5.0),
        "elongation": (1.0, 2.5),
        "intensity": (-0.25, -0.08),
    },
    "holes": {
        "count": (1, 3),
        "radius": (0.02, 0.08),
        "intensity": (-0.6, -0.35),
    },
    "frayed-edge": {
        "depth": (0.05, 0.2),
        "roughness": (0.3, 1.0),
        "intensity": (-0.5, -0.25),
    },
}

INTEGER_PARAMETERS = {"count", "branches", "jpegQuality"}


class ImageDataError(ValueError):
    """A render request names an unknown defect, surface or parameter, or an unreadable file."""


def _sample(
    rng: np.random.Generator, defaults: dict[str, Range], overrides: dict[str, Any], where: str
) -> dict[str, float]:
    unknown = sorted(set(overrides) - set(defaults))
    if unknown:
        raise ImageDataError(
            f"{where}: unknown parameter {unknown[0]!r} (known: {', '.join(sorted(defaults)) or 'none'})"
        )
    values: dict[str, float] = {}
    for name in sorted(defaults):
        spec = overrides.get(name, defaults[name])
        low, high = (float(spec), float(spec)) if isinstance(spec, (int, float)) else map(float, spec)
        if high < low:
            raise ImageDataError(f"{where}.{name}: range [{low}, {high}] has its high end below its low end")
        if name in INTEGER_PARAMETERS:
            values[name] = int(rng.integers(math.floor(low), math.floor(high) + 1))
        else:
            values[name] = float(rng.uniform(low, high))
    return values


def _normalized(field: np.ndarray) -> np.ndarray:
    std = float(field.std())
    return (field - field.mean()) / std if std > 0 else field * 0


def _surface(rng: np.random.Generator, size: int, kind: str, p: dict[str, float]) -> np.ndarray:
    mottle = _normalized(
        ndimage.gaussian_filter(rng.normal(size=(size, size)), sigma=p["mottleScale"] * size)
    )
    image = p["brightness"] + p["mottle"] * mottle
    if kind == "rolled-steel":
        # Rolling streaks: noise stretched along the rolling direction (vertical).
        streaks = ndimage.gaussian_filter(rng.normal(size=(size, size)), sigma=(size * 0.25, 0.8))
        image += p["streaks"] * _normalized(streaks)
    elif kind == "tile":
        period = int(rng.integers(max(8, size // 6), max(9, size // 2)))
        offset = int(rng.integers(0, period))
        grout = np.zeros((size, size), np.float32)
        for line in range(offset, size, period):
            grout[line, :] = 1
            grout[:, line] = 1
        image -= 0.15 * ndimage.gaussian_filter(grout, 0.8) * 3
    elif kind == "fabric":
        yy, xx = np.mgrid[0:size, 0:size]
        pitch = rng.uniform(3.0, 6.0)
        weave = np.sin(2 * np.pi * xx / pitch) * np.sin(2 * np.pi * yy / pitch)
        image += p["streaks"] * 2 * weave
    else:
        raise ImageDataError(f"unknown surface {kind!r} (known: {', '.join(SURFACES)})")
    angle = rng.uniform(0, 2 * np.pi)
    yy, xx = np.mgrid[0:size, 0:size] / max(1, size - 1) - 0.5
    image += p["gradient"] * (np.cos(angle) * xx + np.sin(angle) * yy) * 2
    image += p["grain"] * rng.normal(size=(size, size))
    return image.astype(np.float32)


def _real_background(rng: np.random.Generator, size: int, path: str, p: dict[str, float]) -> np.ndarray:
    raw = cv2.imread(path, cv2.IMREAD_GRAYSCALE)
    if raw is None:
        raise ImageDataError(f"{path}: cannot be read as an image")
    height, width = raw.shape
    scale = rng.uniform(0.6, 1.0)
    crop_h, crop_w = max(8, int(height * scale)), max(8, int(width * scale))
    top = int(rng.integers(0, height - crop_h + 1))
    left = int(rng.integers(0, width - crop_w + 1))
    crop = raw[top : top + crop_h, left : left + crop_w]
    if rng.random() < 0.5:
        crop = crop[:, ::-1]
    if rng.random() < 0.5:
        crop = crop[::-1, :]
    image = cv2.resize(np.ascontiguousarray(crop), (size, size), interpolation=cv2.INTER_AREA) / 255.0
    # Re-lit: contrast and brightness jitter, then the same grain as a procedural surface.
    image = (image - image.mean()) * rng.uniform(0.8, 1.2) + image.mean() + rng.uniform(-0.08, 0.08)
    return (image + p["grain"] * 0.5 * rng.normal(size=(size, size))).astype(np.float32)


#: Side of a pasted real crop, as a share of the real image's shorter side (and of the generated image).
CROP_SIZE_DEFAULT: Range = (0.3, 0.6)


def _smooth(image: np.ndarray) -> np.ndarray:
    """The image's smooth background: a Gaussian blur an eighth of its shorter side wide."""
    return cv2.GaussianBlur(image, (0, 0), sigmaX=max(2.0, min(image.shape) / 8))


def _window_means(deviation: np.ndarray, side: int) -> np.ndarray:
    """Mean of `deviation` over the side×side window whose top-left corner is at each pixel."""
    integral = cv2.integral(deviation)
    sums = (
        integral[side:, side:] - integral[:-side, side:] - integral[side:, :-side] + integral[:-side, :-side]
    )
    return sums / (side * side)


def _defect_window(rng: np.random.Generator, deviation: np.ndarray, side: int) -> tuple[int, int]:
    """Top and left of a side×side window that holds the defect: the windows whose mean deviation
    from the image's smooth background is in the top tenth, one of them drawn at random. Where
    the defect covers the image (crazing, pitting) any window does."""
    means = _window_means(deviation, side)
    flat = means.ravel()
    strongest = max(1, flat.size // 10)
    candidates = np.argpartition(flat, -strongest)[-strongest:]
    top, left = divmod(int(candidates[int(rng.integers(0, strongest))]), means.shape[1])
    return top, left


#: The most a pasted crop's detail is amplified to stand out of a grainier procedural surface.
CROP_GAIN_MAX = 4.0


def _crop_gain(raw: np.ndarray, base: np.ndarray, target: int) -> float:
    """How much to amplify a crop's detail (its deviation from the real image's smooth background)
    so that it stands out of the procedural surface as much as out of the real image's quietest
    part: the surface's mean deviation from its own smooth background over that of the real
    image's quietest tenth of windows, both at the generated image's scale; 1 to CROP_GAIN_MAX.
    A fine real texture (pits, scale flakes) is no stronger than procedural grain otherwise."""
    scale = base.shape[0] / min(raw.shape)
    small = cv2.resize(raw, None, fx=scale, fy=scale, interpolation=cv2.INTER_AREA).astype(np.float32) / 255.0
    side = max(2, min(target, *small.shape))
    means = _window_means(np.abs(small - _smooth(small)), side).ravel()
    quiet = float(np.sort(means)[: max(1, means.size // 10)].mean())
    surface = float(np.abs(base - _smooth(base)).mean())
    return float(np.clip(surface / max(quiet, 1e-3), 1.0, CROP_GAIN_MAX))


def _paste_real_crop(
    rng: np.random.Generator, base: np.ndarray, path: str, size_range: Range
) -> tuple[np.ndarray, np.ndarray, dict[str, Any]]:
    """`base` with a crop of the real image at `path` around its defect pasted in and blended by
    Poisson image editing (the crop's gradients, the surface's level at its edge); also the
    pasted area (0–1) and what was pasted where."""
    raw = cv2.imread(path, cv2.IMREAD_GRAYSCALE)
    if raw is None:
        raise ImageDataError(f"{path}: cannot be read as an image")
    size = base.shape[0]
    low, high = size_range
    if not 0 < low <= high <= 1:
        raise ImageDataError(f"cropSize: range [{low}, {high}] must lie within (0, 1] with its low end first")
    share = float(rng.uniform(low, high))
    side = max(8, min(min(raw.shape), round(min(raw.shape) * share)))
    values = raw.astype(np.float32) / 255.0
    smooth = _smooth(values)
    top, left = _defect_window(rng, np.abs(values - smooth), side)
    # The crop covers the same share of the generated image as of the real one (the same scale
    # as a real background), inside a margin of 2 pixels (seamlessClone's mask must not reach the edge).
    target = max(8, min(size - 6, round(size * share)))
    # Its detail amplified to stand out of the procedural surface as out of the real one.
    gain = _crop_gain(raw, base, target)
    window = (slice(top, top + side), slice(left, left + side))
    amplified = smooth[window] + gain * (values[window] - smooth[window])
    turns = int(rng.integers(0, 4))
    crop = np.rot90(np.clip(amplified * 255, 0, 255).astype(np.uint8), turns)
    flipped = bool(rng.random() < 0.5)
    if flipped:
        crop = crop[:, ::-1]
    crop = cv2.resize(np.ascontiguousarray(crop), (target, target), interpolation=cv2.INTER_AREA)
    y = int(rng.integers(2, size - target - 2))
    x = int(rng.integers(2, size - target - 2))
    # An ellipse that fills the square leaves the crop's corners out.
    mask = np.zeros((target, target), np.uint8)
    cv2.ellipse(mask, (target // 2, target // 2), (target // 2 - 1, target // 2 - 1), 0, 0, 360, 255, -1)
    surface = cv2.cvtColor(np.clip(base * 255, 0, 255).astype(np.uint8), cv2.COLOR_GRAY2BGR)
    centre = (x + target // 2, y + target // 2)
    # Poisson cloning brings the crop's own gradients in whole (a subtle pitted or scaled texture
    # survives on a grainy surface, which mixed cloning drowns), at the surface's level along the
    # edge; a feathered mask then fades the crop's rim into the surface, leaving no ring.
    # (seamlessClone erodes the mask it is given: it gets a copy.)
    source = cv2.cvtColor(crop, cv2.COLOR_GRAY2BGR)
    cloned = cv2.seamlessClone(source, surface, mask.copy(), centre, cv2.NORMAL_CLONE)
    cloned = cv2.cvtColor(cloned, cv2.COLOR_BGR2GRAY).astype(np.float32) / 255.0
    pasted = np.zeros((size, size), np.float32)
    pasted[y : y + target, x : x + target] = mask / 255.0
    soft = cv2.GaussianBlur(pasted, (0, 0), sigmaX=max(1.0, target / 10))
    image = base * (1 - soft) + cloned * soft
    where = {
        "file": Path(path).name,
        "box": [left, top, side, side],
        "at": [x, y, target, target],
        "rotation": 90 * turns,
        "flipped": flipped,
        "gain": round(gain, 3),
    }
    return image, pasted, where


def _bezier(rng: np.random.Generator, start: np.ndarray, end: np.ndarray, bend: float) -> np.ndarray:
    middle = (start + end) / 2
    direction = end - start
    normal = np.array([-direction[1], direction[0]])
    control = middle + normal * rng.uniform(-bend, bend)
    t = np.linspace(0, 1, 48)[:, None]
    return (1 - t) ** 2 * start + 2 * (1 - t) * t * control + t**2 * end


def _walk(
    rng: np.random.Generator, start: np.ndarray, heading: float, length: float, wiggle: float
) -> np.ndarray:
    steps = max(3, int(length / 2))
    points = [start]
    for _ in range(steps):
        heading += rng.normal(0, wiggle)
        points.append(points[-1] + 2 * np.array([math.cos(heading), math.sin(heading)]))
    return np.array(points)


def _polyline(mask: np.ndarray, points: np.ndarray, width: float) -> None:
    # 16x sub-pixel precision, anti-aliased.
    cv2.polylines(
        mask,
        [np.round(points * 16).astype(np.int32)],
        False,
        1.0,
        thickness=max(1, round(width)),
        lineType=cv2.LINE_AA,
        shift=4,
    )


def _defect_mask(rng: np.random.Generator, size: int, kind: str, p: dict[str, float]) -> np.ndarray:
    mask = np.zeros((size, size), np.float32)
    if kind == "none":
        return mask
    if kind == "scratches":
        for _ in range(int(p["count"])):
            length = p["length"] * size
            angle = math.radians(90 + p["angle"] + rng.normal(0, 5))
            center = rng.uniform(0.1, 0.9, 2) * size
            offset = 0.5 * length * np.array([math.cos(angle), math.sin(angle)])
            _polyline(mask, _bezier(rng, center - offset, center + offset, p["curvature"]), p["width"])
        return ndimage.gaussian_filter(mask, 0.5)
    if kind == "cracks":
        for _ in range(int(p["count"])):
            start = rng.uniform(0.1, 0.9, 2) * size
            heading = rng.uniform(0, 2 * np.pi)
            trunk = _walk(rng, start, heading, p["length"] * size, 0.25)
            _polyline(mask, trunk, p["width"])
            for _ in range(int(p["branches"])):
                at = trunk[int(rng.integers(0, len(trunk)))]
                branch = _walk(
                    rng,
                    at,
                    heading + rng.choice([-1, 1]) * rng.uniform(0.4, 1.2),
                    p["length"] * size / 3,
                    0.3,
                )
                _polyline(mask, branch, max(1.0, p["width"] - 0.5))
        return ndimage.gaussian_filter(mask, 0.5)
    if kind == "crazing":
        # A network of short wavy cracks running across the rolling direction.
        for _ in range(int(p["count"])):
            start = rng.uniform(0, 1, 2) * size
            heading = rng.normal(0, 0.35) + rng.choice([0, np.pi])
            _polyline(mask, _walk(rng, start, heading, p["length"] * size, p["waviness"]), p["width"])
        return ndimage.gaussian_filter(mask, 0.6)
    if kind == "inclusion":
        column = rng.uniform(0.15, 0.85) * size
        for _ in range(int(p["count"])):
            center = (column + rng.normal(0, p["spread"] * size), rng.uniform(0.05, 0.95) * size)
            axes = (max(1, int(p["width"] / 2)), max(1, int(p["length"] * size / 2)))
            cv2.ellipse(
                mask, (int(center[0]), int(center[1])), axes, rng.normal(0, 8), 0, 360, 1.0, -1, cv2.LINE_AA
            )
        return ndimage.gaussian_filter(mask, 0.8)
    if kind == "spots":
        for _ in range(int(p["count"])):
            center = rng.uniform(0.05, 0.95, 2) * size
            cv2.circle(mask, (int(center[0]), int(center[1])), max(1, int(p["radius"])), 1.0, -1, cv2.LINE_AA)
        return ndimage.gaussian_filter(mask, 0.8)
    if kind == "patches":
        # Blobs stretched along the rolling direction, their edges broken up by two scales of noise.
        coarse = _normalized(ndimage.gaussian_filter(rng.normal(size=(size, size)), size * 0.04))
        fine = _normalized(ndimage.gaussian_filter(rng.normal(size=(size, size)), size * 0.012))
        field = 0.7 * coarse + 0.3 * fine
        for _ in range(int(p["count"])):
            blob = np.zeros((size, size), np.float32)
            center = rng.uniform(0.15, 0.85, 2) * size
            axes = (
                int(p["size"] * size / 2 * rng.uniform(0.4, 0.8)),
                int(p["size"] * size / 2 * rng.uniform(1.0, 1.8)),
            )
            cv2.ellipse(blob, (int(center[0]), int(center[1])), axes, rng.normal(0, 12), 0, 360, 1.0, -1)
            blob = ndimage.gaussian_filter(blob, size * 0.05)
            mask = np.maximum(mask, np.clip(blob * 2 - 0.5 + p["roughness"] * 0.6 * field, 0, 1))
        return ndimage.gaussian_filter(mask, 1.0)
    if kind == "pitting":
        band_center = rng.uniform(0.2, 0.8) * size
        for _ in range(int(p["count"])):
            x = band_center + rng.normal(0, p["band"] * size / 2)
            y = rng.uniform(0, size)
            cv2.circle(
                mask, (int(x * 16), int(y * 16)), max(1, int(p["radius"] * 16)), 1.0, -1, cv2.LINE_AA, 4
            )
        return ndimage.gaussian_filter(mask, 0.6)
    if kind == "scale":
        for _ in range(int(p["count"])):
            center = rng.uniform(0, 1, 2) * size
            radius = p["size"] * rng.uniform(0.5, 1.0)
            axes = (max(1, int(radius * p["elongation"])), max(1, int(radius)))
            cv2.ellipse(
                mask,
                (int(center[0]), int(center[1])),
                axes,
                rng.normal(0, 20),
                0,
                360,
                rng.uniform(0.4, 1.0),
                -1,
                cv2.LINE_AA,
            )
        return ndimage.gaussian_filter(mask, 0.7)
    if kind == "holes":
        for _ in range(int(p["count"])):
            center = rng.uniform(0.15, 0.85, 2) * size
            radius = max(2, int(p["radius"] * size))
            cv2.circle(mask, (int(center[0]), int(center[1])), radius, 1.0, -1, cv2.LINE_AA)
        return ndimage.gaussian_filter(mask, 1.0)
    if kind == "frayed-edge":
        edge = ndimage.gaussian_filter1d(rng.normal(size=size), 2) * p["roughness"] * p["depth"] * size
        depth = np.clip(p["depth"] * size + edge, 1, size)
        rows = np.arange(size)[:, None]
        mask = (rows < depth[None, :]).astype(np.float32)
        side = int(rng.integers(0, 4))
        return ndimage.gaussian_filter(np.rot90(mask, side).copy(), 0.7)
    raise ImageDataError(f"unknown defect {kind!r} (known: {', '.join(DEFECT_DEFAULTS)})")


def difference_hash(pixels: np.ndarray) -> str:
    """The 64-bit difference hash (dHash) of a grayscale image, as 16 hex digits."""
    small = cv2.resize(pixels, (9, 8), interpolation=cv2.INTER_AREA).astype(np.int16)
    bits = (small[:, 1:] > small[:, :-1]).flatten()
    return f"{int(''.join('1' if bit else '0' for bit in bits), 2):016x}"


def render_one(item: dict[str, Any], size: int, backgrounds: dict[str, list[str]]) -> dict[str, Any]:
    """One image from its seed and ranges: the PNG (base64), its sha256 and the sampled parameters."""
    seed = int(item["seed"])
    label = str(item["label"])
    defect = str(item["defect"])
    surface = str(item.get("surface") or "rolled-steel")
    if defect not in DEFECT_DEFAULTS:
        raise ImageDataError(
            f"class {label}: unknown defect {defect!r} (known: {', '.join(DEFECT_DEFAULTS)})"
        )
    if surface not in SURFACES:
        raise ImageDataError(f"class {label}: unknown surface {surface!r} (known: {', '.join(SURFACES)})")
    started, cpu_started = time.perf_counter(), time.process_time()
    rng = np.random.default_rng(seed)
    surface_params = _sample(rng, SURFACE_DEFAULTS, item.get("surfaceParams") or {}, f"class {label} surface")
    defect_params = _sample(
        rng, DEFECT_DEFAULTS[defect], item.get("defectParams") or {}, f"class {label} {defect}"
    )
    files = backgrounds.get(label) or []
    share = float(item.get("realBackgroundShare") or 0.0)
    use_real = bool(files) and rng.random() < share
    background = files[int(rng.integers(0, len(files)))] if use_real else None
    base = (
        _real_background(rng, size, background, surface_params)
        if background is not None
        else _surface(rng, size, surface, surface_params)
    )
    # A real defect instead of a drawn one: a crop of a real image of the class, on a procedural
    # surface only (a real background has its own defect). No draw at all when the share is 0, so
    # images of recipes without crops are the same as before crops existed.
    crop_share = float(item.get("realCropShare") or 0.0)
    use_crop = background is None and bool(files) and crop_share > 0 and rng.random() < crop_share
    crop: dict[str, Any] | None = None
    if use_crop:
        crop_file = files[int(rng.integers(0, len(files)))]
        size_range = item.get("cropSize") or CROP_SIZE_DEFAULT
        if isinstance(size_range, (int, float)):
            size_range = (size_range, size_range)
        low, high = float(size_range[0]), float(size_range[1])
        image, mask, crop = _paste_real_crop(rng, base, crop_file, (low, high))
        # The drawn defect's parameters were sampled (the seed's sequence) but not used.
        defect_params = {}
    else:
        mask = _defect_mask(rng, size, defect, defect_params)
        intensity = defect_params.get("intensity", 0.0)
        if defect == "patches":
            # Dark patches on a bright, rough surface: the patch keeps the surface's texture.
            image = base * (1 - mask) + (base + intensity) * mask
        else:
            image = base + intensity * mask * (1 + 0.3 * rng.normal(size=(size, size)).astype(np.float32))
    # How far the defect stands out: its mean contrast where it lies, over the surface's spread.
    covered = mask > 0.25
    visibility = (
        float(np.abs(image - base)[covered].mean() / max(float(base.std()), 1e-3)) if covered.any() else 0.0
    )
    image = ndimage.gaussian_filter(image, surface_params["blur"])
    pixels = np.clip(image * 255, 0, 255).astype(np.uint8)
    # A JPEG round trip gives the compression texture of camera images.
    quality = int(surface_params["jpegQuality"])
    ok, jpeg = cv2.imencode(".jpg", pixels, [cv2.IMWRITE_JPEG_QUALITY, quality])
    if ok:
        pixels = cv2.imdecode(jpeg, cv2.IMREAD_GRAYSCALE)
    ok, png = cv2.imencode(".png", pixels)
    if not ok:
        raise RuntimeError("OpenCV could not encode a PNG")
    data = png.tobytes()
    return {
        "id": item["id"],
        "png": base64.b64encode(data).decode("ascii"),
        "sha256": hashlib.sha256(data).hexdigest(),
        "dhash": difference_hash(pixels),
        "seconds": time.perf_counter() - started,
        "cpuSeconds": time.process_time() - cpu_started,
        "visibility": visibility,
        "params": {
            "surface": surface,
            "background": Path(background).name if background is not None else "procedural",
            "surfaceParams": surface_params,
            "defect": defect,
            "defectParams": defect_params,
            **({} if crop is None else {"crop": crop}),
        },
    }


def render_images(
    params: dict[str, Any], on_progress: Callable[[int, int], None], should_stop: Callable[[], bool]
) -> dict[str, Any]:
    """The `render` method: every item of the request, in order; stops early when cancelled."""
    size = int(params["size"])
    backgrounds: dict[str, list[str]] = {}
    for label, files in (params.get("backgrounds") or {}).items():
        for file in files:
            if not Path(file).is_file():
                raise ImageDataError(f"{file}: real background image of class {label} does not exist")
        backgrounds[label] = list(files)
    items = params["items"]
    images = []
    for index, item in enumerate(items):
        if should_stop():
            break
        images.append(render_one(item, size, backgrounds))
        on_progress(index + 1, len(items))
    return {"images": images, "cancelled": len(images) < len(items)}
