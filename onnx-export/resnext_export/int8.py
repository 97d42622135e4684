"""The int8 variant of an exported model: ONNX Runtime's static quantizer, calibrated on images.

Scheme (chosen by measurement, see onnx-export/README.md "int8"): QDQ, activations uint8,
weights int8 per output channel (U8S8), MinMax calibration, no reduce_range. Two kinds of nodes
stay float:

* the classifier head (the Gemm/MatMul after the global pool): the app computes CAM heatmaps from
  the head's float weights, and an int8 head saves nothing measurable (one 2048x1000 product);
* grouped convolutions with few channels per group (ResNeXt-50's layer1 and layer2: 4 and 8 per
  group): ONNX Runtime's int8 kernel for them is slower than (layer1) or as fast as (layer2) its
  float one, so quantizing them cost more than it saved. ORT's ``WeightBiasQuantization`` optimizer would quantize a float conv fed by a
  per-tensor DequantizeLinear at load time anyway, so such a conv gets its own per-axis
  DequantizeLinear (the same scale repeated per channel: identical values), which that optimizer
  leaves alone.

The file keeps the fp32 export's metadata with its own id (``<id>-int8``), the same weights
origin, and a ``quantization`` object (docs/metadata-schema.md). Outputs ``logits`` and
``features`` stay float32 under their names.
"""

from __future__ import annotations

import json
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np
import onnx
import onnxruntime as ort
from onnx import helper, numpy_helper
from PIL import Image

from . import metadata, onnx_io
from .model import sha256_of

INT8_SUFFIX = "-int8"
BUNDLED_CALIBRATION = Path(__file__).resolve().parent.parent / "calibration"
IMAGE_SUFFIXES = frozenset({".jpg", ".jpeg", ".png", ".bmp", ".gif", ".tif", ".tiff", ".webp"})
# Grouped convolutions with at most this many input channels per group stay float (measured on
# resnext50_32x4d, README "int8": layer1's 4-channel groups ran ~4x slower in int8 than float;
# keeping layer2's 8-channel groups float too was 3-5 % faster again in two runs of the bench).
FLOAT_GROUP_CHANNELS = 8
SCHEME = {
    "method": "static",
    "format": "QDQ",
    "activations": "uint8",
    "weights": "int8",
    "per_channel": True,
    "reduce_range": False,
    "calibration_method": "MinMax",
}
RANDOM_INIT_NOTE = (
    "weights are random-init: top-1 agreement on them says little (their top classes are close "
    "together and arbitrary); judge int8 on trained weights"
)


@dataclass
class Int8Check:
    """fp32 vs int8 on the calibration images (the same preprocessed inputs)."""

    images: int
    top1_agreement: float
    """fraction of images whose top-1 class is the same"""
    max_abs_logit_diff: float
    max_abs_feature_diff: float
    untrained: bool

    def describe(self) -> str:
        """One line for the CLI."""
        text = (
            f"int8 vs fp32 on {self.images} calibration images: top-1 agreement "
            f"{self.top1_agreement:.0%}, max abs diff logits {self.max_abs_logit_diff:.3g}, "
            f"features {self.max_abs_feature_diff:.3g}"
        )
        return text + (f" ({RANDOM_INIT_NOTE})" if self.untrained else "")


@dataclass
class Int8Result:
    """What one quantization produced."""

    model_id: str
    path: Path
    file_size: int
    seconds: float
    check: Int8Check
    float_nodes: list[str]


class CalibrationError(ValueError):
    """No usable calibration images."""


def int8_id(model_id: str) -> str:
    """``resnext50_32x4d`` -> ``resnext50_32x4d-int8``: its own model, never a card's slot."""
    return model_id + INT8_SUFFIX


def calibration_images(paths: list[Path] | None) -> tuple[list[Path], str]:
    """The images to calibrate on and where they came from (``bundled`` or ``user``).

    ``paths`` are files or folders (searched recursively for image suffixes, sorted); ``None`` or
    empty means the bundled ones in onnx-export/calibration.
    """
    source = "user" if paths else "bundled"
    found: list[Path] = []
    for p in paths or [BUNDLED_CALIBRATION]:
        if p.is_dir():
            found += sorted(f for f in p.rglob("*") if f.suffix.lower() in IMAGE_SUFFIXES)
        elif p.is_file():
            found.append(p)
        else:
            raise CalibrationError(f"--calibration {p}: no such file or folder")
    if not found:
        raise CalibrationError(f"no calibration images in {', '.join(map(str, paths or []))}")
    return found, source


def preprocess_images(images: list[Path], preprocess: dict[str, Any]) -> list[np.ndarray]:
    """Each image as a [1,3,H,W] float32 input, through timm's eval transform for this model.

    The transform is built from the file's own ``preprocess`` metadata, which the exporter took
    from timm's data config: the same resize, crop and normalization the model was exported with.
    """
    transform = metadata.eval_transform(preprocess)
    out = []
    for path in images:
        try:
            with Image.open(path) as img:
                tensor = transform(img.convert("RGB"))
        except OSError as err:
            raise CalibrationError(f"calibration image {path}: {err}") from err
        out.append(tensor.unsqueeze(0).numpy().astype(np.float32))
    return out


def float_node_names(
    model: onnx.ModelProto,
    *,
    group_channels: int = FLOAT_GROUP_CHANNELS,
    head: bool = True,
    first_conv: bool = False,
) -> list[str]:
    """Nodes left in float: the classifier head and narrow grouped convolutions.

    The keyword options are for bench_int8.py's alternatives (0 channels: no grouped conv).
    """
    inits = {i.name: i for i in model.graph.initializer}
    names = []
    convs = 0
    for node in model.graph.node:
        if node.op_type in ("Gemm", "MatMul"):
            if head:
                names.append(node.name)
        elif node.op_type == "Conv":
            convs += 1
            group = next((a.i for a in node.attribute if a.name == "group"), 1)
            weight = inits.get(node.input[1])
            narrow = group > 1 and weight is not None and weight.dims[1] <= group_channels
            if narrow or (first_conv and convs == 1):
                names.append(node.name)
    return names


def _keep_float(model: onnx.ModelProto, names: set[str]) -> None:
    """Give each float Conv fed by a per-tensor DequantizeLinear a per-axis one of its own.

    Same scale and zero point repeated per channel, so the values are identical; ORT's
    WeightBiasQuantization only rewrites convs whose input scale is a scalar, so it now keeps
    these convs float (module docstring).
    """
    producer = {o: n for n in model.graph.node for o in n.output}
    inits = {i.name: i for i in model.graph.initializer}
    for index, node in reversed(list(enumerate(model.graph.node))):
        if node.name not in names or node.op_type != "Conv":
            continue
        dq = producer.get(node.input[0])
        if dq is None or dq.op_type != "DequantizeLinear" or dq.input[1] not in inits:
            continue
        scale = numpy_helper.to_array(inits[dq.input[1]])
        zero = numpy_helper.to_array(inits[dq.input[2]])
        if scale.size != 1:
            continue
        channels = inits[node.input[1]].dims[1] * next(
            (a.i for a in node.attribute if a.name == "group"), 1
        )
        scale_name, zero_name, out = (node.name + s for s in ("_x_scale", "_x_zero", "_x_float"))
        model.graph.initializer.extend(
            [
                numpy_helper.from_array(np.full(channels, scale.item(), scale.dtype), scale_name),
                numpy_helper.from_array(np.full(channels, zero.item(), zero.dtype), zero_name),
            ]
        )
        model.graph.node.insert(
            index,
            helper.make_node(
                "DequantizeLinear",
                [dq.input[0], scale_name, zero_name],
                [out],
                name=node.name + "_x_dequantize",
                axis=1,
            ),
        )
        node.input[0] = out


def prepare(fp32_path: Path, tmp: Path) -> Path:
    """ONNX Runtime's pre-processing for the quantizer (shape inference, constant folding)."""
    from onnxruntime.quantization.shape_inference import quant_pre_process

    prepared = tmp / "prepared.onnx"
    quant_pre_process(str(fp32_path), str(prepared))
    return prepared


def quantize_graph(
    prepared: Path,
    out: Path,
    inputs: list[np.ndarray],
    float_nodes: list[str],
    *,
    quant_format: str = "QDQ",
    activations: str = "uint8",
    weights: str = "int8",
    per_channel: bool = True,
    reduce_range: bool = False,
    keep_float: bool = True,
) -> onnx.ModelProto:
    """``quantize_static`` on a prepared file; the defaults are :data:`SCHEME`.

    The options are there for bench_int8.py, which measures the alternatives. ``keep_float``
    applies the per-axis DequantizeLinear that keeps ``float_nodes`` float at run time too.
    """
    from onnxruntime.quantization import (
        CalibrationDataReader,
        QuantFormat,
        QuantType,
        quantize_static,
    )

    class Reader(CalibrationDataReader):
        def __init__(self) -> None:
            self._batches = iter(inputs)

        def get_next(self) -> dict[str, np.ndarray] | None:
            x = next(self._batches, None)
            return None if x is None else {metadata.INPUT_NAME: x}

    types = {"uint8": QuantType.QUInt8, "int8": QuantType.QInt8}
    quantize_static(
        str(prepared),
        str(out),
        Reader(),
        quant_format=QuantFormat.QDQ if quant_format == "QDQ" else QuantFormat.QOperator,
        activation_type=types[activations],
        weight_type=types[weights],
        per_channel=per_channel,
        reduce_range=reduce_range,
        nodes_to_exclude=float_nodes,
    )
    model = onnx.load(str(out))
    if keep_float:
        _keep_float(model, set(float_nodes))
    return model


def parameter_elements(model: onnx.ModelProto) -> int:
    """Initializer elements without quantization scales and zero points.

    For a QDQ graph this equals the fp32 file's initializer count: the int8 weights and int32
    biases have the float tensors' shapes, and only the scales and zero points are added.
    """
    qparams = set()
    for node in model.graph.node:
        if node.op_type in ("QuantizeLinear", "DequantizeLinear"):
            qparams.update(node.input[1:3])
    return sum(
        int(np.prod(t.dims)) if t.dims else 1
        for t in model.graph.initializer
        if t.name not in qparams
    )


def _session(path: Path) -> ort.InferenceSession:
    options = ort.SessionOptions()
    options.log_severity_level = 3
    return ort.InferenceSession(str(path), options, providers=["CPUExecutionProvider"])


def compare(fp32: Path, int8: Path, inputs: list[np.ndarray], untrained: bool) -> Int8Check:
    """Runs both files on the same inputs; fails on a broken int8 graph, never on agreement.

    Raises :class:`onnx_io.SelfCheckError` when the int8 file lacks the float32 ``logits`` and
    ``features`` outputs, their shapes differ from fp32's, or it gives non-finite values.
    """
    a, b = _session(fp32), _session(int8)
    names = [metadata.LOGITS_NAME, metadata.FEATURES_NAME]
    types = {o.name: o.type for o in b.get_outputs()}
    if any(types.get(n) != "tensor(float)" for n in names):
        raise onnx_io.SelfCheckError(f"{int8}: outputs {names} must be float32, found {types}")
    same = 0
    logit_diff = feature_diff = 0.0
    for x in inputs:
        fl, ff = a.run(names, {metadata.INPUT_NAME: x})
        ql, qf = b.run(names, {metadata.INPUT_NAME: x})
        if ql.shape != fl.shape or qf.shape != ff.shape:
            raise onnx_io.SelfCheckError(f"{int8}: output shapes differ from fp32's")
        if not (np.isfinite(ql).all() and np.isfinite(qf).all()):
            raise onnx_io.SelfCheckError(f"{int8}: non-finite outputs")
        same += int(np.argmax(ql) == np.argmax(fl))
        logit_diff = max(logit_diff, float(np.max(np.abs(ql - fl))))
        feature_diff = max(feature_diff, float(np.max(np.abs(qf - ff))))
    return Int8Check(len(inputs), same / len(inputs), logit_diff, feature_diff, untrained)


def quantize(
    fp32_path: str | Path,
    out_path: str | Path | None = None,
    calibration: list[Path] | None = None,
) -> Int8Result:
    """Writes the int8 variant of an export (default: ``<id>-int8.onnx`` beside it).

    ``calibration``: image files or folders; None uses the bundled images. The fp32 file must be
    one of our exports (its ``preprocess`` metadata drives the calibration transform).
    """
    started = time.perf_counter()
    fp32_path = Path(fp32_path)
    props = metadata.read_props(fp32_path)
    if metadata.PREPROCESS not in props:
        raise ValueError(f"{fp32_path} has no {metadata.PREPROCESS} metadata: not our export")
    decoded = metadata.decode(props)
    model_id = int8_id(decoded.get("id", fp32_path.stem))
    out_path = Path(out_path) if out_path else fp32_path.with_name(model_id + ".onnx")
    images, source = calibration_images(calibration)
    inputs = preprocess_images(images, decoded["preprocess"])

    original = onnx.load(str(fp32_path))
    float_nodes = float_node_names(original)
    with tempfile.TemporaryDirectory(dir=out_path.parent) as tmp:
        prepared = prepare(fp32_path, Path(tmp))
        model = quantize_graph(prepared, Path(tmp) / "quantized.onnx", inputs, float_nodes)
    # The pre-processing pass declares every domain ORT knows; the graph uses the original's.
    del model.opset_import[:]
    model.opset_import.extend(original.opset_import)
    del model.metadata_props[:]
    model.metadata_props.extend(original.metadata_props)
    del original
    reference = dict(decoded.get("reference", {}))
    reference["onnx_initializer_params"] = parameter_elements(model)
    quantization = dict(SCHEME)
    quantization.update(
        {
            "calibration_images": len(images),
            "calibration_source": source,
            "float_nodes": float_nodes,
            "fp32_file": fp32_path.name,
            "fp32_sha256": sha256_of(fp32_path),
        }
    )
    updates = {
        metadata.ID: model_id,
        metadata.REFERENCE: json.dumps(reference, separators=(",", ":")),
        metadata.QUANTIZATION: json.dumps(quantization, separators=(",", ":")),
    }
    # Published figures (top-1, file size) were measured on the fp32 weights, not these.
    props = {k: v for k, v in props.items() if k.startswith(metadata.PREFIX) and k != metadata.CARD}
    props.update(updates)
    metadata.apply(model, props)
    onnx.checker.check_model(model)
    onnx_io.save_self_contained(model, out_path)
    del model
    untrained = decoded.get("weights", {}).get("kind") == "random-init"
    check = compare(fp32_path, out_path, inputs, untrained)
    return Int8Result(
        model_id=model_id,
        path=out_path,
        file_size=onnx_io.size_of(out_path),
        seconds=time.perf_counter() - started,
        check=check,
        float_nodes=float_nodes,
    )
