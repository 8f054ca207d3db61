"""Thin training entry script (nanoGPT/TRL style), also what `accelerate launch` runs.

    python -m synthforge_worker.train --config job.json

`job.json` holds the protocol's train params (camelCase, src/worker/protocol.ts). Progress and
the result are printed as protocol messages on stdout (main process only).
"""

from __future__ import annotations

import argparse
import json
import logging
import signal
import sys
import threading
from typing import Any

from .config import TrainConfig, from_params
from .protocol import Channel
from .server import error_kind, progress_message


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--config", required=True, help="JSON file with the train params")
    parser.add_argument("--id", default="train", help="request id used in the printed messages")
    args = parser.parse_args(argv)
    logging.basicConfig(stream=sys.stderr, level=logging.INFO, format="%(levelname)s %(name)s: %(message)s")
    channel = Channel(sys.stdout)
    sys.stdout = sys.stderr
    cancel = threading.Event()

    def on_signal(_signum: int, _frame: Any) -> None:
        if cancel.is_set():
            raise KeyboardInterrupt
        cancel.set()

    signal.signal(signal.SIGINT, on_signal)
    signal.signal(signal.SIGTERM, on_signal)
    from .trainer import Trainer

    with open(args.config, encoding="utf-8") as handle:
        params = json.load(handle)
    try:
        trainer = Trainer(
            from_params(TrainConfig, params),
            on_progress=lambda values: channel.send(progress_message(args.id, "train", values)),
            should_stop=cancel.is_set,
        )
        result = trainer.train()
    except Exception as error:
        import traceback

        channel.send(
            {
                "type": "error",
                "id": args.id,
                "kind": error_kind(error),
                "message": str(error),
                "traceback": traceback.format_exc(),
            }
        )
        return 1
    import os

    if int(os.environ.get("RANK", "0")) == 0:
        channel.send({"type": "result", "id": args.id, "value": result})
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
