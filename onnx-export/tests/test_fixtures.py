"""The committed Java fixtures are complete and consistent with their manifest."""

import json
from pathlib import Path

import numpy as np

from resnext_export import metadata

FIXTURES = Path(__file__).resolve().parents[2] / "src" / "test" / "resources" / "fixtures"


def test_manifest_files_exist_with_the_stated_sizes() -> None:
    manifest = json.loads((FIXTURES / "manifest.json").read_text(encoding="utf-8"))
    assert manifest["format"] == "resnext_explorer fixtures v1"
    for model in manifest["models"]:
        props = metadata.decode(metadata.read_props(FIXTURES / model["file"]))
        assert props["preprocess"] == model["preprocess"]
        assert props["id"] == model["id"]
    for case in manifest["cases"]:
        for key, itemsize in (("crop_rgb", 1), ("input", 4), ("logits", 4), ("features", 4)):
            entry = case[key]
            assert (FIXTURES / entry["file"]).stat().st_size == itemsize * np.prod(
                entry["shape"]
            ), entry
        crop = np.frombuffer((FIXTURES / case["crop_rgb"]["file"]).read_bytes(), np.uint8)
        tensor = np.frombuffer((FIXTURES / case["input"]["file"]).read_bytes(), "<f4")
        model = next(m for m in manifest["models"] if m["id"] == case["model"])
        pre = model["preprocess"]
        h, w = case["crop_rgb"]["shape"][:2]
        mean = np.array(pre["mean"], np.float32)[:, None, None]
        std = np.array(pre["std"], np.float32)[:, None, None]
        expected = (crop.reshape(h, w, 3).transpose(2, 0, 1) / np.float32(255) - mean) / std
        assert np.abs(expected - tensor.reshape(3, h, w)).max() < 1e-5
    # Keep the repository small: make_fixtures.py's files, and separately the Hub-shaped tiny
    # models of make_hub_fixtures.py (safetensors + their Python exports, for the pull tests).
    hub = FIXTURES / "hub"
    files = [p for p in FIXTURES.rglob("*") if p.is_file()]
    total = sum(p.stat().st_size for p in files if hub not in p.parents)
    assert total < 2_100_000
    assert sum(p.stat().st_size for p in files if hub in p.parents) < 5_000_000


def test_plain_model_has_no_metadata_but_the_same_graph() -> None:
    manifest = json.loads((FIXTURES / "manifest.json").read_text(encoding="utf-8"))
    (plain,) = manifest["plain_models"]
    assert metadata.read_props(FIXTURES / plain["file"]) == {}
    import onnx

    a = onnx.load(str(FIXTURES / plain["file"]))
    b = onnx.load(str(FIXTURES / f"{plain['same_graph_as']}.onnx"))
    assert a.graph == b.graph
