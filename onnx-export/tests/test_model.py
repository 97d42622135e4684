"""Random init is deterministic and realistic; checkpoints and labels load; counts are exact."""

import hashlib

import pytest
import timm
import torch

import export as cli
from resnext_export import counting, metadata
from resnext_export.cards import resolve
from resnext_export.model import create, image_like_batch, load_state_dict, random_init, read_labels
from resnext_export.tiny import create_tiny


def _branch_ratios(model: torch.nn.Module, x: torch.Tensor) -> list[float]:
    """std(residual branch output) / std(shortcut) for every block."""
    ratios: list[float] = []

    def hook(block, inputs, _output):
        shortcut = inputs[0] if block.downsample is None else block.downsample(inputs[0])
        branch = block.bn3(
            block.conv3(
                block.act2(block.bn2(block.conv2(block.act1(block.bn1(block.conv1(inputs[0]))))))
            )
        )
        ratios.append(float(branch.std() / shortcut.std()))

    handles = [
        b.register_forward_hook(hook)
        for n, b in model.named_modules()
        if n.count(".") == 1 and n.startswith("layer")
    ]
    with torch.no_grad():
        model(x)
    for h in handles:
        h.remove()
    return ratios


def test_random_init_is_deterministic() -> None:
    a = create_tiny(seed=0).model.state_dict()
    b = create_tiny(seed=0).model.state_dict()
    c = create_tiny(seed=1).model.state_dict()
    assert all(torch.equal(a[k], b[k]) for k in a)
    assert not torch.equal(a["fc.weight"], c["fc.weight"])


@pytest.mark.parametrize("name", ["tiny", "resnext50_32x4d"])
def test_random_init_every_block_contributes_and_logits_spread(name: str) -> None:
    if name == "tiny":
        model, size = create_tiny(seed=0).model, (3, 64, 64)
    else:
        model = timm.create_model(resolve(name).timm_full_name, pretrained=False)
        random_init(model, 0)
        model.eval()
        size = (3, 224, 224)
    x = image_like_batch(size, 4, torch.Generator().manual_seed(99))
    ratios = _branch_ratios(model, x)
    assert len(ratios) >= 4 and min(ratios) > 0.05, ratios  # timm's zero_init_last gives 0
    with torch.no_grad():
        logits = model(x)
        features = model.forward_features(x)
    assert torch.isfinite(logits).all() and features.abs().max() < 50  # activations O(1)
    top = torch.topk(logits, 6, dim=1).values
    assert (top[:, :5] - top[:, 1:]).min() > 1e-3  # top-5 separated, no ties
    assert logits.std(dim=1).mean() > 1.5  # a realistic spread, not near-uniform softmax
    assert len(set(logits.argmax(dim=1).tolist())) > 1  # predictions depend on the image


@pytest.mark.parametrize(
    ("name", "params"),
    [
        ("resnext50_32x4d", 25_028_904),
        ("resnext50d_32x4d", 25_048_136),
        ("resnext101_32x8d", 88_791_336),
    ],
)
def test_source_params_exact(name: str, params: int) -> None:
    model = timm.create_model(resolve(name).timm_full_name, pretrained=False)
    assert counting.count_params(model) == params
    assert sum(counting.stage_params(model).values()) == params


def test_source_macs_resnext50() -> None:
    model = timm.create_model("resnext50_32x4d", pretrained=False)
    report = counting.count_flops(model, (3, 224, 224))
    assert report.total_macs == pytest.approx(4.230e9, rel=1e-3)
    assert sum(report.stage_flops.values()) == report.total_flops


def test_load_state_dict_unwraps_and_strips_module_prefix(tmp_path) -> None:
    state = {"conv.weight": torch.ones(2)}
    for wrapped in (
        {"state_dict": {"module.conv.weight": torch.ones(2)}},
        {"model": state, "epoch": 3},
        state,
    ):
        path = tmp_path / "ck.pth"
        torch.save(wrapped, path)
        assert list(load_state_dict(path)) == ["conv.weight"]


def test_read_labels_ignores_trailing_blank_lines(tmp_path) -> None:
    path = tmp_path / "labels.txt"
    path.write_text("cat\n dog \n\n", encoding="utf-8")
    assert read_labels(path) == ["cat", "dog"]


def test_checkpoint_export_with_labels(tmp_path) -> None:
    """A fine-tuned 5-class resnet10t checkpoint through the CLI: labels, sha256, classes."""
    source = timm.create_model("resnet10t", pretrained=False, num_classes=5)
    checkpoint = tmp_path / "finetuned.pth"
    torch.save(
        {"state_dict": {"module." + k: v for k, v in source.state_dict().items()}, "epoch": 7},
        checkpoint,
    )
    labels = tmp_path / "labels.txt"
    labels.write_text("ant\nbee\ncat\ndog\neel\n", encoding="utf-8")
    out = tmp_path / "out"
    assert (
        cli.main(
            [
                "resnet10t",
                "--checkpoint",
                str(checkpoint),
                "--labels",
                str(labels),
                "--out",
                str(out),
            ]
        )
        == 0
    )
    # A fine-tune is its own model: named after the checkpoint, not after the architecture.
    decoded = metadata.decode(metadata.read_props(out / "finetuned.onnx"))
    assert decoded["id"] == "finetuned"
    assert decoded["timm_name"] == "resnet10t"
    assert decoded["num_classes"] == 5  # taken from the checkpoint's fc
    assert decoded["labels"] == ["ant", "bee", "cat", "dog", "eel"]
    assert decoded["weights"] == {
        "kind": "checkpoint",
        "file": "finetuned.pth",
        "sha256": hashlib.sha256(checkpoint.read_bytes()).hexdigest(),
        "base_model": "resnet10t",
    }
    assert decoded["timm_tag"] == "" and "card" not in decoded
    assert sorted(p.name for p in out.iterdir()) == ["finetuned.onnx"]


@pytest.mark.slow
def test_fine_tune_of_a_card_architecture_gets_no_card_and_records_its_start(tmp_path) -> None:
    """MODEL as name.tag says which pretrained weights the fine-tune started from; the card's
    figures (params, FLOPs, published top-1) are not attached: they describe other weights."""
    from resnext_export.exporter import export_model

    source = timm.create_model("resnext50_32x4d", pretrained=False, num_classes=5)
    checkpoint = tmp_path / "resnext50_32x4d.pth"  # named like the card: must not pose as it
    torch.save(source.state_dict(), checkpoint)
    result = export_model("resnext50_32x4d.ra_in1k", tmp_path, checkpoint=checkpoint)
    assert result.path.name == "resnext50_32x4d-finetuned.onnx"
    decoded = metadata.decode(metadata.read_props(result.path))
    assert decoded["id"] == "resnext50_32x4d-finetuned"
    assert "card" not in decoded
    assert decoded["timm_tag"] == ""
    assert decoded["weights"]["base_model"] == "resnext50_32x4d"
    assert decoded["weights"]["fine_tuned_from"] == "resnext50_32x4d.ra_in1k"
    assert decoded["num_classes"] == 5
    assert decoded["source_params"] == 22_990_149


def test_export_names(tmp_path) -> None:
    from resnext_export.cards import resolve
    from resnext_export.exporter import export_name

    card = resolve("resnext50_32x4d")
    assert export_name(card, None, None) == "resnext50_32x4d"
    assert export_name(card, tmp_path / "ft5.pth", None) == "ft5"
    assert export_name(card, tmp_path / "ft5.pth", "birds-v2") == "birds-v2"
    with pytest.raises(ValueError, match="card id"):
        export_name(card, tmp_path / "ft5.pth", "resnext50d_32x4d")
    # A card id with a tag is how the app's library spots that card's file: not for a fine-tune.
    with pytest.raises(ValueError, match="card id"):
        export_name(card, tmp_path / "ft5.pth", "resnext50_32x4d.ft5")
    assert export_name(card, tmp_path / "resnext50_32x4d.ft5.pth", None) == "resnext50_32x4d-ft5"
    assert export_name(card, tmp_path / "resnext50_32x4d.pth", None) == "resnext50_32x4d-finetuned"
    for bad in ("../x", "a/b", "x.onnx", ""):
        with pytest.raises(ValueError, match="--name"):
            export_name(card, tmp_path / "ft5.pth", bad)


def test_labels_count_must_match_classes(tmp_path) -> None:
    source = timm.create_model("resnet10t", pretrained=False, num_classes=3)
    checkpoint = tmp_path / "ck.pth"
    torch.save(source.state_dict(), checkpoint)
    labels = tmp_path / "labels.txt"
    labels.write_text("a\nb\n", encoding="utf-8")
    assert (
        cli.main(
            [
                "resnet10t",
                "--checkpoint",
                str(checkpoint),
                "--labels",
                str(labels),
                "--out",
                str(tmp_path / "out"),
            ]
        )
        == 2
    )


def test_pretrained_path_asks_timm_for_the_tagged_weights(monkeypatch) -> None:
    """The download path itself is never run: timm.create_model is replaced by a stub."""
    from resnext_export import model as model_module

    calls = []

    def fake_create_model(name, pretrained=False, **kwargs):
        calls.append((name, pretrained, kwargs))
        fake = timm.models.resnet.ResNet(
            block=timm.models.resnet.BasicBlock, layers=(1, 1, 1, 1), num_classes=1000
        )
        fake.pretrained_cfg = {
            "tag": "ra_in1k",
            "hf_hub_id": "timm/resnext50_32x4d.ra_in1k",
            "url": "https://example.invalid/w.pth",
        }
        return fake

    monkeypatch.setattr(model_module.timm, "create_model", fake_create_model)
    loaded = model_module.create(resolve("resnext50_32x4d"))
    assert calls == [("resnext50_32x4d.ra_in1k", True, {})]
    assert loaded.weights == {
        "kind": "pretrained",
        "tag": "ra_in1k",
        "hf_hub_id": "timm/resnext50_32x4d.ra_in1k",
        "url": "https://example.invalid/w.pth",
    }
    assert loaded.labels[0] == "tench, Tinca tinca" and len(loaded.labels) == 1000


def test_pretrained_with_new_head_is_refused() -> None:
    from resnext_export import model as model_module

    with pytest.raises(ValueError, match="--num-classes needs --checkpoint"):
        model_module.create(resolve("resnext50_32x4d"), num_classes=5)


def test_random_init_is_deterministic_for_every_timm_architecture() -> None:
    """Weights random_init leaves to timm (here a ViT's attention and embeddings) repeat too."""
    first = create(resolve("vit_tiny_patch16_224"), random_init_seed=3).model
    second = create(resolve("vit_tiny_patch16_224"), random_init_seed=3).model
    a, b = first.state_dict(), second.state_dict()
    assert a.keys() == b.keys()
    assert all(torch.equal(a[k], b[k]) for k in a)
