"""One export end to end: model -> ONNX file -> metadata -> self-check."""

from __future__ import annotations

import platform
import re
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import onnx
import onnxruntime
import timm
import torch
from timm.data import resolve_data_config
from torch import nn

from . import counting, metadata, onnx_io
from .cards import CARDS, Card, ModelSpec, resolve
from .model import LoadedModel, create


@dataclass
class ExportResult:
    """What one export produced, for the CLI's report."""

    model_id: str
    path: Path
    file_size: int
    seconds: float
    check: onnx_io.SelfCheck
    source_params: int
    source_macs: int
    metadata: metadata.ModelMetadata


def versions() -> dict[str, str]:
    """Tool versions recorded in every export."""
    return {
        "timm": timm.__version__,
        "torch": torch.__version__,
        "onnx": onnx.__version__,
        "onnxruntime": onnxruntime.__version__,
        "python": platform.python_version(),
    }


def export_loaded(
    loaded: LoadedModel,
    path: str | Path,
    *,
    model_id: str,
    timm_name: str,
    timm_tag: str,
    card: Card | None = None,
    opset: int = onnx_io.DEFAULT_OPSET,
) -> ExportResult:
    """Export an already built model; the preprocessing comes from timm's data config.

    Used by the CLI and by make_fixtures.py (tiny models), so fixtures go through the very
    same code as real exports. Raises :class:`onnx_io.SelfCheckError` on a failed check; the
    file is then renamed to ``<name>.onnx.failed`` (kept for inspection, never loaded).
    """
    started = time.perf_counter()
    path = Path(path)
    model: nn.Module = loaded.model.eval()
    config: dict[str, Any] = resolve_data_config({}, model=model)
    preprocess = metadata.preprocess_from_data_config(config)
    input_size = tuple(preprocess["input_size"])

    onnx_io.export(model, path, input_size, opset)  # type: ignore[arg-type]
    # Load the written file once: opset check, initializer count, then metadata and re-save.
    proto = onnx.load(str(path))
    onnx_io.check_opset(proto, opset)
    onnx_io.strip_debug_metadata(proto)
    onnx_params = counting.initializer_params(proto)
    source_params, source_macs, reference = counting.reference(
        model,
        input_size,
        onnx_params,  # type: ignore[arg-type]
    )
    meta = metadata.ModelMetadata(
        model_id=model_id,
        timm_name=timm_name,
        timm_tag=timm_tag,
        num_classes=int(model.num_classes),
        labels=loaded.labels,
        preprocess=preprocess,
        weights=loaded.weights,
        source_params=source_params,
        source_macs=source_macs,
        reference=reference,
        versions=versions(),
        card=card.to_metadata() if card is not None else None,
    )
    metadata.apply(proto, meta.to_props())
    onnx_io.save_self_contained(proto, path)
    del proto

    try:
        check = onnx_io.self_check(path, model, input_size)  # type: ignore[arg-type]
    except onnx_io.SelfCheckError as err:
        # Keep the file for inspection, under a name no loader picks up as a model.
        failed = path.with_name(path.name + ".failed")
        path.replace(failed)
        raise onnx_io.SelfCheckError(f"{err}; file kept as {failed}") from err
    return ExportResult(
        model_id=model_id,
        path=path,
        file_size=onnx_io.size_of(path),
        seconds=time.perf_counter() - started,
        check=check,
        source_params=source_params,
        source_macs=source_macs,
        metadata=meta,
    )


_SAFE_NAME = re.compile(r"[A-Za-z0-9][A-Za-z0-9._-]*")


def export_name(spec: ModelSpec, checkpoint: str | Path | None, name: str | None) -> str:
    """The export's id and file stem; see :func:`export_model`.

    Raises ``ValueError`` for a name that is not a plain file name, or a fine-tune named like
    a card (it would take that card's slot in the app's library and pose as its weights).
    """
    if name is None:
        if checkpoint is None:
            return spec.model_id
        name = Path(checkpoint).stem
        if name in CARDS:
            # The default must not pose as the card either; an explicit --name is refused.
            name = f"{name}-finetuned"
        elif _poses_as_card(name):
            # "resnext50_32x4d.ft5" reads as a tag of the card (the app's library would list it
            # in that card's slot); "resnext50_32x4d-ft5" does not.
            name = name.replace(".", "-")
    if not _SAFE_NAME.fullmatch(name) or name.endswith(".onnx"):
        raise ValueError(f"--name {name!r}: use letters, digits, '.', '_' and '-' (no suffix)")
    if checkpoint is not None and (name in CARDS or _poses_as_card(name)):
        raise ValueError(
            f"--name {name!r} is a card id (or one with a tag); a fine-tune needs a name of its own"
        )
    return name


def _poses_as_card(name: str) -> bool:
    """Whether ``name`` is a card id followed by ``.tag`` (how the library spots a card's file)."""
    return name.split(".", 1)[0] in CARDS and "." in name


def export_model(
    model: str,
    out_dir: str | Path,
    *,
    checkpoint: str | Path | None = None,
    num_classes: int | None = None,
    labels_file: str | Path | None = None,
    random_init_seed: int | None = None,
    opset: int = onnx_io.DEFAULT_OPSET,
    name: str | None = None,
) -> ExportResult:
    """Export a card id or timm name to ``out_dir/<id>.onnx`` (see export.py for the CLI).

    A ``checkpoint`` is its own model: it is named ``name`` (default: the checkpoint's file
    stem), records the architecture (and, when MODEL names a tag, the weights it started from)
    and carries no card: published figures describe the exact pretrained weights they were
    measured on, not weights trained further.
    """
    started = time.perf_counter()
    spec: ModelSpec = resolve(model)
    model_id = export_name(spec, checkpoint, name)
    loaded = create(
        spec,
        checkpoint=checkpoint,
        num_classes=num_classes,
        labels_file=labels_file,
        random_init_seed=random_init_seed,
    )
    card = spec.card
    timm_tag = spec.timm_tag or str(loaded.weights.get("tag", ""))
    if checkpoint is not None:
        card = None
        # The tag names pretrained weights; these are not them.
        timm_tag = ""
        loaded.weights["base_model"] = spec.timm_name
        # A tag the user wrote (name.tag) says where the fine-tune started; a card id or a bare
        # architecture name does not.
        if spec.card is None and spec.timm_tag:
            loaded.weights["fine_tuned_from"] = spec.timm_full_name
    elif card is not None and int(loaded.model.num_classes) != 1000:
        # Random init with another head size: the card's parameter count no longer applies.
        card = None
    result = export_loaded(
        loaded,
        Path(out_dir) / f"{model_id}.onnx",
        model_id=model_id,
        timm_name=spec.timm_name,
        # Without an explicit tag timm downloads its default one; record which it was.
        timm_tag=timm_tag,
        card=card,
        opset=opset,
    )
    # Count model creation and random-init calibration as part of the export time.
    result.seconds = time.perf_counter() - started
    return result
