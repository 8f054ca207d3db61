"""bench/peers: distilabel sends the bench's prompts to the mock server.

Usage: python distilabel_peer.py PROMPTS_JSON BASE_URL CONCURRENCY OUT_JSONL WORK_DIR

A pipeline of LoadDataFromDicts and TextGeneration with OpenAILLM; the step's input batch size
is the concurrency (distilabel's async LLMs send one batch's requests at once). Caching is off
and the cache lives in WORK_DIR. Writes one line per record: the raw content of the answer.
"""

import json
import os
import sys

prompts_file, base_url, concurrency, out_file, work_dir = sys.argv[1:6]
os.environ["DISTILABEL_LOG_LEVEL"] = "WARNING"

from distilabel.models import OpenAILLM  # noqa: E402
from distilabel.pipeline import Pipeline  # noqa: E402
from distilabel.steps import LoadDataFromDicts  # noqa: E402
from distilabel.steps.tasks import TextGeneration  # noqa: E402

spec = json.load(open(prompts_file))
batch = int(concurrency)

if __name__ == "__main__":
    with Pipeline(name="bench-peers", cache_dir=work_dir) as pipeline:
        load = LoadDataFromDicts(
            data=[{"instruction": prompt} for prompt in spec["prompts"]], batch_size=batch
        )
        generate = TextGeneration(
            llm=OpenAILLM(
                model="mock",
                base_url=base_url,
                api_key="bench",
                max_retries=5,
                timeout=120,
                generation_kwargs={"temperature": 0.7, "max_new_tokens": spec["maxTokens"]},
            ),
            system_prompt=spec["system"],
            input_batch_size=batch,
        )
        load >> generate
    distiset = pipeline.run(use_cache=False)
    with open(out_file, "w") as out:
        for row in distiset["default"]["train"]:
            out.write(json.dumps({"content": row["generation"]}) + "\n")
