"""The int8 variant (export.py --int8, quantize.py): its own model, float outputs, float head."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import numpy as np
import onnx
import pytest
from onnx import numpy_helper

from resnext_export import int8, metadata
from resnext_export.exporter import ExportResult

ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture(scope="module")
def tiny_int8(
    tiny_export: ExportResult, tmp_path_factory: pytest.TempPathFactory
) -> int8.Int8Result:
    """The tiny export's int8 variant, calibrated on the bundled images."""
    out = tmp_path_factory.mktemp("int8")
    fp32 = out / "tiny.onnx"
    shutil.copy(tiny_export.path, fp32)
    return int8.quantize(fp32)


def _props(path: Path) -> dict:
    return metadata.decode(metadata.read_props(path))


def test_int8_variant_is_its_own_model_with_the_fp32_weights_origin(
    tiny_export: ExportResult, tiny_int8: int8.Int8Result
) -> None:
    fp32, q = _props(tiny_export.path), _props(tiny_int8.path)
    assert tiny_int8.path.name == "tiny-int8.onnx"
    assert q["id"] == "tiny-int8"
    assert q["weights"] == fp32["weights"]
    for key in ("preprocess", "labels", "timm_name", "source_params", "source_macs", "outputs"):
        assert q[key] == fp32[key], key
    assert "card" not in q
    quant = q["quantization"]
    assert quant["format"] == "QDQ" and quant["per_channel"] is True
    assert (quant["activations"], quant["weights"]) == ("uint8", "int8")
    assert quant["calibration_images"] == len(list(int8.BUNDLED_CALIBRATION.glob("*.jpg")))
    assert quant["calibration_source"] == "bundled"
    assert quant["fp32_file"] == "tiny.onnx"


def test_int8_outputs_stay_float32_under_their_names_and_the_head_keeps_float_weights(
    tiny_int8: int8.Int8Result,
) -> None:
    model = onnx.load(str(tiny_int8.path))
    outputs = {o.name: o.type.tensor_type.elem_type for o in model.graph.output}
    assert outputs == {"logits": onnx.TensorProto.FLOAT, "features": onnx.TensorProto.FLOAT}
    inits = {i.name: i for i in model.graph.initializer}
    (gemm,) = [n for n in model.graph.node if n.op_type == "Gemm"]
    assert inits[gemm.input[1]].data_type == onnx.TensorProto.FLOAT
    assert any(n.op_type == "QuantizeLinear" for n in model.graph.node)


def test_narrow_grouped_convs_keep_float_weights_behind_a_per_axis_dequantize(
    tiny_int8: int8.Int8Result,
) -> None:
    model = onnx.load(str(tiny_int8.path))
    inits = {i.name: i for i in model.graph.initializer}
    producer = {o: n for n in model.graph.node for o in n.output}
    grouped = [
        n
        for n in model.graph.node
        if n.op_type == "Conv" and any(a.name == "group" and a.i > 1 for a in n.attribute)
    ]
    narrow = [n for n in grouped if n.name in tiny_int8.float_nodes]
    assert narrow, "the tiny model's grouped convs have 4 channels per group"
    for conv in narrow:
        assert inits[conv.input[1]].data_type == onnx.TensorProto.FLOAT
        dq = producer[conv.input[0]]
        assert dq.op_type == "DequantizeLinear"
        assert numpy_helper.to_array(inits[dq.input[1]]).size > 1


def test_int8_parameters_without_scales_and_zero_points_equal_the_fp32_files(
    tiny_export: ExportResult, tiny_int8: int8.Int8Result
) -> None:
    fp32 = onnx.load(str(tiny_export.path))
    q = onnx.load(str(tiny_int8.path))
    assert int8.parameter_elements(q) == int8.parameter_elements(fp32)
    assert _props(tiny_int8.path)["reference"]["onnx_initializer_params"] == (
        int8.parameter_elements(fp32)
    )


def test_int8_self_check_reports_agreement_and_says_random_init_agreement_says_little(
    tiny_int8: int8.Int8Result,
) -> None:
    check = tiny_int8.check
    assert 0.0 <= check.top1_agreement <= 1.0
    assert np.isfinite(check.max_abs_logit_diff)
    assert check.untrained
    assert "says little" in check.describe()


def test_int8_calibrates_on_the_images_given(tiny_export: ExportResult, tmp_path: Path) -> None:
    photos = tmp_path / "photos"
    photos.mkdir()
    for name in ("chelsea.jpg", "coffee.jpg"):
        shutil.copy(int8.BUNDLED_CALIBRATION / name, photos / name)
    (photos / "notes.txt").write_text("not an image")
    result = int8.quantize(tiny_export.path, tmp_path / "mine.onnx", calibration=[photos])
    quant = _props(result.path)["quantization"]
    assert (quant["calibration_images"], quant["calibration_source"]) == (2, "user")
    assert result.check.images == 2


def test_missing_calibration_folder_is_refused_with_its_name(tmp_path: Path) -> None:
    with pytest.raises(int8.CalibrationError, match="nowhere"):
        int8.calibration_images([tmp_path / "nowhere"])


def test_calibration_without_int8_is_bad_usage() -> None:
    run = subprocess.run(
        [sys.executable, str(ROOT / "export.py"), "resnext50_32x4d", "--calibration", "x.jpg"],
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert run.returncode == 2
    assert "--calibration needs --int8" in run.stderr


@pytest.mark.slow
def test_export_int8_writes_both_files_and_one_line_each(tmp_path: Path) -> None:
    run = subprocess.run(
        [
            sys.executable,
            str(ROOT / "export.py"),
            "resnext50_32x4d",
            "--random-init",
            "0",
            "--int8",
            "--out",
            str(tmp_path),
        ],
        capture_output=True,
        text=True,
        timeout=600,
    )
    assert run.returncode == 0, run.stderr
    lines = run.stdout.splitlines()
    assert lines[0].startswith("resnext50_32x4d: ")
    assert lines[1].startswith("resnext50_32x4d-int8: ") and "top-1 agreement" in lines[1]
    q = _props(tmp_path / "resnext50_32x4d-int8.onnx")
    fp32 = _props(tmp_path / "resnext50_32x4d.onnx")
    assert q["reference"]["onnx_initializer_params"] == fp32["reference"]["onnx_initializer_params"]


@pytest.mark.slow
def test_realistic_weights_int8_passes_its_self_check_and_reports_agreement(tmp_path: Path) -> None:
    from realistic_weights import save_realistic_checkpoint

    checkpoint = save_realistic_checkpoint("resnext50_32x4d", tmp_path / "resnext50_32x4d.pth")
    run = subprocess.run(
        [
            sys.executable,
            str(ROOT / "export.py"),
            "resnext50_32x4d",
            "--checkpoint",
            str(checkpoint),
            "--int8",
            "--out",
            str(tmp_path),
        ],
        capture_output=True,
        text=True,
        timeout=600,
    )
    assert run.returncode == 0, run.stderr
    line = run.stdout.splitlines()[1]
    # Agreement is reported, never a failure: these weights only look trained in scale (their
    # classifier is random, so top-1 margins say nothing about int8; README "int8").
    assert line.startswith("resnext50_32x4d-finetuned-int8: ") and "top-1 agreement" in line
    assert "says little" not in line  # not random-init: no such caveat
    q = _props(tmp_path / "resnext50_32x4d-finetuned-int8.onnx")
    assert q["weights"]["kind"] == "checkpoint"
