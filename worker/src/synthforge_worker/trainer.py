"""The fine-tuning loop (LoRA, prefix tuning, full), in the spirit of TRL's trainers.

`Trainer(config).train()` loads the base model, prepares the data, trains stage by stage with
a cosine schedule (warm-up, floor), gradient accumulation, EMA, early stopping on validation
loss and checkpoints, then saves the adapter, the resolved config and the exports.
"""

from __future__ import annotations

import json
import logging
import math
import os
import random
import resource
import shutil
import time
from collections.abc import Callable
from contextlib import nullcontext
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

import numpy as np
import torch

from . import __version__
from .config import TrainConfig
from .data import (
    Example,
    TokenizedExample,
    build_examples,
    collate,
    control_token,
    default_instruction,
    epoch_batches,
    iterate,
    read_jsonl,
    steps_per_epoch,
    stratified_split,
    tokenize_example,
)
from .modeling import (
    add_control_tokens,
    count_parameters,
    load_base,
    set_dropout,
    target_modules_for,
    trainable_parameters,
    wrap_for_method,
)
from .schedule import WeightEma, copy_into, cosine_with_floor

log = logging.getLogger("synthforge_worker")

ProgressCallback = Callable[[dict[str, Any]], None]


@dataclass
class TrainState:
    """Where training is; saved in every checkpoint so a resume continues at the same batch."""

    step: int = 0
    stage_index: int = 0
    stage_step: int = 0
    epoch: int = 0
    batch: int = 0
    best_validation_loss: float | None = None
    bad_validations: int = 0
    loss_curve: list[dict[str, float]] = field(default_factory=list)


def resolve_mixed_precision(setting: str) -> str:
    if setting != "auto":
        return setting
    if torch.cuda.is_available():
        return "bf16" if torch.cuda.is_bf16_supported() else "fp16"
    return "no"


def peak_memory_mb() -> float:
    if torch.cuda.is_available():
        return torch.cuda.max_memory_allocated() / 2**20
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def seed_everything(seed: int) -> None:
    random.seed(seed)
    np.random.seed(seed)
    torch.manual_seed(seed)


class Cancelled(Exception):
    """Raised inside the loop when the user asked to stop; a checkpoint has been saved."""


class Trainer:
    def __init__(
        self,
        config: TrainConfig,
        *,
        model: Any = None,
        tokenizer: Any = None,
        on_progress: ProgressCallback | None = None,
        should_stop: Callable[[], bool] | None = None,
    ) -> None:
        self.config = config
        self.output = Path(config.output)
        self.on_progress = on_progress or (lambda _: None)
        self.should_stop = should_stop or (lambda: False)
        self._model = model
        self._tokenizer = tokenizer
        self.state = TrainState()
        self.resolved: dict[str, Any] = {}
        self.ema: WeightEma | None = None
        self.raw_weights: list[torch.Tensor] | None = None
        self._use_cache: bool | None = None
        self.model: Any = None
        self.tokenizer: Any = None

    # ----- data -----------------------------------------------------------------------------

    def _prepare_data(self) -> tuple[list[list[Example]], list[Example], dict[str, str | None]]:
        c = self.config
        if not c.stages:
            raise ValueError("no training data: give at least one stage")
        raw_stages = [read_jsonl(stage.data) for stage in c.stages]
        labels = c.labels
        if c.task == "classification" and not labels:
            labels = sorted({str(r.get(c.label_field)) for records in raw_stages for r in records})
        instruction = c.instruction or (default_instruction(labels) if labels else None)
        self.resolved.update(labels=labels, instruction=instruction)

        def build(records: list[dict[str, Any]], source: str) -> list[Example]:
            return build_examples(
                records,
                task=c.task,
                source=source,
                text_field=c.text_field,
                label_field=c.label_field,
                instruction=instruction,
                labels=labels,
                control_fields=c.control_fields,
            )

        splits: dict[str, str | None] = {"train": None, "validation": c.validation, "test": None}
        if c.validation is not None:
            validation = build(read_jsonl(c.validation), c.validation)
        else:
            last = raw_stages[-1]
            keys = [str(r.get(c.label_field)) if c.task == "classification" else None for r in last]
            train_part, validation_part, test_part = stratified_split(
                last, keys, [c.validation_share, c.test_share], c.seed
            )
            raw_stages[-1] = train_part
            split_dir = self.output / "splits"
            split_dir.mkdir(parents=True, exist_ok=True)
            for name, part in (("train", train_part), ("validation", validation_part), ("test", test_part)):
                path = split_dir / f"{name}.jsonl"
                with open(path, "w", encoding="utf-8") as handle:
                    for record in part:
                        clean = {k: v for k, v in record.items() if k != "__line"}
                        handle.write(json.dumps(clean, ensure_ascii=False) + "\n")
                splits[name] = str(path)
            validation = build(validation_part, f"{c.stages[-1].data} (validation split)")
        stages = [build(records, stage.data) for records, stage in zip(raw_stages, c.stages, strict=True)]
        if any(not examples for examples in stages):
            raise ValueError("a training stage has no examples left after the split")
        return stages, validation, splits

    # ----- model ----------------------------------------------------------------------------

    def _prepare_model(self, examples: list[Example]) -> tuple[Any, Any]:
        c = self.config
        if self._model is None:
            loaded = load_base(c.base_model, c.model_cache_dir)
            model, tokenizer = loaded.model, loaded.tokenizer
        else:
            model, tokenizer = self._model, self._tokenizer
            if tokenizer.pad_token is None:
                tokenizer.pad_token = tokenizer.eos_token
        set_dropout(model, c.dropout)
        control_ids: list[int] | None = None
        if c.control_fields:
            values = sorted({control_token(k, v) for e in examples for k, v in (e.controls or {}).items()})
            control_ids = add_control_tokens(model, tokenizer, values)
            self.resolved["control_tokens"] = values
        if c.method == "lora":
            self.resolved["lora_target_modules"] = target_modules_for(model, c.lora_target_modules)
        model = wrap_for_method(
            model,
            method=c.method,
            lora_rank=c.lora_rank,
            lora_alpha=c.lora_alpha,
            lora_dropout=c.lora_dropout,
            lora_target_modules=c.lora_target_modules,
            prefix_virtual_tokens=c.prefix_virtual_tokens,
            control_token_ids=control_ids,
        )
        if c.gradient_checkpointing and c.method != "prefix":
            model.gradient_checkpointing_enable(gradient_checkpointing_kwargs={"use_reentrant": False})
        # No key/value cache while training: a forward pass would fill one for every layer only to
        # throw it away (about 9% of the peak memory and 7% of the time for SmolLM2-135M on CPU).
        # Restored after training, for generation with the trained model. (Prefix tuning feeds its
        # prefix through that cache, so it keeps it.)
        if c.method != "prefix":
            self._use_cache = getattr(model.config, "use_cache", None)
            model.config.use_cache = False
        return model, tokenizer

    # ----- checkpoints ----------------------------------------------------------------------

    def _checkpoint_dir(self) -> Path:
        return self.output / "checkpoints" / "last"

    def _save_checkpoint(
        self,
        params: dict[str, torch.nn.Parameter],
        optimizer: Any,
        ema: WeightEma | None,
        best: list[torch.Tensor] | None,
    ) -> None:
        target = self._checkpoint_dir()
        temporary = target.with_name(f"last.tmp{os.getpid()}")
        shutil.rmtree(temporary, ignore_errors=True)
        temporary.mkdir(parents=True)
        torch.save(
            {
                "params": {name: p.detach().cpu() for name, p in params.items()},
                "optimizer": optimizer.state_dict(),
                "ema": ema.state_dict() if ema else None,
                "best": best,
                "rng": {"torch": torch.get_rng_state(), "python": random.getstate()},
            },
            temporary / "state.pt",
        )
        (temporary / "trainer_state.json").write_text(json.dumps(asdict(self.state), indent=2))
        previous = target.with_name("last.old")
        if target.exists():
            shutil.rmtree(previous, ignore_errors=True)
            os.replace(target, previous)
        os.replace(temporary, target)
        shutil.rmtree(previous, ignore_errors=True)

    def _load_checkpoint(
        self, params: dict[str, torch.nn.Parameter], optimizer: Any, ema: WeightEma | None
    ) -> list[torch.Tensor] | None:
        target = self._checkpoint_dir()
        saved = torch.load(target / "state.pt", weights_only=False)
        with torch.no_grad():
            for name, parameter in params.items():
                parameter.copy_(saved["params"][name])
        optimizer.load_state_dict(saved["optimizer"])
        if ema is not None and saved["ema"] is not None:
            ema.load_state_dict(saved["ema"])
        torch.set_rng_state(saved["rng"]["torch"])
        random.setstate(saved["rng"]["python"])
        self.state = TrainState(**json.loads((target / "trainer_state.json").read_text()))
        return saved["best"]

    # ----- loop -----------------------------------------------------------------------------

    def _stage_steps(self, stages: list[list[TokenizedExample]]) -> list[int]:
        c = self.config
        totals = []
        for examples, stage in zip(stages, c.stages, strict=True):
            epochs = stage.epochs if stage.epochs is not None else c.epochs
            totals.append(
                max(
                    1,
                    math.ceil(epochs * steps_per_epoch(len(examples), c.batch_size, c.gradient_accumulation)),
                )
            )
        if c.max_steps is not None:
            remaining = c.max_steps
            capped = []
            for total in totals:
                capped.append(min(total, remaining))
                remaining -= capped[-1]
            totals = capped
        return totals

    @torch.no_grad()
    def _validation_loss(
        self, model: Any, examples: list[TokenizedExample], pad_id: int, device: Any
    ) -> float:
        model.eval()
        total, count = 0.0, 0
        # The training batch size: larger batches would raise the peak memory (full-vocabulary logits).
        for chunk in iterate(examples[: self.config.validation_limit], self.config.batch_size):
            batch = {k: v.to(device) for k, v in collate(chunk, pad_id).items()}
            tokens = int((batch["labels"][:, 1:] != -100).sum())
            loss = model(**batch).loss
            total += float(loss) * tokens
            count += tokens
        model.train()
        return total / max(1, count)

    def train(self) -> dict[str, Any]:
        from accelerate import Accelerator

        c = self.config
        seed_everything(c.seed)
        self.output.mkdir(parents=True, exist_ok=True)
        mixed_precision = resolve_mixed_precision(c.mixed_precision)
        accelerator = Accelerator(mixed_precision=mixed_precision, cpu=not torch.cuda.is_available())
        is_main = accelerator.is_main_process

        stage_examples, validation_examples, splits = self._prepare_data()
        model, tokenizer = self._prepare_model([e for s in stage_examples for e in s])
        stages = [[tokenize_example(tokenizer, e, c.max_length) for e in s] for s in stage_examples]
        validation = [tokenize_example(tokenizer, e, c.max_length) for e in validation_examples]
        pad_id = tokenizer.pad_token_id

        params = trainable_parameters(model)
        decay = [p for n, p in params.items() if p.ndim >= 2 and "norm" not in n]
        no_decay = [p for n, p in params.items() if not (p.ndim >= 2 and "norm" not in n)]
        optimizer = torch.optim.AdamW(
            [{"params": decay, "weight_decay": c.weight_decay}, {"params": no_decay, "weight_decay": 0.0}],
            lr=c.learning_rate,
            betas=(0.9, 0.999),
            eps=1e-8,
        )
        model, optimizer = accelerator.prepare(model, optimizer)
        model.train()
        param_list = list(params.values())
        ema = WeightEma(param_list, c.ema) if c.ema is not None else None
        self.ema = ema
        best: list[torch.Tensor] | None = None
        resumed_from: int | None = None
        if c.resume and (self._checkpoint_dir() / "state.pt").is_file():
            best = self._load_checkpoint(params, optimizer, ema)
            resumed_from = self.state.step
            log.info("resuming from step %d", self.state.step)

        stage_totals = self._stage_steps(stages)
        total_steps = sum(stage_totals)
        eval_every = c.eval_every or max(1, total_steps // 10)
        trainable, total_params = count_parameters(model)
        self.resolved.update(
            total_steps=total_steps,
            stage_steps=stage_totals,
            mixed_precision=mixed_precision,
            device=str(accelerator.device),
            processes=accelerator.num_processes,
            distributed_type=str(
                getattr(accelerator.distributed_type, "value", accelerator.distributed_type)
            ),
            trainable_parameters=trainable,
            total_parameters=total_params,
            worker_version=__version__,
            torch_version=torch.__version__,
        )
        self._write_resolved_config()

        state = self.state
        started = time.perf_counter()
        steps_this_session = 0
        tokens_seen = 0
        recent_losses: list[float] = []
        stopped_early = False
        cancelled = False
        last_loss: float | None = None

        def validate() -> float:
            held: list[torch.Tensor] | None = None
            if ema is not None:
                held = copy_into(param_list, ema.shadow)
            loss = self._validation_loss(model, validation, pad_id, accelerator.device)
            nonlocal best
            if state.best_validation_loss is None or loss < state.best_validation_loss - 1e-6:
                state.best_validation_loss = loss
                state.bad_validations = 0
                best = [p.detach().clone() for p in param_list]
            else:
                state.bad_validations += 1
            if held is not None:
                copy_into(param_list, held)
            return loss

        try:
            for stage_index, examples in enumerate(stages):
                if stage_index < state.stage_index:
                    continue
                if stage_index > state.stage_index:
                    state.stage_index, state.stage_step, state.epoch, state.batch = stage_index, 0, 0, 0
                    state.best_validation_loss, state.bad_validations = None, 0
                    best = None
                stage_total = stage_totals[stage_index]
                stage_name = c.stages[stage_index].name
                epochs = math.ceil(c.stages[stage_index].epochs or c.epochs)
                last_validated = -1
                while state.stage_step < stage_total and state.epoch < max(epochs, 1) + 1:
                    batches = epoch_batches(examples, c.batch_size, c.seed + 1000 * stage_index + state.epoch)
                    micro = 0
                    accumulated_loss = 0.0
                    for batch_index in range(state.batch, len(batches)):
                        if state.stage_step >= stage_total:
                            break
                        last_micro = micro == c.gradient_accumulation - 1 or batch_index == len(batches) - 1
                        batch = collate([examples[i] for i in batches[batch_index]], pad_id)
                        batch = {k: v.to(accelerator.device) for k, v in batch.items()}
                        tokens_seen += int(batch["attention_mask"].sum())
                        sync = nullcontext() if last_micro else accelerator.no_sync(model)
                        with sync, accelerator.autocast():
                            loss = model(**batch).loss
                            accelerator.backward(loss / c.gradient_accumulation)
                        accumulated_loss += float(loss.detach())
                        micro += 1
                        if not last_micro:
                            continue
                        learning_rate = cosine_with_floor(
                            state.stage_step,
                            stage_total,
                            c.learning_rate,
                            c.min_learning_rate,
                            c.warmup_ratio,
                        )
                        for group in optimizer.param_groups:
                            group["lr"] = learning_rate
                        accelerator.clip_grad_norm_(param_list, 1.0)
                        optimizer.step()
                        optimizer.zero_grad(set_to_none=True)
                        if ema is not None:
                            ema.update(param_list)
                        state.step += 1
                        state.stage_step += 1
                        steps_this_session += 1
                        state.batch = batch_index + 1
                        last_loss = accumulated_loss / micro
                        recent_losses.append(last_loss)
                        micro, accumulated_loss = 0, 0.0
                        point: dict[str, float] = {"step": state.step, "loss": last_loss}
                        validation_loss: float | None = None
                        if state.stage_step % eval_every == 0 or state.stage_step == stage_total:
                            validation_loss = validate()
                            last_validated = state.stage_step
                            point["validationLoss"] = validation_loss
                        state.loss_curve.append(point)
                        elapsed = time.perf_counter() - started
                        rate = steps_this_session / elapsed if elapsed > 0 else None
                        if is_main:
                            self.on_progress(
                                {
                                    "stage": stage_name,
                                    "step": state.step,
                                    "totalSteps": total_steps,
                                    "epoch": state.epoch + state.batch / len(batches),
                                    "loss": last_loss,
                                    "validationLoss": validation_loss,
                                    "learningRate": learning_rate,
                                    "tokensPerSecond": tokens_seen / elapsed if elapsed > 0 else None,
                                    "etaSeconds": (total_steps - state.step) / rate if rate else None,
                                }
                            )
                        if (
                            validation_loss is not None
                            and c.early_stopping_patience > 0
                            and state.bad_validations >= c.early_stopping_patience
                            and state.step < total_steps
                        ):
                            stopped_early = True
                            log.info("early stopping at step %d", state.step)
                            break
                        if c.checkpoint_every and state.step % c.checkpoint_every == 0 and is_main:
                            self._save_checkpoint(params, optimizer, ema, best)
                        if self.should_stop():
                            raise Cancelled()
                    if stopped_early:
                        break
                    state.epoch += 1
                    state.batch = 0
                if last_validated != state.stage_step and validation and not stopped_early:
                    validate()
                stopped_early = False if stage_index < len(stages) - 1 else stopped_early
        except Cancelled:
            cancelled = True
            if is_main:
                self._save_checkpoint(params, optimizer, ema, best)

        elapsed = time.perf_counter() - started
        result: dict[str, Any] = {
            "output": str(self.output),
            "steps": state.step,
            "totalSteps": total_steps,
            "cancelled": cancelled,
            "stoppedEarly": stopped_early,
            "resumedFromStep": resumed_from,
            "bestValidationLoss": state.best_validation_loss,
            "finalTrainLoss": last_loss,
            "tokensPerSecond": tokens_seen / elapsed if elapsed > 0 else None,
            "seconds": elapsed,
            "peakMemoryMb": peak_memory_mb(),
            "trainableParameters": trainable,
            "totalParameters": total_params,
            "lossCurve": state.loss_curve,
            "labels": self.resolved.get("labels"),
            "instruction": self.resolved.get("instruction"),
            "splits": splits,
            "checkpoint": str(self._checkpoint_dir()) if cancelled else None,
        }
        if cancelled:
            return result
        self.raw_weights = [p.detach().clone() for p in param_list]
        final = best if best is not None else (ema.shadow if ema is not None else None)
        if final is not None:
            copy_into(param_list, final)
        unwrapped = accelerator.unwrap_model(model)
        if self._use_cache is not None:
            unwrapped.config.use_cache = self._use_cache
        self.model, self.tokenizer = unwrapped, tokenizer
        if is_main:
            result["files"] = self._save_outputs(unwrapped, tokenizer)
            (self.output / "train_log.json").write_text(json.dumps(result, indent=2))
        accelerator.wait_for_everyone()
        return result

    # ----- outputs --------------------------------------------------------------------------

    def _write_resolved_config(self) -> None:
        document = {"config": asdict(self.config), "resolved": self.resolved}
        (self.output / "resolved_config.json").write_text(json.dumps(document, indent=2, default=str))

    def _save_outputs(self, model: Any, tokenizer: Any) -> dict[str, str]:
        c = self.config
        files: dict[str, str] = {"resolvedConfig": str(self.output / "resolved_config.json")}
        if c.method == "full":
            target = self.output / "model"
            model.config.use_cache = True
            model.save_pretrained(target)
            tokenizer.save_pretrained(target)
            files["model"] = str(target)
        else:
            target = self.output / "adapter"
            model.save_pretrained(target)
            tokenizer.save_pretrained(target)
            shutil.copy(self.output / "resolved_config.json", target / "resolved_config.json")
            files["adapter"] = str(target)
        if c.method == "lora":
            from .export import ExportUnsupported, export_gguf_lora, export_merged

            if c.export_gguf:
                try:
                    files["ggufAdapter"] = export_gguf_lora(model, self.output / "adapter.gguf")
                except ExportUnsupported as error:
                    log.warning("GGUF adapter not written: %s", error)
                    files["ggufAdapterSkipped"] = str(error)
            if c.export_merged:
                files["merged"] = export_merged(model, tokenizer, self.output / "merged")
        return files
