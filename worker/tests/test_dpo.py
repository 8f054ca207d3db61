"""DPO on review pairs: the loss starts at log 2 (policy = reference), falls, and the policy
comes to prefer the chosen answers; the adapter is saved and bad pairs are refused."""

from __future__ import annotations

import json
import math
from pathlib import Path

import pytest
import torch

from conftest import make_model, make_tokenizer, sentiment_records, write_jsonl
from synthforge_worker.dpo import DpoConfig, dpo_loss, read_pairs, train_dpo


def preference_pairs(count: int) -> list[dict[str, object]]:
    """Sentiment texts whose chosen answer is the right label and rejected the wrong one."""
    pairs = []
    for record in sentiment_records(count, seed=4):
        wrong = "negative" if record["label"] == "positive" else "positive"
        pairs.append(
            {
                "prompt": [
                    {"role": "system", "content": "Classify the text . Answer with one label :"},
                    {"role": "user", "content": record["text"]},
                ],
                "chosen": [{"role": "assistant", "content": record["label"]}],
                "rejected": [{"role": "assistant", "content": wrong}],
                "recordId": "r",
                "source": "fixed",
            }
        )
    return pairs


def test_dpo_loss_is_log_two_when_policy_equals_reference() -> None:
    same = torch.tensor([-3.0, -1.0])
    loss, chosen, rejected = dpo_loss(same, same - 1, same, same - 1, beta=0.1)
    assert math.isclose(float(loss), math.log(2), rel_tol=1e-6)
    assert torch.equal(chosen, torch.zeros(2)) and torch.equal(rejected, torch.zeros(2))
    # A policy that moved towards the chosen answers has a lower loss.
    better, _, _ = dpo_loss(same + 2, same - 1, same, same - 1, beta=0.1)
    assert float(better) < math.log(2)


def test_dpo_teaches_the_tiny_model_to_prefer_the_chosen_answers(tmp_path: Path) -> None:
    tokenizer = make_tokenizer()
    model = make_model("llama", len(tokenizer))
    data = write_jsonl(tmp_path / "pairs.jsonl", preference_pairs(32))
    config = DpoConfig(
        output=str(tmp_path / "out"),
        data=data,
        base_model="tiny",
        beta=0.5,
        learning_rate=5e-3,
        epochs=6,
        batch_size=8,
        lora_target_modules=["q_proj", "v_proj", "o_proj", "up_proj", "down_proj"],
    )
    progress: list[dict[str, object]] = []
    result = train_dpo(config, model=model, tokenizer=tokenizer, on_progress=progress.append)
    curve = result["lossCurve"]
    assert result["steps"] == 24 and len(progress) == 24
    assert math.isclose(curve[0]["loss"], math.log(2), abs_tol=1e-4)  # the adapter starts at zero
    assert curve[-1]["loss"] < 0.5 * math.log(2)
    assert result["rewardAccuracy"] >= 0.9
    assert result["meanRewardMargin"] > 0
    adapter = Path(result["adapter"])
    assert (adapter / "adapter_config.json").is_file()
    assert json.loads((tmp_path / "out" / "train_log.json").read_text())["pairs"] == 32


def test_bad_pairs_are_refused_with_the_line(tmp_path: Path) -> None:
    tokenizer = make_tokenizer()
    path = tmp_path / "bad.jsonl"
    good = preference_pairs(1)[0]
    path.write_text(json.dumps(good) + "\n" + json.dumps({**good, "chosen": 3}) + "\n")
    with pytest.raises(ValueError, match=r"bad\.jsonl:2: `chosen` must be a list of chat messages"):
        read_pairs(str(path), tokenizer, 128)
