"""Baseline of bench/train: LoRA with a plain Hugging Face `Trainer` + PEFT script of the kind
most tutorials show (dynamic padding, random batches, AdamW, evaluation during training).

    python hf_baseline.py --model DIR --data train.jsonl --validation v.jsonl --heldout h.jsonl \
        --steps 12 --batch-size 4 --gradient-accumulation 2 --learning-rate 1e-3 \
        --min-learning-rate 1e-6 --warmup-ratio 0.05 --weight-decay 0.01 --lora-dropout 0.1 \
        --seed 42 --max-length 128 --lora-rank 8 --output DIR

The optimisation recipe is Synthforge's, so that both sides reach comparable losses: AdamW with
the same weight decay, gradient clipping at 1.0, and the learning rate of every optimizer step
from the very formula Synthforge's trainer uses (`cosine_with_floor`, imported, so the two cannot
drift apart; transformers' own "cosine_with_min_lr" gives the first warm-up step a rate of 0 and
never reaches the floor). One validation at the last step, as on Synthforge's side.

The examples are built exactly as Synthforge builds them (chat template, loss on the label
and end-of-turn only). Prints one JSON line: tokens (non-padding), seconds (training loop),
tokensPerSecond, peakMemoryMb (resident high-water mark over the loop), losses (per step),
heldoutLoss (the trained model's loss on --heldout, computed as Synthforge's side computes it).
"""

from __future__ import annotations

import json
import sys

import torch
from common import (
    bench_arguments,
    encode,
    heldout_loss,
    instruction_for,
    peak_memory_mb,
    read_records,
    reset_peak_memory,
)
from peft import LoraConfig, TaskType, get_peft_model
from transformers import (
    AutoModelForCausalLM,
    AutoTokenizer,
    DataCollatorForSeq2Seq,
    Trainer,
    TrainingArguments,
    set_seed,
)

from synthforge_worker.data import TokenizedExample, epoch_batches
from synthforge_worker.schedule import cosine_with_floor


class SameBatchesTrainer(Trainer):
    """The Trainer, drawing the very micro-batches Synthforge's trainer draws (its seeded,
    length-grouped order, from the function it uses), so that the two final losses measure the
    trainers and not two different shuffles of a small data set. Dynamic padding as before."""

    def __init__(self, *args: object, order: list[int], **kwargs: object) -> None:
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        self.order = order

    def _get_train_sampler(self, train_dataset: object = None) -> torch.utils.data.Sampler:
        return self.order  # type: ignore[return-value]


def main() -> None:
    parser = bench_arguments()
    args = parser.parse_args()

    set_seed(args.seed)  # before get_peft_model, so the LoRA initialisation is seeded too

    tokenizer = AutoTokenizer.from_pretrained(args.model)
    tokenizer.pad_token = tokenizer.pad_token or tokenizer.eos_token
    model = AutoModelForCausalLM.from_pretrained(args.model, dtype=torch.float32)
    records = read_records(args.data)
    instruction = instruction_for(records)
    dataset = [encode(tokenizer, r, instruction, args.max_length) for r in records]
    validation = [encode(tokenizer, r, instruction, args.max_length) for r in read_records(args.validation)]
    model = get_peft_model(
        model,
        LoraConfig(
            task_type=TaskType.CAUSAL_LM,
            r=args.lora_rank,
            lora_alpha=2 * args.lora_rank,
            lora_dropout=args.lora_dropout,
            target_modules=["q_proj", "k_proj", "v_proj", "o_proj"],
        ),
    )
    training_args = TrainingArguments(
        output_dir=args.output,
        max_steps=args.steps,
        per_device_train_batch_size=args.batch_size,
        gradient_accumulation_steps=args.gradient_accumulation,
        learning_rate=args.learning_rate,
        weight_decay=args.weight_decay,
        max_grad_norm=1.0,
        logging_steps=1,
        eval_strategy="steps",
        eval_steps=args.steps,
        per_device_eval_batch_size=args.batch_size,
        save_strategy="no",
        report_to=[],
        use_cpu=not torch.cuda.is_available(),
        include_num_input_tokens_seen="non_padding",
        disable_tqdm=True,
        seed=args.seed,
    )
    optimizer = torch.optim.AdamW(
        [p for p in model.parameters() if p.requires_grad],
        lr=args.learning_rate,
        weight_decay=args.weight_decay,
    )
    schedule = torch.optim.lr_scheduler.LambdaLR(
        optimizer,
        lambda step: (
            cosine_with_floor(
                step,
                args.steps,
                args.learning_rate,
                args.min_learning_rate,
                args.warmup_ratio,
            )
            / args.learning_rate
        ),
    )
    batches = epoch_batches(
        [TokenizedExample(input_ids=e["input_ids"], labels=e["labels"]) for e in dataset],
        args.batch_size,
        args.seed,
    )
    if any(len(batch) != args.batch_size for batch in batches):
        raise ValueError(f"--data must hold a multiple of --batch-size ({args.batch_size}) examples")
    needed = args.steps * args.gradient_accumulation
    if len(batches) < needed:
        raise ValueError(f"--data holds {len(batches)} batches, {needed} are needed (one epoch)")
    trainer = SameBatchesTrainer(
        order=[index for batch in batches for index in batch],
        model=model,
        args=training_args,
        train_dataset=dataset,
        eval_dataset=validation,
        data_collator=DataCollatorForSeq2Seq(tokenizer, padding=True),
        optimizers=(optimizer, schedule),
    )
    reset_peak_memory()
    output = trainer.train()
    peak = peak_memory_mb()
    final = heldout_loss(model, tokenizer, args.heldout, instruction, args.max_length)
    losses = [entry["loss"] for entry in trainer.state.log_history if "loss" in entry]
    seconds = output.metrics["train_runtime"]
    tokens = int(trainer.state.num_input_tokens_seen)
    result = {
        "tokens": tokens,
        "seconds": seconds,
        "tokensPerSecond": tokens / seconds,
        "peakMemoryMb": peak,
        "heldoutLoss": final,
        "losses": losses,
    }
    sys.__stdout__.write(json.dumps(result) + "\n")


if __name__ == "__main__":
    main()
