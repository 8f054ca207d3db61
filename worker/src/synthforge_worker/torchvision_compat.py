"""torchvision importable beside the CPU build of torch.

PyPI's torchvision wheels are built against the CUDA build of torch: beside the CPU build their C
extension (the detection ops: nms, roi_align...) does not load, which torchvision allows, but
0.28's import then fails registering fake kernels for `torchvision::nms` and `torchvision::qnms`,
ops only that extension defines. transformers imports torchvision whenever it is installed, so
that failure would also break every text model. On that failure alone the two schemas are defined
without a kernel and the import is tried again: the models and transforms work, the detection
ops (which the worker never uses) say they have no kernel. Where the extension loads (torch's
CUDA build, as on a GPU machine) nothing is defined and torchvision is untouched.
"""

from __future__ import annotations

import importlib.util
import sys
import warnings
from typing import Any

#: Kept alive for the process: dropping a `torch.library.Library` removes what it defined.
_DETECTION_SCHEMAS: list[Any] = []


def _import() -> Any:
    with warnings.catch_warnings():
        # "Failed to load image Python extension": the image decoders are CUDA-built too.
        warnings.simplefilter("ignore", UserWarning)
        import torchvision

    return torchvision


def import_torchvision() -> Any:
    """The torchvision module, imported (see the module's docstring); None when not installed."""
    if importlib.util.find_spec("torchvision") is None:
        return None
    try:
        return _import()
    except RuntimeError as error:
        if "torchvision::nms" not in str(error) or _DETECTION_SCHEMAS:
            raise
    import torch

    for name in [name for name in sys.modules if name.split(".")[0] == "torchvision"]:
        del sys.modules[name]
    library = torch.library.Library("torchvision", "DEF")
    library.define("nms(Tensor dets, Tensor scores, float iou_threshold) -> Tensor")
    library.define("qnms(Tensor dets, Tensor scores, float iou_threshold) -> Tensor")
    _DETECTION_SCHEMAS.append(library)
    return _import()
