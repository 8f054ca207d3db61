"""The worker's request loop: a ready handshake, then one request at a time from stdin.

A reader thread takes lines off stdin so that a `cancel` request (or SIGINT, or stdin closing)
reaches a running job at once; the job saves a checkpoint and returns a result marked cancelled.
"""

from __future__ import annotations

import logging
import platform
import queue
import signal
import sys
import threading
import traceback
from typing import Any

from . import __version__
from .protocol import PROTOCOL_VERSION, Channel, ProtocolError, finite, parse_request

log = logging.getLogger("synthforge_worker")


def error_kind(error: BaseException) -> str:
    from .data import DataError
    from .export import ExportUnsupported
    from .imagecnn import ImageDataError as ImageFileError
    from .images import ImageDataError
    from .modeling import ModelLoadError

    if isinstance(error, InterruptedError):
        return "cancelled"
    if isinstance(error, (DataError, ImageDataError, ImageFileError)):
        return "invalid-data"
    if isinstance(error, ModelLoadError):
        return "model-load"
    if isinstance(error, ExportUnsupported):
        return "unsupported"
    if isinstance(error, (ProtocolError, TypeError, ValueError)):
        return "bad-request"
    if isinstance(error, MemoryError) or "out of memory" in str(error).lower():
        return "out-of-memory"
    return "internal"


def progress_message(request_id: str, job: str, values: dict[str, Any]) -> dict[str, Any]:
    return {
        "type": "progress",
        "id": request_id,
        "job": job,
        "stage": values.get("stage"),
        "step": int(values["step"]),
        "totalSteps": int(values["totalSteps"]),
        "epoch": float(values.get("epoch") or 0.0),
        "loss": finite(values.get("loss")),
        "validationLoss": finite(values.get("validationLoss")),
        "learningRate": finite(values.get("learningRate")),
        "tokensPerSecond": finite(values.get("tokensPerSecond")),
        "etaSeconds": finite(values.get("etaSeconds")),
    }


def handle(
    method: str, params: dict[str, Any], request_id: str, channel: Channel, cancel: threading.Event
) -> dict[str, Any]:
    from .config import EvaluateConfig, ExportConfig, TrainConfig, from_params

    if method == "train":
        from .trainer import Trainer

        trainer = Trainer(
            from_params(TrainConfig, params),
            on_progress=lambda values: channel.send(progress_message(request_id, "train", values)),
            should_stop=cancel.is_set,
        )
        return trainer.train()
    if method == "evaluate":
        from .evaluate import run_evaluation

        def on_progress(what: str, done: int, total: int) -> None:
            channel.send(
                progress_message(request_id, "evaluate", {"stage": what, "step": done, "totalSteps": total})
            )

        return run_evaluation(from_params(EvaluateConfig, params), on_progress, cancel.is_set)
    if method == "export":
        from pathlib import Path

        from .export import export_gguf_lora, export_merged
        from .modeling import load_for_inference

        config = from_params(ExportConfig, params)
        loaded = load_for_inference(config.base_model, config.adapter, config.model_cache_dir)
        files: dict[str, Any] = {}
        if config.gguf:
            files["ggufAdapter"] = export_gguf_lora(
                loaded.model, Path(config.adapter).parent / "adapter.gguf"
            )
        if config.merged:
            files["merged"] = export_merged(
                loaded.model, loaded.tokenizer, Path(config.adapter).parent / "merged"
            )
        return {"files": files}
    if method in ("render-images", "train-images", "evaluate-images", "image-realism"):
        from .imagejobs import handle_image_job

        return handle_image_job(method, params, request_id, channel, cancel, progress_message)
    if method in ("bertscore", "syntax", "spread", "discriminate"):
        return handle_scoring(method, params, request_id, channel, cancel)
    raise ProtocolError(f"unknown method {method!r}")


def handle_scoring(
    method: str, params: dict[str, Any], request_id: str, channel: Channel, cancel: threading.Event
) -> dict[str, Any]:
    """The evaluation toolchain of the quality stage: BERTScore, syntax, spread, discriminator."""

    def on_progress(what: str, done: int, total: int) -> None:
        channel.send(progress_message(request_id, method, {"stage": what, "step": done, "totalSteps": total}))

    if method == "bertscore":
        from .bertscore import score_pairs

        return score_pairs(params)
    if method == "syntax":
        from .syntax import check_syntax

        return check_syntax(params)
    if method == "spread":
        from .embeddings import semantic_spread

        return semantic_spread(params, cancel.is_set)
    from .discriminator import discriminate

    return discriminate(params, on_progress, cancel.is_set)


def serve() -> int:
    logging.basicConfig(stream=sys.stderr, level=logging.INFO, format="%(levelname)s %(name)s: %(message)s")
    channel = Channel(sys.stdout)
    # Anything else printing to stdout would corrupt the protocol: send it to stderr.
    sys.stdout = sys.stderr
    cancel = threading.Event()
    requests: queue.Queue[dict[str, Any] | None] = queue.Queue()

    def on_signal(_signum: int, _frame: Any) -> None:
        if cancel.is_set():
            raise KeyboardInterrupt
        cancel.set()
        log.info("interrupted: stopping at the next safe point")

    signal.signal(signal.SIGINT, on_signal)
    signal.signal(signal.SIGTERM, on_signal)

    def read() -> None:
        for line in sys.stdin:
            if not line.strip():
                continue
            try:
                message = parse_request(line)
            except ProtocolError as error:
                channel.send(
                    {
                        "type": "error",
                        "id": None,
                        "kind": "bad-request",
                        "message": str(error),
                        "traceback": None,
                    }
                )
                continue
            if message["type"] == "cancel":
                cancel.set()
            elif message["type"] == "shutdown":
                break
            else:
                requests.put(message)
        cancel.set()
        requests.put(None)

    threading.Thread(target=read, daemon=True).start()
    import torch

    device = "cuda" if torch.cuda.is_available() else "cpu"
    channel.send(
        {
            "type": "ready",
            "protocolVersion": PROTOCOL_VERSION,
            "workerVersion": __version__,
            "python": platform.python_version(),
            "torch": torch.__version__,
            "device": device,
        }
    )
    while True:
        message = requests.get()
        if message is None:
            return 0
        cancel.clear()
        request_id = message["id"]
        try:
            value = handle(message["method"], message["params"], request_id, channel, cancel)
            channel.send({"type": "result", "id": request_id, "value": value})
        except Exception as error:
            log.error("%s failed: %s", message["method"], error)
            channel.send(
                {
                    "type": "error",
                    "id": request_id,
                    "kind": error_kind(error),
                    "message": str(error),
                    "traceback": traceback.format_exc(),
                }
            )
