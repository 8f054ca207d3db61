"""The fine-tuning loop (LoRA, prefix tuning, full), in the spirit of TRL's trainers.

`Trainer(config).train()` loads the base model, prepares the data, trains stage by stage with
a cosine schedule (warm-up, floor), gradient accumulation, EMA, early stopping on validation
loss and checkpoints, then saves the adapter, the resolved config and the exports.

The loop reads top-down like the algorithm:

    train                       for each stage (general, then domain): _train_stage
      _train_stage              epochs until the stage's step budget is spent: _train_epoch
        _train_epoch            for each micro-batch: _accumulate_gradients; every
                                `gradient_accumulation` micro-batches: _optimizer_step,
                                _record_step (validation when due), progress, early stopping,
                                checkpoint, cancellation
      _finish                   best weights (else EMA, else last) into the model; save outputs

Data preparation is in `data.prepare_training_data`, model preparation in
`modeling.prepare_for_training`, checkpoints in `checkpoint`, saving in `export.save_outputs`.
"""

from __future__ import annotations

import json
import logging
import math
import random
import resource
import time
from collections.abc import Callable
from contextlib import nullcontext
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any

import numpy as np
import torch

from . import __version__, tagging
from .checkpoint import TrainState, checkpoint_dir, load_checkpoint, save_checkpoint
from .config import TrainConfig
from .data import (
    Example,
    TokenizedExample,
    collate,
    epoch_batches,
    iterate,
    prepare_training_data,
    steps_per_epoch,
    tokenize_example,
)
from .export import save_outputs
from .modeling import count_parameters, load_base, prepare_for_training, trainable_parameters
from .schedule import WeightEma, copy_into, cosine_with_floor

log = logging.getLogger("synthforge_worker")

ProgressCallback = Callable[[dict[str, Any]], None]


@dataclass
class _Session:
    """What one call of `train()` works with, beside the resumable TrainState."""

    accelerator: Any
    is_main: bool
    model: Any
    tokenizer: Any
    optimizer: Any
    params: dict[str, torch.nn.Parameter]
    param_list: list[torch.nn.Parameter]
    ema: WeightEma | None
    stages: list[list[TokenizedExample]]
    validation: list[TokenizedExample]
    splits: dict[str, str | None]
    pad_id: int
    stage_totals: list[int]
    total_steps: int
    eval_every: int
    trainable_parameters: int
    total_parameters: int
    #: Weights at the current stage's best validation loss (the EMA weights when EMA is on).
    best: list[torch.Tensor] | None
    resumed_from: int | None
    started: float
    #: Optimizer steps taken in this call (for the speed and ETA), tokens seen in this call.
    steps: int = 0
    tokens_seen: int = 0
    last_loss: float | None = None
    #: The stage step last validated, so the stage's end is validated only once.
    validated_at: int = -1
    stopped_early: bool = False
    cancelled: bool = False


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

    # ----- checkpoints ----------------------------------------------------------------------

    def _checkpoint_dir(self) -> Path:
        return checkpoint_dir(self.output)

    def _save_checkpoint(self, session: _Session) -> None:
        save_checkpoint(
            self._checkpoint_dir(), self.state, session.params, session.optimizer, session.ema, session.best
        )

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
        """Fine-tunes stage by stage, then keeps the best weights and saves them with the outputs."""
        session = self._start()
        try:
            for stage_index in range(len(session.stages)):
                if stage_index < self.state.stage_index:
                    continue  # finished before the checkpoint this run resumed from
                self._train_stage(session, stage_index)
                # Early stopping ends a stage, not the run: only the last stage's is reported.
                if stage_index < len(session.stages) - 1:
                    session.stopped_early = False
        except Cancelled:
            session.cancelled = True
            if session.is_main:
                self._save_checkpoint(session)
        result = self._result(session)
        if session.cancelled:
            return result
        return self._finish(session, result)

    def _start(self) -> _Session:
        """Data, model, optimizer and accelerator, restored from the last checkpoint when resuming."""
        from accelerate import Accelerator

        c = self.config
        seed_everything(c.seed)
        self.output.mkdir(parents=True, exist_ok=True)
        mixed_precision = resolve_mixed_precision(c.mixed_precision)
        accelerator = Accelerator(mixed_precision=mixed_precision, cpu=not torch.cuda.is_available())

        data = prepare_training_data(c, self.output)
        self.resolved.update(labels=data.labels, instruction=data.instruction)
        tokenize: Callable[[Example], TokenizedExample]
        if c.task == tagging.TASK:
            # A tagging head: one IOB2 class per token, the types those of the training data.
            examples = [e for s in [*data.stages, data.validation] for e in s]
            types = c.labels or sorted({str(item["type"]) for e in examples for item in e.entities or []})
            tags = tagging.entity_tags(types)
            self.resolved.update(tags=tags, labels=None)
            model, tokenizer = self._model, self._tokenizer
            if model is None:
                model, tokenizer = tagging.load_tagger(c.base_model, tags, c.model_cache_dir)
            index = {tag: number for number, tag in enumerate(tags)}
            tokenize = lambda e: tagging.tokenize_tagged(tokenizer, e, index, c.max_length)  # noqa: E731
        else:
            if self._model is None:
                loaded = load_base(c.base_model, c.model_cache_dir)
                model, tokenizer = loaded.model, loaded.tokenizer
            else:
                model, tokenizer = self._model, self._tokenizer
                if tokenizer.pad_token is None:
                    tokenizer.pad_token = tokenizer.eos_token
            tokenize = lambda e: tokenize_example(tokenizer, e, c.max_length)  # noqa: E731
        model, resolved, self._use_cache = prepare_for_training(
            model, tokenizer, c, [e for s in data.stages for e in s]
        )
        self.resolved.update(resolved)
        stages = [[tokenize(e) for e in s] for s in data.stages]
        validation = [tokenize(e) for e in data.validation]
        splits = data.splits

        params = trainable_parameters(model)
        optimizer = self._create_optimizer(params)
        model, optimizer = accelerator.prepare(model, optimizer)
        model.train()
        param_list = list(params.values())
        ema = WeightEma(param_list, c.ema) if c.ema is not None else None
        self.ema = ema
        best: list[torch.Tensor] | None = None
        resumed_from: int | None = None
        if c.resume and (self._checkpoint_dir() / "state.pt").is_file():
            self.state, best = load_checkpoint(self._checkpoint_dir(), params, optimizer, ema)
            resumed_from = self.state.step
            log.info("resuming from step %d", self.state.step)

        stage_totals = self._stage_steps(stages)
        total_steps = sum(stage_totals)
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
        return _Session(
            accelerator=accelerator,
            is_main=accelerator.is_main_process,
            model=model,
            tokenizer=tokenizer,
            optimizer=optimizer,
            params=params,
            param_list=param_list,
            ema=ema,
            stages=stages,
            validation=validation,
            splits=splits,
            pad_id=tokenizer.pad_token_id,
            stage_totals=stage_totals,
            total_steps=total_steps,
            eval_every=c.eval_every or max(1, total_steps // 10),
            trainable_parameters=trainable,
            total_parameters=total_params,
            best=best,
            resumed_from=resumed_from,
            started=time.perf_counter(),
        )

    def _create_optimizer(self, params: dict[str, torch.nn.Parameter]) -> torch.optim.AdamW:
        """AdamW with weight decay on matrices only (not on biases and norms)."""
        c = self.config
        decays = {name: p.ndim >= 2 and "norm" not in name for name, p in params.items()}
        decay = [p for name, p in params.items() if decays[name]]
        no_decay = [p for name, p in params.items() if not decays[name]]
        return torch.optim.AdamW(
            [{"params": decay, "weight_decay": c.weight_decay}, {"params": no_decay, "weight_decay": 0.0}],
            lr=c.learning_rate,
            betas=(0.9, 0.999),
            eps=1e-8,
        )

    def _train_stage(self, session: _Session, stage_index: int) -> None:
        """Epochs over one stage's data until its step budget is spent or it stops early."""
        c, state = self.config, self.state
        if stage_index > state.stage_index:
            # A new stage starts at its first batch, with its own best validation loss.
            state.stage_index, state.stage_step, state.epoch, state.batch = stage_index, 0, 0, 0
            state.best_validation_loss, state.bad_validations = None, 0
            session.best = None
        stage_total = session.stage_totals[stage_index]
        epochs = math.ceil(c.stages[stage_index].epochs or c.epochs)
        session.validated_at = -1
        while state.stage_step < stage_total and state.epoch < max(epochs, 1) + 1:
            batches = epoch_batches(
                session.stages[stage_index], c.batch_size, c.seed + 1000 * stage_index + state.epoch
            )
            self._train_epoch(session, stage_index, batches)
            if session.stopped_early:
                break
            state.epoch += 1
            state.batch = 0
        # The stage's final weights are validated too, so the best of the stage is known.
        if session.validated_at != state.stage_step and session.validation and not session.stopped_early:
            self._validate(session)

    def _train_epoch(self, session: _Session, stage_index: int, batches: list[list[int]]) -> None:
        """One pass over `batches` from `state.batch` on: an optimizer step every
        `gradient_accumulation` batches (and at the epoch's end), each followed by validation
        when due, a progress report, early stopping, checkpoints and cancellation."""
        c, state = self.config, self.state
        examples = session.stages[stage_index]
        stage_total = session.stage_totals[stage_index]
        micro, accumulated_loss = 0, 0.0
        for batch_index in range(state.batch, len(batches)):
            if state.stage_step >= stage_total:
                break
            last_micro = micro == c.gradient_accumulation - 1 or batch_index == len(batches) - 1
            batch = collate([examples[i] for i in batches[batch_index]], session.pad_id)
            accumulated_loss += self._accumulate_gradients(session, batch, synchronize=last_micro)
            micro += 1
            if not last_micro:
                continue
            learning_rate = self._optimizer_step(session, stage_total)
            state.batch = batch_index + 1
            session.last_loss = accumulated_loss / micro
            micro, accumulated_loss = 0, 0.0
            validation_loss = self._record_step(session, stage_total)
            self._report_progress(session, stage_index, len(batches), learning_rate, validation_loss)
            if validation_loss is not None and self._patience_spent(session):
                session.stopped_early = True
                log.info("early stopping at step %d", state.step)
                break
            if c.checkpoint_every and state.step % c.checkpoint_every == 0 and session.is_main:
                self._save_checkpoint(session)
            if self.should_stop():
                raise Cancelled()

    def _accumulate_gradients(
        self, session: _Session, batch: dict[str, torch.Tensor], *, synchronize: bool
    ) -> float:
        """Forward and backward on one micro-batch; returns its loss. Gradients are averaged over
        the accumulation steps and synchronised across processes only on the last of them."""
        accelerator = session.accelerator
        batch = {k: v.to(accelerator.device) for k, v in batch.items()}
        session.tokens_seen += int(batch["attention_mask"].sum())
        sync = nullcontext() if synchronize else accelerator.no_sync(session.model)
        with sync, accelerator.autocast():
            loss = session.model(**batch).loss
            accelerator.backward(loss / self.config.gradient_accumulation)
        return float(loss.detach())

    def _optimizer_step(self, session: _Session, stage_total: int) -> float:
        """Learning rate from the stage's cosine schedule, gradient clipping, the step, EMA."""
        c, state = self.config, self.state
        learning_rate = cosine_with_floor(
            state.stage_step, stage_total, c.learning_rate, c.min_learning_rate, c.warmup_ratio
        )
        for group in session.optimizer.param_groups:
            group["lr"] = learning_rate
        session.accelerator.clip_grad_norm_(session.param_list, 1.0)
        session.optimizer.step()
        session.optimizer.zero_grad(set_to_none=True)
        if session.ema is not None:
            session.ema.update(session.param_list)
        state.step += 1
        state.stage_step += 1
        session.steps += 1
        return learning_rate

    def _record_step(self, session: _Session, stage_total: int) -> float | None:
        """Adds the step to the loss curve, validating every `eval_every` steps and at the stage's
        last step; returns the validation loss when it validated."""
        state = self.state
        point: dict[str, float] = {"step": state.step, "loss": session.last_loss}
        validation_loss: float | None = None
        # No validation examples (a split too small to hold any): nothing to validate, so no
        # loss of 0 that no step could beat, and early stopping never fires.
        if session.validation and (
            state.stage_step % session.eval_every == 0 or state.stage_step == stage_total
        ):
            validation_loss = self._validate(session)
            session.validated_at = state.stage_step
            point["validationLoss"] = validation_loss
        state.loss_curve.append(point)
        return validation_loss

    def _patience_spent(self, session: _Session) -> bool:
        """True when validation has not improved for `early_stopping_patience` validations in a row
        and steps are left (stopping at the last step would not be early)."""
        c, state = self.config, self.state
        return (
            c.early_stopping_patience > 0
            and state.bad_validations >= c.early_stopping_patience
            and state.step < session.total_steps
        )

    def _validate(self, session: _Session) -> float:
        """Validation loss, of the EMA weights when EMA is on; keeps a copy of the best weights."""
        state = self.state
        held = copy_into(session.param_list, session.ema.shadow) if session.ema is not None else None
        loss = self._validation_loss(
            session.model, session.validation, session.pad_id, session.accelerator.device
        )
        if state.best_validation_loss is None or loss < state.best_validation_loss - 1e-6:
            state.best_validation_loss = loss
            state.bad_validations = 0
            session.best = [p.detach().clone() for p in session.param_list]
        else:
            state.bad_validations += 1
        if held is not None:
            copy_into(session.param_list, held)
        return loss

    def _report_progress(
        self,
        session: _Session,
        stage_index: int,
        batches: int,
        learning_rate: float,
        validation_loss: float | None,
    ) -> None:
        if not session.is_main:
            return
        state = self.state
        elapsed = time.perf_counter() - session.started
        rate = session.steps / elapsed if elapsed > 0 else None
        self.on_progress(
            {
                "stage": self.config.stages[stage_index].name,
                "step": state.step,
                "totalSteps": session.total_steps,
                "epoch": state.epoch + state.batch / batches,
                "loss": session.last_loss,
                "validationLoss": validation_loss,
                "learningRate": learning_rate,
                "tokensPerSecond": session.tokens_seen / elapsed if elapsed > 0 else None,
                "etaSeconds": (session.total_steps - state.step) / rate if rate else None,
            }
        )

    def _result(self, session: _Session) -> dict[str, Any]:
        """What the protocol reports: steps, losses, speed, memory, splits."""
        state = self.state
        elapsed = time.perf_counter() - session.started
        return {
            "output": str(self.output),
            "steps": state.step,
            "totalSteps": session.total_steps,
            "cancelled": session.cancelled,
            "stoppedEarly": session.stopped_early,
            "resumedFromStep": session.resumed_from,
            "bestValidationLoss": state.best_validation_loss,
            "finalTrainLoss": session.last_loss,
            "tokensPerSecond": session.tokens_seen / elapsed if elapsed > 0 else None,
            "seconds": elapsed,
            "peakMemoryMb": peak_memory_mb(),
            "trainableParameters": session.trainable_parameters,
            "totalParameters": session.total_parameters,
            "lossCurve": state.loss_curve,
            "labels": self.resolved.get("labels"),
            "tags": self.resolved.get("tags"),
            "instruction": self.resolved.get("instruction"),
            "splits": session.splits,
            "checkpoint": str(self._checkpoint_dir()) if session.cancelled else None,
        }

    def _finish(self, session: _Session, result: dict[str, Any]) -> dict[str, Any]:
        """Puts the weights to keep into the model (best validation, else EMA, else the last) and
        saves the adapter or model, the exports and the training log."""
        self.raw_weights = [p.detach().clone() for p in session.param_list]
        final = session.best if session.best is not None else (session.ema.shadow if session.ema else None)
        if final is not None:
            copy_into(session.param_list, final)
        unwrapped = session.accelerator.unwrap_model(session.model)
        if self._use_cache is not None:
            unwrapped.config.use_cache = self._use_cache
        self.model, self.tokenizer = unwrapped, session.tokenizer
        if session.is_main:
            result["files"] = save_outputs(unwrapped, session.tokenizer, self.config, self.output)
            (self.output / "train_log.json").write_text(json.dumps(result, indent=2))
        session.accelerator.wait_for_everyone()
        return result

    # ----- outputs --------------------------------------------------------------------------

    def _write_resolved_config(self) -> None:
        document = {"config": asdict(self.config), "resolved": self.resolved}
        (self.output / "resolved_config.json").write_text(json.dumps(document, indent=2, default=str))
