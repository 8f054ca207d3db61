"""The image methods of the protocol: render defect images, train the student, evaluate it."""

from __future__ import annotations

import threading
from collections.abc import Callable
from typing import Any

from .protocol import Channel


def handle_image_job(
    method: str,
    params: dict[str, Any],
    request_id: str,
    channel: Channel,
    cancel: threading.Event,
    progress_message: Callable[[str, str, dict[str, Any]], dict[str, Any]],
) -> dict[str, Any]:
    def on_count(done: int, total: int) -> None:
        channel.send(
            progress_message(request_id, method, {"stage": method, "step": done, "totalSteps": total})
        )

    if method == "render-images":
        from .images import render_images

        return render_images(params, on_count, cancel.is_set)
    if method == "train-images":
        from .imagecnn import train_images

        return train_images(
            params, lambda values: channel.send(progress_message(request_id, method, values)), cancel.is_set
        )
    if method == "image-realism":
        from .imagecnn import image_realism

        return image_realism(params, on_count)
    from .imagecnn import evaluate_images

    return evaluate_images(params, on_count)
