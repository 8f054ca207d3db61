"""The JSON-lines protocol: schema validation and the worker process's handshake."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from synthforge_worker.config import TrainConfig, from_params
from synthforge_worker.protocol import Channel, ProtocolError, parse_request

SOURCE = Path(__file__).resolve().parents[1] / "src"


def test_requests_are_validated_against_the_generated_schema() -> None:
    good = {
        "type": "request",
        "id": "1",
        "method": "train",
        "params": {"baseModel": "m", "output": "o", "stages": [{"name": "s", "data": "d.jsonl"}]},
    }
    assert parse_request(json.dumps(good))["method"] == "train"
    bad = json.loads(json.dumps(good))
    bad["params"]["method"] = "magic"
    with pytest.raises(ProtocolError, match="method"):
        parse_request(json.dumps(bad))
    with pytest.raises(ProtocolError):
        parse_request("not json")


def test_params_become_the_config_dataclass() -> None:
    config = from_params(
        TrainConfig,
        {
            "baseModel": "m",
            "output": "o",
            "loraRank": 4,
            "stages": [{"name": "s", "data": "d.jsonl", "epochs": None}],
        },
    )
    assert config.lora_rank == 4 and config.stages[0].data == "d.jsonl"
    assert config.gradient_accumulation == 8 and config.learning_rate == 3e-5
    with pytest.raises(ValueError, match="unknown field"):
        from_params(TrainConfig, {"output": "o", "nope": 1})


def test_outgoing_messages_are_checked(capsys: pytest.CaptureFixture[str]) -> None:
    channel = Channel(sys.stdout)
    channel.log("hello")
    assert json.loads(capsys.readouterr().out)["message"] == "hello"
    with pytest.raises(ProtocolError):
        channel.send({"type": "progress", "id": "1"})


def test_worker_process_handshake_errors_and_shutdown() -> None:
    environment = {**os.environ, "PYTHONPATH": str(SOURCE)}
    process = subprocess.Popen(
        [sys.executable, "-m", "synthforge_worker"],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env=environment,
    )
    assert process.stdout is not None and process.stdin is not None
    ready = json.loads(process.stdout.readline())
    assert ready["type"] == "ready" and ready["protocolVersion"] == 1
    process.stdin.write('{"type": "request", "id": "x", "method": "dance", "params": {}}\n')
    process.stdin.flush()
    error = json.loads(process.stdout.readline())
    assert error["type"] == "error" and error["kind"] == "bad-request"
    process.stdin.write(
        json.dumps(
            {
                "type": "request",
                "id": "7",
                "method": "train",
                "params": {
                    "baseModel": "/nonexistent/model.gguf",
                    "output": "/tmp/x",
                    "stages": [{"name": "s", "data": "/nonexistent"}],
                },
            }
        )
        + "\n"
    )
    process.stdin.flush()
    failure = json.loads(process.stdout.readline())
    assert (
        failure["type"] == "error"
        and failure["id"] == "7"
        and failure["kind"] in {"invalid-data", "model-load"}
    )
    process.stdin.write('{"type": "shutdown"}\n')
    process.stdin.flush()
    assert process.wait(timeout=60) == 0
