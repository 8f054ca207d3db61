"""Learning-rate schedule and weight EMA used by the trainer."""

from __future__ import annotations

import math
from collections.abc import Sequence

import torch


def cosine_with_floor(step: int, total: int, peak: float, floor: float, warmup_ratio: float) -> float:
    """Linear warm-up to `peak`, then a cosine down to `floor` at the last step."""
    warmup = math.ceil(warmup_ratio * total)
    if step < warmup:
        return peak * (step + 1) / warmup
    progress = min(1.0, (step - warmup) / max(1, total - warmup - 1))
    return floor + (peak - floor) * 0.5 * (1.0 + math.cos(math.pi * progress))


class WeightEma:
    """Exponential moving average of the trained weights.

    The decay warms up as min(decay, (1 + t) / (10 + t)) so that short runs are not dominated by
    the initial weights (for LoRA, B starts at zero).
    """

    def __init__(self, parameters: Sequence[torch.nn.Parameter], decay: float) -> None:
        self.decay = decay
        self.updates = 0
        self.shadow = [p.detach().clone() for p in parameters]

    @torch.no_grad()
    def update(self, parameters: Sequence[torch.nn.Parameter]) -> None:
        self.updates += 1
        decay = min(self.decay, (1 + self.updates) / (10 + self.updates))
        current = [p.detach() for p in parameters]
        torch._foreach_mul_(self.shadow, decay)
        torch._foreach_add_(self.shadow, current, alpha=1.0 - decay)

    def state_dict(self) -> dict[str, object]:
        return {"decay": self.decay, "updates": self.updates, "shadow": self.shadow}

    def load_state_dict(self, state: dict[str, object]) -> None:
        self.updates = int(state["updates"])  # type: ignore[arg-type]
        shadow = state["shadow"]
        assert isinstance(shadow, list)
        for target, source in zip(self.shadow, shadow, strict=True):
            target.copy_(source)


@torch.no_grad()
def copy_into(parameters: Sequence[torch.nn.Parameter], values: Sequence[torch.Tensor]) -> list[torch.Tensor]:
    """Copies `values` into the parameters and returns what they held before."""
    previous = [p.detach().clone() for p in parameters]
    for parameter, value in zip(parameters, values, strict=True):
        parameter.copy_(value)
    return previous
