"""ONNX export of a timm classifier as ``input -> (logits, features)`` and its self-check.

Exporter choice (torch 2.14): the dynamo exporter (``torch.onnx.export(..., dynamo=True)``,
the default) is used. The legacy TorchScript exporter (``dynamo=False``) still exists but is
deprecated and warns; both give the same graph for ResNeXt. The dynamo exporter needs opset
>= 18; 18 is the default because ONNX Runtime 1.29 (Java) runs it and it is the lowest the
exporter supports without a version-conversion pass.
"""

from __future__ import annotations

import copy
import logging
import os
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import onnx
import onnxruntime as ort
import torch
from torch import nn

from .metadata import FEATURES_NAME, INPUT_NAME, LOGITS_NAME
from .model import image_like_batch

DEFAULT_OPSET = 18
MIN_OPSET = 18
# The self-check compares ONNX Runtime and torch float32 with a float64 run of the same torch
# model: float32 rounding is the noise floor (it grows with depth and with the size of the
# activations, so no fixed absolute tolerance fits both random and trained weights). ONNX
# Runtime passes when its error against float64 is within NOISE_MULTIPLE times torch float32's
# own error, plus NOISE_FLOOR times the output's RMS. The multiple leaves room for a different
# but equally good summation order (measured: ORT's error is 0.55-1.0x torch's on the four
# cards with realistic weights). The floor covers outputs where torch float32 happens to be
# almost exact (a shallow model, a lucky rounding) so ORT is not failed for a handful of ulps:
# 1e-5 relative is ~80 float32 ulps (eps 1.19e-7) yet below what real export bugs do (one
# conv's weights 0.1 % off, or one folded BN bias shifted by 0.1 %, fail; see the tests).
NOISE_MULTIPLE = 4.0
NOISE_FLOOR = 1e-5
SELF_CHECK_SEED = 12345  # differs from any --random-init seed people use: not the calibration batch
SELF_CHECK_BATCH = 2

log = logging.getLogger(__name__)


class ClassifierWithFeatures(nn.Module):
    """``x -> (logits, features)`` where features are the last conv stage's output.

    Exporting both lets the app compute CAM heatmaps (features + fc weights) from one run.
    """

    def __init__(self, model: nn.Module) -> None:
        super().__init__()
        self.model = model

    def forward(self, x: torch.Tensor) -> tuple[torch.Tensor, torch.Tensor]:
        features = self.model.forward_features(x)
        return self.model.forward_head(features), features


class SelfCheckError(RuntimeError):
    """ONNX Runtime's error against torch float64 exceeds what float32 rounding explains."""


def export(
    model: nn.Module, path: str | Path, input_size: tuple[int, int, int], opset: int = DEFAULT_OPSET
) -> None:
    """Write ``model`` (eval mode) to ONE self-contained ONNX file with a dynamic batch axis.

    ``external_data=False`` keeps resnext101's ~354 MB of weights inside the .onnx (the
    protobuf limit is 2 GB); a stale ``<file>.data`` from an older export is removed so
    nobody loads it by mistake.
    """
    if opset < MIN_OPSET:
        # torch would try onnx's version converter, which fails on this graph (Reduce axes)
        # and then quietly keeps opset 18: refuse instead of writing a different opset.
        raise ValueError(f"opset {opset} not supported: the dynamo exporter needs >= {MIN_OPSET}")
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    wrapper = ClassifierWithFeatures(model).eval()
    example = torch.zeros(SELF_CHECK_BATCH, *input_size)
    batch = torch.export.Dim("batch", min=1)
    with torch.no_grad():
        program = torch.onnx.export(
            wrapper,
            (example,),
            None,
            input_names=[INPUT_NAME],
            output_names=[LOGITS_NAME, FEATURES_NAME],
            opset_version=opset,
            dynamo=True,
            dynamic_shapes={"x": {0: batch}},
            verbose=False,
        )
    assert program is not None
    program.save(str(path), external_data=False)
    stale = Path(str(path) + ".data")
    if stale.exists():
        stale.unlink()


def check_opset(model: onnx.ModelProto, opset: int) -> None:
    """Fail if the default-domain opset of ``model`` is not the one asked for."""
    written = {o.domain: o.version for o in model.opset_import}
    if written.get("", written.get("ai.onnx")) != opset:
        raise RuntimeError(f"asked for opset {opset}, the exporter wrote {written}")


KEPT_NODE_METADATA = frozenset({"pkg.torch.onnx.name_scopes"})


def strip_debug_metadata(model: onnx.ModelProto) -> None:
    """Drop the dynamo exporter's per-node debug metadata (stack traces, fx names).

    Those carry absolute source paths and line numbers of the machine that exported, so the
    same weights would give different bytes in every checkout; they are not needed to run.
    The module path of each node (``pkg.torch.onnx.name_scopes``, e.g. ``['', 'global_pool',
    'global_pool.pool', 'mean']``) is kept: it is machine-independent and it is what lets the
    graph inspector attribute weightless nodes such as the global pool to the right stage.
    """
    for node in model.graph.node:
        kept = [p for p in node.metadata_props if p.key in KEPT_NODE_METADATA]
        del node.metadata_props[:]
        node.metadata_props.extend(kept)
    for info in (*model.graph.value_info, *model.graph.input, *model.graph.output):
        del info.metadata_props[:]
    for init in model.graph.initializer:
        del init.metadata_props[:]


def save_self_contained(model: onnx.ModelProto, path: str | Path) -> None:
    """Save with every tensor inline (no external .data file)."""
    onnx.save(model, str(path), save_as_external_data=False)


def self_check_input(input_size: tuple[int, int, int]) -> torch.Tensor:
    """The deterministic batch-2 input used for the torch vs ONNX Runtime comparison.

    Image-like (normalized 1/f noise) rather than white noise: the check should run the
    network in the regime it is used in. White noise gives a random-init network logits
    several times larger than photos do, and float32 rounding grows with them until it alone
    dominates the check's noise floor.
    """
    gen = torch.Generator().manual_seed(SELF_CHECK_SEED)
    return image_like_batch(input_size, SELF_CHECK_BATCH, gen)


@dataclass(frozen=True)
class OutputCheck:
    """One output's comparison against torch float64 (max abs differences over the batch)."""

    name: str
    onnx_error: float
    """max |ONNX Runtime - torch float64|"""
    torch_error: float
    """max |torch float32 - torch float64|: float32's own rounding on this model and input"""
    scale: float
    """RMS of the float64 output, the unit of :data:`NOISE_FLOOR`"""

    @property
    def limit(self) -> float:
        """The largest ``onnx_error`` that float32 rounding explains."""
        return NOISE_MULTIPLE * self.torch_error + NOISE_FLOOR * self.scale

    @property
    def ok(self) -> bool:
        figures = [self.onnx_error, self.torch_error, self.scale]
        return bool(np.isfinite(figures).all()) and self.onnx_error <= self.limit

    def describe(self) -> str:
        """E.g. ``logits: onnx 2.1e-04, torch fp32 1.9e-04 vs float64 (limit 7.6e-04)``."""
        return (
            f"{self.name}: onnx {self.onnx_error:.1e}, torch fp32 {self.torch_error:.1e} "
            f"vs float64 (limit {self.limit:.1e})"
        )


@dataclass(frozen=True)
class SelfCheck:
    """The self-check's figures for each output the exporter writes."""

    logits: OutputCheck
    features: OutputCheck

    @property
    def outputs(self) -> tuple[OutputCheck, ...]:
        return (self.logits, self.features)

    @property
    def ok(self) -> bool:
        return all(o.ok for o in self.outputs)

    def describe(self) -> str:
        """Both outputs' figures on one line."""
        return "; ".join(o.describe() for o in self.outputs)


def _max_abs(a: np.ndarray, b: np.ndarray) -> float:
    return float(np.max(np.abs(a.astype(np.float64) - b.astype(np.float64))))


def _compare(name: str, onnx_out: np.ndarray, fp32: np.ndarray, fp64: np.ndarray) -> OutputCheck:
    return OutputCheck(
        name=name,
        onnx_error=_max_abs(onnx_out, fp64),
        torch_error=_max_abs(fp32, fp64),
        scale=float(np.sqrt(np.mean(np.square(fp64)))),
    )


def self_check(path: str | Path, model: nn.Module, input_size: tuple[int, int, int]) -> SelfCheck:
    """Run the ONNX file on CPU, torch float32 and torch float64 on the same input; compare.

    Raises :class:`SelfCheckError` when, for logits or features, ONNX Runtime's max abs
    difference from float64 exceeds the limit (see :data:`NOISE_MULTIPLE`), when a figure is
    not finite, or when the graph does not have the input/outputs the app relies on. ``model``
    is not changed: the float64 run uses a deep copy.
    """
    x = self_check_input(input_size)
    with torch.no_grad():
        logits, features = ClassifierWithFeatures(model).eval()(x)
        reference = ClassifierWithFeatures(copy.deepcopy(model).double()).eval()
        logits64, features64 = reference(x.double())
        del reference
    options = ort.SessionOptions()
    options.log_severity_level = 3
    session = ort.InferenceSession(str(path), options, providers=["CPUExecutionProvider"])
    names = [o.name for o in session.get_outputs()]
    if session.get_inputs()[0].name != INPUT_NAME or names[:2] != [LOGITS_NAME, FEATURES_NAME]:
        raise SelfCheckError(f"{path}: unexpected graph signature {names}")
    ort_logits, ort_features = session.run([LOGITS_NAME, FEATURES_NAME], {INPUT_NAME: x.numpy()})
    if ort_logits.shape != tuple(logits.shape) or ort_features.shape != tuple(features.shape):
        raise SelfCheckError(
            f"{path}: shapes differ: onnx {ort_logits.shape}/{ort_features.shape} vs torch "
            f"{tuple(logits.shape)}/{tuple(features.shape)}"
        )
    result = SelfCheck(
        _compare(LOGITS_NAME, ort_logits, logits.numpy(), logits64.numpy()),
        _compare(FEATURES_NAME, ort_features, features.numpy(), features64.numpy()),
    )
    if not result.ok:
        failed = ", ".join(o.name for o in result.outputs if not o.ok)
        raise SelfCheckError(
            f"SELF-CHECK FAILED for {path}: ONNX Runtime's {failed} differ from torch float64 "
            f"more than float32 rounding explains (limit {NOISE_MULTIPLE:g} x torch fp32 error "
            f"+ {NOISE_FLOOR:.0e} x RMS): {result.describe()}"
        )
    return result


def external_data_files(path: str | Path) -> list[str]:
    """Locations of external data referenced by an ONNX file (empty when self-contained)."""
    model = onnx.load(str(path), load_external_data=False)
    found: set[str] = set()
    for init in model.graph.initializer:
        if init.data_location == onnx.TensorProto.EXTERNAL:
            for entry in init.external_data:
                if entry.key == "location":
                    found.add(entry.value)
    return sorted(found)


def size_of(path: str | Path) -> int:
    """File size in bytes."""
    return os.path.getsize(path)
