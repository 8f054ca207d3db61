"""Synthforge's Python worker: fine-tuning, evaluation and export on transformers + peft."""

from .torchvision_compat import import_torchvision

# Before anything imports transformers, which imports torchvision when it is installed.
import_torchvision()

__version__ = "0.1.0"
