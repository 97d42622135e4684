"""The ONNX metadata keys of schema ``resnext_explorer`` v1 (docs/metadata-schema.md).

This is the ONE Python file that owns the keys; the Java side mirrors them in
``io.resnextexplorer.metadata.MetadataKeys``. Structured values are JSON text. Bump
:data:`SCHEMA_VERSION` only when a key changes meaning.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import onnx

SCHEMA_VERSION = 1
PREFIX = "resnext_explorer."

SCHEMA_VERSION_KEY = PREFIX + "schema_version"
ID = PREFIX + "id"
TIMM_NAME = PREFIX + "timm_name"
TIMM_TAG = PREFIX + "timm_tag"
NUM_CLASSES = PREFIX + "num_classes"
LABELS = PREFIX + "labels"
PREPROCESS = PREFIX + "preprocess"
CARD = PREFIX + "card"
WEIGHTS = PREFIX + "weights"
SOURCE_PARAMS = PREFIX + "source_params"
SOURCE_MACS = PREFIX + "source_macs"
REFERENCE = PREFIX + "reference"
VERSIONS = PREFIX + "versions"
OUTPUTS = PREFIX + "outputs"
QUANTIZATION = PREFIX + "quantization"  # int8 variants only (resnext_export.int8)

ALL_KEYS = (
    SCHEMA_VERSION_KEY,
    ID,
    TIMM_NAME,
    TIMM_TAG,
    NUM_CLASSES,
    LABELS,
    PREPROCESS,
    CARD,
    WEIGHTS,
    SOURCE_PARAMS,
    SOURCE_MACS,
    REFERENCE,
    VERSIONS,
    OUTPUTS,
    QUANTIZATION,
)
JSON_KEYS = frozenset(
    {LABELS, PREPROCESS, CARD, WEIGHTS, REFERENCE, VERSIONS, OUTPUTS, QUANTIZATION}
)
INT_KEYS = frozenset({SCHEMA_VERSION_KEY, NUM_CLASSES, SOURCE_PARAMS, SOURCE_MACS})

# Names of the graph's input and outputs; the Java side finds them through OUTPUTS too.
INPUT_NAME = "input"
LOGITS_NAME = "logits"
FEATURES_NAME = "features"

PREPROCESS_FIELDS = ("input_size", "interpolation", "crop_pct", "crop_mode", "mean", "std")


@dataclass
class ModelMetadata:
    """Everything the exporter writes about one model, before it becomes strings.

    ``card`` is None for anything that is not a card id (the key is then omitted).
    """

    model_id: str
    timm_name: str
    timm_tag: str
    num_classes: int
    labels: list[str]
    preprocess: dict[str, Any]
    weights: dict[str, Any]
    source_params: int
    source_macs: int
    reference: dict[str, Any]
    versions: dict[str, str]
    card: dict[str, Any] | None = None
    outputs: dict[str, str] = field(
        default_factory=lambda: {"logits": LOGITS_NAME, "features": FEATURES_NAME}
    )

    def to_props(self) -> dict[str, str]:
        """The metadata_props as ordered key -> string value."""
        if len(self.labels) != self.num_classes:
            raise ValueError(f"{len(self.labels)} labels for {self.num_classes} classes")
        props: dict[str, str] = {
            SCHEMA_VERSION_KEY: str(SCHEMA_VERSION),
            ID: self.model_id,
            TIMM_NAME: self.timm_name,
            TIMM_TAG: self.timm_tag,
            NUM_CLASSES: str(self.num_classes),
            LABELS: _json(self.labels),
            PREPROCESS: _json(self.preprocess),
        }
        if self.card is not None:
            props[CARD] = _json(self.card)
        props.update(
            {
                WEIGHTS: _json(self.weights),
                SOURCE_PARAMS: str(self.source_params),
                SOURCE_MACS: str(self.source_macs),
                REFERENCE: _json(self.reference),
                VERSIONS: _json(self.versions),
                OUTPUTS: _json(self.outputs),
            }
        )
        return props


def preprocess_from_data_config(config: dict[str, Any]) -> dict[str, Any]:
    """The ``preprocess`` object from timm's ``resolve_data_config`` output.

    Tuples become lists and numbers plain floats so the JSON is what the schema shows.
    """
    return {
        "input_size": [int(v) for v in config["input_size"]],
        "interpolation": str(config["interpolation"]),
        "crop_pct": float(config["crop_pct"]),
        "crop_mode": str(config.get("crop_mode", "center")),
        "mean": [float(v) for v in config["mean"]],
        "std": [float(v) for v in config["std"]],
    }


def eval_transform(preprocess: dict[str, Any]) -> Any:
    """timm's eval transform for a ``preprocess`` object (the inverse of
    :func:`preprocess_from_data_config`): the resize, crop and normalization the model was
    exported with. One place for the calibration images, the accuracy and the benchmark scripts.
    """
    from timm.data import create_transform

    return create_transform(
        input_size=tuple(preprocess["input_size"]),
        interpolation=preprocess["interpolation"],
        crop_pct=preprocess["crop_pct"],
        crop_mode=preprocess.get("crop_mode", "center"),
        mean=tuple(preprocess["mean"]),
        std=tuple(preprocess["std"]),
        is_training=False,
    )


def _json(value: Any) -> str:
    # Compact separators: labels for 1000 classes are the bulk of the metadata.
    return json.dumps(value, ensure_ascii=False, separators=(",", ":"))


def apply(model: onnx.ModelProto, props: dict[str, str]) -> None:
    """Replace our keys in ``model.metadata_props`` (other keys are kept)."""
    kept = [p for p in model.metadata_props if not p.key.startswith(PREFIX)]
    del model.metadata_props[:]
    model.metadata_props.extend(kept)
    for key, value in props.items():
        entry = model.metadata_props.add()
        entry.key = key
        entry.value = value


def read_props(path: str | Path) -> dict[str, str]:
    """All metadata_props of an ONNX file (weights are not loaded)."""
    model = onnx.load(str(path), load_external_data=False)
    return {p.key: p.value for p in model.metadata_props}


def decode(props: dict[str, str]) -> dict[str, Any]:
    """Our keys with JSON and integers decoded, keyed by the short name (``"labels"``, ...)."""
    out: dict[str, Any] = {}
    for key, value in props.items():
        if not key.startswith(PREFIX):
            continue
        short = key[len(PREFIX) :]
        if key in JSON_KEYS:
            out[short] = json.loads(value)
        elif key in INT_KEYS:
            out[short] = int(value)
        else:
            out[short] = value
    return out
