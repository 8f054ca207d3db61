"""JSON lines over stdin/stdout, validated against protocol.schema.json (generated from zod)."""

from __future__ import annotations

import json
import sys
import threading
from functools import cache
from pathlib import Path
from typing import Any, TextIO

from jsonschema import Draft202012Validator

PROTOCOL_VERSION = 1
SCHEMA_PATH = Path(__file__).with_name("protocol.schema.json")


class ProtocolError(ValueError):
    """A message does not match the protocol schema."""


@cache
def _schema() -> dict[str, Any]:
    return json.loads(SCHEMA_PATH.read_text(encoding="utf-8"))


@cache
def _validator(which: str) -> Draft202012Validator:
    return Draft202012Validator(_schema()[which])


def _check(which: str, message: Any) -> None:
    errors = sorted(_validator(which).iter_errors(message), key=lambda error: list(error.absolute_path))
    if errors:
        best = errors[0]
        where = "/".join(str(part) for part in best.absolute_path) or "(root)"
        raise ProtocolError(f"{which} does not match the protocol at {where}: {best.message}")


def parse_request(line: str) -> dict[str, Any]:
    """Parses and validates one request line from the TypeScript side."""
    try:
        message = json.loads(line)
    except json.JSONDecodeError as error:
        raise ProtocolError(f"request is not JSON: {error}") from error
    _check("request", message)
    return message


class Channel:
    """Writes protocol messages as JSON lines; thread-safe, validates every message."""

    def __init__(self, stream: TextIO | None = None) -> None:
        self._stream = stream if stream is not None else sys.stdout
        self._lock = threading.Lock()

    def send(self, message: dict[str, Any]) -> None:
        _check("message", message)
        line = json.dumps(message, ensure_ascii=False, allow_nan=False)
        with self._lock:
            self._stream.write(line + "\n")
            self._stream.flush()

    def log(self, message: str, level: str = "info", request_id: str | None = None) -> None:
        self.send({"type": "log", "id": request_id, "level": level, "message": message})


def finite(value: float | None) -> float | None:
    """NaN and infinities are not JSON; they travel as null."""
    if value is None:
        return None
    value = float(value)
    return value if value == value and value not in (float("inf"), float("-inf")) else None
