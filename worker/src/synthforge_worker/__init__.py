"""Synthforge's Python worker: fine-tuning, evaluation and export on transformers + peft."""

__version__ = "0.1.0"
