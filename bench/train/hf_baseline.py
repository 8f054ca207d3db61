"""Baseline of bench/train: LoRA with a plain Hugging Face `Trainer` + PEFT script of the kind
most tutorials show (dynamic padding, the Trainer's default AdamW, cosine schedule, warm-up).

    python hf_baseline.py --model DIR --data train.jsonl --steps 12 --batch-size 4 \
        --gradient-accumulation 2 --learning-rate 1e-3 --max-length 128 --lora-rank 8

The examples are built exactly as Synthforge builds them (chat template, loss on the label
and end-of-turn only). Prints one JSON line: tokens (non-padding), seconds (training loop),
tokensPerSecond, peakMemoryMb (resident high-water mark over the loop), losses (per step),
heldoutLoss (the trained model's loss on --heldout, computed as Synthforge's side computes it).
"""

from __future__ import annotations

import argparse
import json
import sys

import torch
from common import encode, heldout_loss, instruction_for, peak_memory_mb, read_records, reset_peak_memory
from peft import LoraConfig, TaskType, get_peft_model
from transformers import (
    AutoModelForCausalLM,
    AutoTokenizer,
    DataCollatorForSeq2Seq,
    Trainer,
    TrainingArguments,
)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--model", required=True)
    parser.add_argument("--data", required=True)
    parser.add_argument("--steps", type=int, required=True)
    parser.add_argument("--batch-size", type=int, required=True)
    parser.add_argument("--gradient-accumulation", type=int, required=True)
    parser.add_argument("--learning-rate", type=float, required=True)
    parser.add_argument("--max-length", type=int, required=True)
    parser.add_argument("--lora-rank", type=int, required=True)
    parser.add_argument("--output", required=True)
    parser.add_argument("--heldout", required=True)
    args = parser.parse_args()

    tokenizer = AutoTokenizer.from_pretrained(args.model)
    tokenizer.pad_token = tokenizer.pad_token or tokenizer.eos_token
    model = AutoModelForCausalLM.from_pretrained(args.model, dtype=torch.float32)
    records = read_records(args.data)
    instruction = instruction_for(records)
    dataset = [encode(tokenizer, r, instruction, args.max_length) for r in records]
    model = get_peft_model(
        model,
        LoraConfig(
            task_type=TaskType.CAUSAL_LM,
            r=args.lora_rank,
            lora_alpha=2 * args.lora_rank,
            lora_dropout=0.1,
            target_modules=["q_proj", "k_proj", "v_proj", "o_proj"],
        ),
    )
    training_args = TrainingArguments(
        output_dir=args.output,
        max_steps=args.steps,
        per_device_train_batch_size=args.batch_size,
        gradient_accumulation_steps=args.gradient_accumulation,
        learning_rate=args.learning_rate,
        lr_scheduler_type="cosine",
        warmup_steps=max(1, args.steps // 20),
        weight_decay=0.01,
        logging_steps=1,
        save_strategy="no",
        report_to=[],
        use_cpu=not torch.cuda.is_available(),
        include_num_input_tokens_seen="non_padding",
        disable_tqdm=True,
        seed=42,
    )
    trainer = Trainer(
        model=model,
        args=training_args,
        train_dataset=dataset,
        data_collator=DataCollatorForSeq2Seq(tokenizer, padding=True),
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
