"""The last checkpoint of a fine-tune, so that a stopped run resumes at the batch it stopped at.

One folder, `<output>/checkpoints/last`, holds the trainable weights, the optimizer, the EMA,
the best weights so far, the random number generators (`state.pt`) and the TrainState
(`trainer_state.json`). It is written beside the old one and swapped in with renames, so a
crash while saving leaves the previous checkpoint whole.
"""

from __future__ import annotations

import json
import os
import random
import shutil
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

import torch

from .schedule import WeightEma


@dataclass
class TrainState:
    """Where training is; saved in every checkpoint so a resume continues at the same batch."""

    step: int = 0
    stage_index: int = 0
    stage_step: int = 0
    epoch: int = 0
    batch: int = 0
    best_validation_loss: float | None = None
    bad_validations: int = 0
    loss_curve: list[dict[str, float]] = field(default_factory=list)


def checkpoint_dir(output: Path) -> Path:
    """The checkpoint folder of a training output folder."""
    return output / "checkpoints" / "last"


def save_checkpoint(
    target: Path,
    state: TrainState,
    params: dict[str, torch.nn.Parameter],
    optimizer: Any,
    ema: WeightEma | None,
    best: list[torch.Tensor] | None,
) -> None:
    """Writes the checkpoint to `target`, replacing the previous one only once it is complete."""
    temporary = target.with_name(f"last.tmp{os.getpid()}")
    shutil.rmtree(temporary, ignore_errors=True)
    temporary.mkdir(parents=True)
    torch.save(
        {
            "params": {name: p.detach().cpu() for name, p in params.items()},
            "optimizer": optimizer.state_dict(),
            "ema": ema.state_dict() if ema else None,
            "best": best,
            "rng": {"torch": torch.get_rng_state(), "python": random.getstate()},
        },
        temporary / "state.pt",
    )
    (temporary / "trainer_state.json").write_text(json.dumps(asdict(state), indent=2))
    previous = target.with_name("last.old")
    if target.exists():
        shutil.rmtree(previous, ignore_errors=True)
        os.replace(target, previous)
    os.replace(temporary, target)
    shutil.rmtree(previous, ignore_errors=True)


def load_checkpoint(
    target: Path,
    params: dict[str, torch.nn.Parameter],
    optimizer: Any,
    ema: WeightEma | None,
) -> tuple[TrainState, list[torch.Tensor] | None]:
    """Restores weights, optimizer, EMA and random state in place; returns the TrainState and
    the best weights saved with them."""
    saved = torch.load(target / "state.pt", weights_only=False)
    with torch.no_grad():
        for name, parameter in params.items():
            parameter.copy_(saved["params"][name])
    optimizer.load_state_dict(saved["optimizer"])
    if ema is not None and saved["ema"] is not None:
        ema.load_state_dict(saved["ema"])
    torch.set_rng_state(saved["rng"]["torch"])
    random.setstate(saved["rng"]["python"])
    state = TrainState(**json.loads((target / "trainer_state.json").read_text()))
    return state, saved["best"]
