"""bench:bertscore's named baseline: plain `bert_score.score(...)` on the same pairs and encoder.

Reads {"candidates", "references", "folder", "layer", "batchSize"} as JSON on stdin, writes
{"f1": [...], "seconds": s, "cpuSeconds": c} (c: CPU time of the process, all threads, over the
same span, which a busy machine changes less than the wall-clock time). The time includes importing bert_score and loading the encoder, as
the worker's first request does (torch is imported before, as the worker imports it before it
answers ready).
"""

import json
import sys
import time

import torch

job = json.load(sys.stdin)
device = "cuda" if torch.cuda.is_available() else "cpu"
started = time.perf_counter()
cpu_started = time.process_time()
from bert_score import score  # noqa: E402

_, _, f1 = score(
    job["candidates"],
    job["references"],
    model_type=job["folder"],
    num_layers=job["layer"],
    batch_size=job["batchSize"],
    device=device,
)
seconds = time.perf_counter() - started
cpu_seconds = time.process_time() - cpu_started
json.dump({"f1": f1.tolist(), "seconds": seconds, "cpuSeconds": cpu_seconds, "device": device}, sys.stdout)
