"""bench/peers: bespokelabs-curator sends the bench's prompts to the mock server.

Usage: python curator_peer.py PROMPTS_JSON BASE_URL CONCURRENCY OUT_JSONL WORK_DIR

Writes one line per record curator returned: the raw content of the answer. Caching is off
(CURATOR_DISABLE_CACHE, a fresh working dir) so every run sends every prompt.
"""

import importlib.util
import json
import os
import sys

prompts_file, base_url, concurrency, out_file, work_dir = sys.argv[1:6]
os.environ["CURATOR_DISABLE_CACHE"] = "true"
os.environ["CURATOR_DISABLE_RICH_DISPLAY"] = "1"
os.environ["TELEMETRY_ENABLED"] = "false"
os.environ["CURATOR_CACHE_DIR"] = work_dir
# curator counts tokens with tiktoken's cl100k_base, which tiktoken downloads on first use; the
# copy litellm (a curator dependency) ships is used instead, so the bench runs offline.
_litellm = importlib.util.find_spec("litellm")
if _litellm is not None and _litellm.origin is not None:
    _bundled = os.path.join(os.path.dirname(_litellm.origin), "litellm_core_utils", "tokenizers")
    os.environ.setdefault("TIKTOKEN_CACHE_DIR", _bundled)

from bespokelabs import curator  # noqa: E402

spec = json.load(open(prompts_file))
system = spec["system"]


class Writer(curator.LLM):
    def prompt(self, row):
        return [{"role": "system", "content": system}, {"role": "user", "content": row["prompt"]}]

    def parse(self, row, response):
        return {"content": response}


llm = Writer(
    model_name="mock",
    backend="openai",
    generation_params={"temperature": 0.7, "max_tokens": spec["maxTokens"]},
    backend_params={
        "base_url": base_url,
        "api_key": "bench",
        "max_concurrent_requests": int(concurrency),
        "max_requests_per_minute": 10_000_000,
        "max_tokens_per_minute": 10_000_000_000,
        "max_retries": 5,
        "require_all_responses": False,
    },
)
result = llm([{"prompt": prompt} for prompt in spec["prompts"]], working_dir=work_dir)
dataset = getattr(result, "dataset", result)
with open(out_file, "w") as out:
    for row in dataset:
        out.write(json.dumps({"content": row["content"]}) + "\n")
