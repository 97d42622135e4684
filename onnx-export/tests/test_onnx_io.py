"""The export is one self-contained file with a dynamic batch; the self-check bites."""

import numpy as np
import onnx
import onnxruntime as ort
import pytest
from onnx import numpy_helper

import export as cli
from resnext_export import onnx_io
from resnext_export.exporter import ExportResult


def test_no_external_data_written(tiny_export: ExportResult) -> None:
    assert onnx_io.external_data_files(tiny_export.path) == []
    assert sorted(p.name for p in tiny_export.path.parent.iterdir()) == ["tiny.onnx"]


def test_graph_signature_and_dynamic_batch(tiny_export: ExportResult) -> None:
    model = onnx.load(str(tiny_export.path), load_external_data=False)
    assert model.opset_import[0].version == onnx_io.DEFAULT_OPSET
    assert [i.name for i in model.graph.input] == ["input"]
    assert [o.name for o in model.graph.output] == ["logits", "features"]
    dims = model.graph.input[0].type.tensor_type.shape.dim
    assert dims[0].dim_param and [d.dim_value for d in dims[1:]] == [3, 64, 64]
    session = ort.InferenceSession(str(tiny_export.path), providers=["CPUExecutionProvider"])
    for batch in (1, 3):
        logits, features = session.run(None, {"input": np.zeros((batch, 3, 64, 64), np.float32)})
        assert logits.shape == (batch, 10) and features.shape == (batch, 128, 2, 2)


def test_self_check_passes_and_reports_both_figures_per_output(tiny_export: ExportResult) -> None:
    check = tiny_export.check
    assert check.ok
    for out in check.outputs:
        # Both runs are float32, so both differ from float64 by a little, never by nothing.
        assert 0 < out.onnx_error <= out.limit
        assert 0 < out.torch_error and out.scale > 0
    assert [o.name for o in check.outputs] == ["logits", "features"]


def test_uncorrupted_file_passes_the_check_again(tiny_export: ExportResult) -> None:
    again = onnx_io.self_check(tiny_export.path, tiny_export.loaded.model, (3, 64, 64))
    assert again.ok and again == tiny_export.check


def _corrupted_copy(tiny_export: ExportResult, tmp_path, change) -> object:
    model = onnx.load(str(tiny_export.path))
    change(model)
    corrupted = tmp_path / "corrupted.onnx"
    onnx.save(model, str(corrupted))
    return corrupted


def test_self_check_fails_on_one_conv_weight_off_by_a_tenth_of_a_percent(
    tiny_export: ExportResult, tmp_path
) -> None:
    """A small, local export bug (one conv's weights 0.1 % off) is far above float32 noise."""

    def scale_one_conv(model: onnx.ModelProto) -> None:
        conv = next(n for n in model.graph.node if n.op_type == "Conv")
        init = next(t for t in model.graph.initializer if t.name == conv.input[1])
        weights = numpy_helper.to_array(init) * np.float32(1.001)
        init.CopyFrom(numpy_helper.from_array(weights, init.name))

    corrupted = _corrupted_copy(tiny_export, tmp_path, scale_one_conv)
    with pytest.raises(onnx_io.SelfCheckError, match="SELF-CHECK FAILED.*logits: onnx"):
        onnx_io.self_check(corrupted, tiny_export.loaded.model, (3, 64, 64))


def test_self_check_fails_on_a_folded_batchnorm_shift_off_by_a_tenth_of_a_percent(
    tiny_export: ExportResult, tmp_path
) -> None:
    """The exporter folds each BatchNorm into its conv's weight and bias (there is no
    BatchNormalization node to edit), so a BN bug shows up as a wrong conv bias: shift the
    bias of the deepest conv by 0.1 % of its spread and the check must catch it."""

    def shift_last_bias(model: onnx.ModelProto) -> None:
        assert not any(n.op_type == "BatchNormalization" for n in model.graph.node)
        conv = [n for n in model.graph.node if n.op_type == "Conv" and len(n.input) == 3][-1]
        init = next(t for t in model.graph.initializer if t.name == conv.input[2])
        bias = numpy_helper.to_array(init)
        init.CopyFrom(numpy_helper.from_array(bias + np.float32(1e-3) * bias.std(), init.name))

    corrupted = _corrupted_copy(tiny_export, tmp_path, shift_last_bias)
    with pytest.raises(onnx_io.SelfCheckError, match="SELF-CHECK FAILED") as err:
        onnx_io.self_check(corrupted, tiny_export.loaded.model, (3, 64, 64))
    assert "torch fp32" in str(err.value) and "limit" in str(err.value)


def test_cli_exits_non_zero_when_self_check_fails(monkeypatch, capsys, tmp_path) -> None:
    def failing(*_args, **_kwargs):
        raise onnx_io.SelfCheckError("SELF-CHECK FAILED for x.onnx")

    monkeypatch.setattr(cli, "export_model", failing)
    assert cli.main(["resnext50_32x4d", "--random-init", "0", "--out", str(tmp_path)]) == 1
    assert "SELF-CHECK FAILED" in capsys.readouterr().err


def test_cli_rejects_checkpoint_with_random_init(tmp_path) -> None:
    with pytest.raises(SystemExit) as exc:
        cli.parse_args(["resnext50_32x4d", "--random-init", "0", "--checkpoint", "x.pth"])
    assert exc.value.code == 2


def test_failed_export_is_renamed_so_nobody_loads_it(monkeypatch, tmp_path) -> None:
    from resnext_export import exporter
    from resnext_export.tiny import create_tiny

    def failing(*_args, **_kwargs):
        raise onnx_io.SelfCheckError("SELF-CHECK FAILED for x")

    monkeypatch.setattr(exporter.onnx_io, "self_check", failing)
    with pytest.raises(onnx_io.SelfCheckError, match="file kept as"):
        exporter.export_loaded(
            create_tiny(), tmp_path / "t.onnx", model_id="t", timm_name="tiny_resnext", timm_tag=""
        )
    assert sorted(p.name for p in tmp_path.iterdir()) == ["t.onnx.failed"]


def test_opset_below_18_is_refused(tmp_path) -> None:
    from resnext_export.tiny import create_tiny

    with pytest.raises(ValueError, match="needs >= 18"):
        onnx_io.export(create_tiny().model, tmp_path / "t.onnx", (3, 64, 64), opset=17)


def test_no_machine_specific_debug_metadata(tiny_export: ExportResult) -> None:
    """Same weights, same bytes: the exporter's stack traces (absolute paths) are dropped,
    the module path of each node is kept for the graph inspector's stage attribution."""
    model = onnx.load(str(tiny_export.path))
    keys = {p.key for node in model.graph.node for p in node.metadata_props}
    assert keys == {"pkg.torch.onnx.name_scopes"}
    pool = [n for n in model.graph.node if n.op_type in ("ReduceMean", "GlobalAveragePool")]
    assert pool and "global_pool" in pool[0].metadata_props[0].value
    assert str(tiny_export.path.parent).encode() not in tiny_export.path.read_bytes()
    assert b"stack_trace" not in tiny_export.path.read_bytes()
