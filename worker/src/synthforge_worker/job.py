"""The start of a one-job worker process (`train`, `dpo`): arguments, logging, the JSON-lines
channel on the real stdout, and Ctrl-C / SIGTERM turned into a cancel flag (a second one quits)."""

from __future__ import annotations

import argparse
import logging
import signal
import sys
import threading
from typing import Any

from .protocol import Channel


def start_job(
    description: str | None, default_id: str, config_help: str, argv: list[str] | None
) -> tuple[argparse.Namespace, Channel, threading.Event]:
    parser = argparse.ArgumentParser(
        description=description, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--config", required=True, help=config_help)
    parser.add_argument("--id", default=default_id, help="request id used in the printed messages")
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
    return args, channel, cancel


def send_error(channel: Channel, request_id: str, error: BaseException, kind: str) -> None:
    """The job's failure as one protocol message, with its traceback for the log."""
    import traceback

    channel.send(
        {
            "type": "error",
            "id": request_id,
            "kind": kind,
            "message": str(error),
            "traceback": traceback.format_exc(),
        }
    )
