"""Thin training entry script (nanoGPT/TRL style), also what `accelerate launch` runs.

    python -m synthforge_worker.train --config job.json

`job.json` holds the protocol's train params (camelCase, src/worker/protocol.ts). Progress and
the result are printed as protocol messages on stdout (main process only).
"""

from __future__ import annotations

import json

from .config import TrainConfig, from_params
from .job import send_error, start_job
from .server import error_kind, progress_message


def main(argv: list[str] | None = None) -> int:
    args, channel, cancel = start_job(__doc__, "train", "JSON file with the train params", argv)
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
        send_error(channel, args.id, error, error_kind(error))
        return 1
    import os

    if int(os.environ.get("RANK", "0")) == 0:
        channel.send({"type": "result", "id": args.id, "value": result})
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
