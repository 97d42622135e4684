"""The metadata written into the ONNX file is exactly what the schema says and reads back."""

import json

from resnext_export import counting, metadata
from resnext_export.exporter import ExportResult

SCHEMA_KEYS = {
    "schema_version",
    "id",
    "timm_name",
    "timm_tag",
    "num_classes",
    "labels",
    "preprocess",
    "weights",
    "source_params",
    "source_macs",
    "reference",
    "versions",
    "outputs",
}


def test_round_trip(tiny_export: ExportResult) -> None:
    props = metadata.read_props(tiny_export.path)
    assert props == tiny_export.metadata.to_props()
    decoded = metadata.decode(props)
    assert set(decoded) == SCHEMA_KEYS  # no card: not a card id
    assert decoded["schema_version"] == 1
    assert decoded["id"] == "tiny"
    assert decoded["num_classes"] == 10
    assert decoded["labels"] == [f"class {i}" for i in range(10)]
    assert decoded["weights"] == {"kind": "random-init", "seed": 0}
    assert decoded["outputs"] == {"logits": "logits", "features": "features"}
    assert set(decoded["versions"]) == {"timm", "torch", "onnx", "onnxruntime", "python"}


def test_preprocess_is_timms_data_config(tiny_export: ExportResult) -> None:
    pre = metadata.decode(metadata.read_props(tiny_export.path))["preprocess"]
    assert pre == {
        "input_size": [3, 64, 64],
        "interpolation": "bicubic",
        "crop_pct": 0.95,
        "crop_mode": "center",
        "mean": [0.485, 0.456, 0.406],
        "std": [0.229, 0.224, 0.225],
    }
    assert list(pre) == list(metadata.PREPROCESS_FIELDS)


def test_reference_stages_add_up(tiny_export: ExportResult) -> None:
    decoded = metadata.decode(metadata.read_props(tiny_export.path))
    ref = decoded["reference"]
    assert list(ref["stages"]) == ["stem", "layer1", "layer2", "layer3", "layer4", "head"]
    assert sum(s["params"] for s in ref["stages"].values()) == decoded["source_params"]
    assert sum(s["macs"] for s in ref["stages"].values()) == decoded["source_macs"]
    assert ref["torch_flop_counter_flops"] == 2 * decoded["source_macs"]
    assert all(s["params"] > 0 and s["macs"] > 0 for s in ref["stages"].values())
    assert ref["onnx_initializer_params"] == counting.onnx_initializer_params(str(tiny_export.path))


def test_card_key_only_for_card_ids() -> None:
    meta = metadata.ModelMetadata(
        model_id="x",
        timm_name="x",
        timm_tag="",
        num_classes=1,
        labels=["a"],
        preprocess={},
        weights={"kind": "random-init", "seed": 0},
        source_params=1,
        source_macs=1,
        reference={},
        versions={},
        card={"source": "s"},
    )
    props = meta.to_props()
    assert json.loads(props[metadata.CARD]) == {"source": "s"}
    meta.card = None
    assert metadata.CARD not in meta.to_props()


def test_apply_replaces_our_keys_and_keeps_others() -> None:
    import onnx

    model = onnx.ModelProto()
    for key, value in [("other", "1"), (metadata.ID, "old")]:
        entry = model.metadata_props.add()
        entry.key, entry.value = key, value
    metadata.apply(model, {metadata.ID: "new"})
    assert {p.key: p.value for p in model.metadata_props} == {"other": "1", metadata.ID: "new"}
