"""Synthforge's side of bench/train: the worker's own Trainer on the same model, data and steps.

    python synthforge_trainer.py (the arguments of hf_baseline.py) [--gradient-checkpointing]

Same recipe as the baseline: Synthforge's cosine-with-floor schedule and warm-up, weight decay,
LoRA dropout, the model's own dropout left as the baseline has it (0 for SmolLM2), fp32, the
same seed; EMA and early stopping off, one validation at the last step (so the weights scored
are the last ones, as the baseline's). Prints one JSON line like hf_baseline.py.
"""

from __future__ import annotations

import json
import sys

from common import (
    bench_arguments,
    heldout_loss,
    instruction_for,
    peak_memory_mb,
    read_records,
    reset_peak_memory,
)

from synthforge_worker.config import StageConfig, TrainConfig
from synthforge_worker.modeling import load_base
from synthforge_worker.trainer import Trainer


def main() -> None:
    parser = bench_arguments()
    parser.add_argument("--gradient-checkpointing", action="store_true")
    args = parser.parse_args()

    loaded = load_base(args.model)
    config = TrainConfig(
        output=args.output,
        stages=[StageConfig(name="train", data=args.data)],
        validation=args.validation,
        base_model=args.model,
        lora_rank=args.lora_rank,
        lora_alpha=2 * args.lora_rank,
        lora_dropout=args.lora_dropout,
        learning_rate=args.learning_rate,
        min_learning_rate=args.min_learning_rate,
        warmup_ratio=args.warmup_ratio,
        weight_decay=args.weight_decay,
        seed=args.seed,
        mixed_precision="no",
        ema=None,
        max_steps=args.steps,
        epochs=100,
        batch_size=args.batch_size,
        gradient_accumulation=args.gradient_accumulation,
        max_length=args.max_length,
        dropout=0.0,  # the baseline model trains with its own (zero) dropout
        gradient_checkpointing=args.gradient_checkpointing,
        early_stopping_patience=0,
        eval_every=args.steps,
        checkpoint_every=0,
        resume=False,
        export_gguf=False,
    )
    reset_peak_memory()
    trainer = Trainer(config, model=loaded.model, tokenizer=loaded.tokenizer)
    result = trainer.train()
    peak = peak_memory_mb()
    # The weights Synthforge saves (the last ones: EMA off, a single validation), scored as the baseline's.
    instruction = instruction_for(read_records(args.data))
    final = heldout_loss(trainer.model, trainer.tokenizer, args.heldout, instruction, args.max_length)
    tokens = round(result["tokensPerSecond"] * result["seconds"])
    sys.__stdout__.write(
        json.dumps(
            {
                "tokens": tokens,
                "seconds": result["seconds"],
                "tokensPerSecond": result["tokensPerSecond"],
                "peakMemoryMb": peak,
                "heldoutLoss": final,
                "losses": [point["loss"] for point in result["lossCurve"]],
            }
        )
        + "\n"
    )


if __name__ == "__main__":
    main()
