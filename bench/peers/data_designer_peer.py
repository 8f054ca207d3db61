"""bench/peers: NVIDIA DataDesigner sends the bench's prompts to the mock server.

Usage: python data_designer_peer.py PROMPTS_JSON BASE_URL CONCURRENCY OUT_JSONL WORK_DIR

The prompts are a seed dataset read in order; one LLM text column renders each as the user
message under the bench's system message, through a provider of type openai pointed at the mock,
with `max_parallel_requests` the concurrency. Writes one line per record: the raw content.
"""

import json
import sys

import pandas as pd
import data_designer.config as dd
from data_designer.interface import DataDesigner

prompts_file, base_url, concurrency, out_file, work_dir = sys.argv[1:6]
spec = json.load(open(prompts_file))

provider = dd.ModelProvider(name="bench", endpoint=base_url, provider_type="openai", api_key="bench")
model = dd.ModelConfig(
    alias="mock",
    model="mock",
    provider="bench",
    inference_parameters=dd.ChatCompletionInferenceParams(
        temperature=0.7, max_tokens=spec["maxTokens"], max_parallel_requests=int(concurrency)
    ),
)
builder = dd.DataDesignerConfigBuilder(model_configs=[model])
builder.with_seed_dataset(dd.DataFrameSeedSource(df=pd.DataFrame({"request": spec["prompts"]})))
builder.add_column(
    dd.LLMTextColumnConfig(
        name="content", prompt="{{ request }}", system_prompt=spec["system"], model_alias="mock"
    )
)
designer = DataDesigner(artifact_path=work_dir, model_providers=[provider])
result = designer.create(builder, num_records=len(spec["prompts"]), dataset_name="peers")
frame = result.load_dataset()
with open(out_file, "w") as out:
    for content in frame["content"]:
        out.write(json.dumps({"content": content}) + "\n")
