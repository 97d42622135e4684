"""Export a random-init timm ResNeXt to ONNX for the Java graph-inspector tests.

Writes <out> (the ONNX file, with resnext_explorer.source_params / source_macs metadata unless
--plain) and <out>.expected.json with the independent figures the Java side must reproduce:
torch parameter count, FlopCounterMode total, per-stage torch params/MACs and the initializer
element count as the `onnx` package sees it. The JSON is written last, so its presence marks a
complete export (the tests use it as a cache marker).
"""

from __future__ import annotations

import argparse
import json
import os

import onnx
import timm
import torch
from timm.models.resnet import Bottleneck, ResNet
from torch.utils.flop_counter import FlopCounterMode

STAGES = ("stem", "layer1", "layer2", "layer3", "layer4", "head")


def stage_of(param_name: str) -> str:
    top = param_name.split(".")[0]
    if top.startswith("layer"):
        return top
    if top in ("fc", "global_pool", "head"):
        return "head"
    return "stem"


class Wrapper(torch.nn.Module):
    """Puts the classifier one module deeper (names become model.layer1...)."""

    def __init__(self, model: torch.nn.Module) -> None:
        super().__init__()
        self.model = model

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        return self.model(x)


def build(name: str) -> torch.nn.Module:
    if name == "tiny":
        # ResNeXt-shaped: grouped 3x3 bottlenecks, one block per stage, small widths.
        return ResNet(
            Bottleneck,
            layers=(1, 1, 1, 1),
            cardinality=4,
            base_width=32,
            stem_width=8,
            channels=(8, 16, 32, 64),
            num_classes=10,
        )
    if name == "tiny_d":
        # Deep stem + avg-pool downsample (ceil_mode) like resnext50d, still tiny.
        return ResNet(
            Bottleneck,
            layers=(1, 1, 1, 1),
            cardinality=4,
            base_width=32,
            stem_width=8,
            stem_type="deep",
            avg_down=True,
            channels=(8, 16, 32, 64),
            num_classes=10,
        )
    if name == "vit_tiny":
        # A two-block ViT-Tiny on 32x32 images, 8x8 patches (17 tokens, 3 heads).
        return timm.create_model(
            "vit_tiny_patch16_224", pretrained=False, img_size=32, patch_size=8, depth=2
        )
    return timm.create_model(name, pretrained=False)


def attention_macs(model: torch.nn.Module, x: torch.Tensor) -> int:
    """MACs of attention's two batched matmuls, counted with timm's unfused attention path.

    FlopCounterMode has no formula for the CPU fused scaled_dot_product_attention kernel, so the
    default (fused) count leaves them out; the unfused path runs them as counted bmm/matmul ops.
    """
    attns = [m for m in model.modules() if hasattr(m, "fused_attn")]
    if not attns:
        return 0
    saved = [m.fused_attn for m in attns]
    for m in attns:
        m.fused_attn = False
    try:
        with torch.no_grad():
            unfused = FlopCounterMode(display=False)
            with unfused:
                model(x)
            fused = FlopCounterMode(display=False)
            for m in attns:
                m.fused_attn = True
            with fused:
                model(x)
    finally:
        for m, s in zip(attns, saved):
            m.fused_attn = s
    return (unfused.get_total_flops() - fused.get_total_flops()) // 2


def main() -> None:
    p = argparse.ArgumentParser()
    p.add_argument("--model", required=True)
    p.add_argument("--out", required=True)
    p.add_argument("--size", type=int, default=224)
    p.add_argument("--dynamo", action="store_true")
    p.add_argument("--external-data", action="store_true")
    p.add_argument("--plain", action="store_true", help="no resnext_explorer metadata")
    p.add_argument("--wrap", action="store_true", help="export inside a wrapper module")
    p.add_argument(
        "--export-batch",
        type=int,
        default=1,
        help="batch of the example input for export only (onnx-export uses 2: with 1, torch.export"
        " specializes the batch of some models, e.g. ConvNeXt's head); figures use batch 1",
    )
    a = p.parse_args()

    torch.manual_seed(0)
    model = build(a.model).eval()
    x = torch.randn(1, 3, a.size, a.size)

    torch_params = sum(t.numel() for t in model.parameters())
    stage_params = {s: 0 for s in STAGES}
    for n, t in model.named_parameters():
        stage_params[stage_of(n)] += t.numel()

    with torch.no_grad():
        counter = FlopCounterMode(display=False)
        with counter:
            model(x)
    total_flops = counter.get_total_flops()
    stage_macs = {s: 0 for s in STAGES}
    per_module = counter.get_flop_counts()
    for mod, counts in per_module.items():
        parts = mod.split(".")
        if len(parts) != 2:
            continue  # only direct children of the root module
        stage_macs[stage_of(parts[1])] += sum(counts.values()) // 2

    attn_macs = attention_macs(model, x)

    exported = Wrapper(model).eval() if a.wrap else model
    if a.dynamo:
        prog = torch.onnx.export(
            exported,
            (x.repeat(a.export_batch, 1, 1, 1),),
            dynamo=True,
            input_names=["input"],
            output_names=["logits"],
            dynamic_shapes={"x": {0: torch.export.Dim("batch", min=1)}},
        )
        prog.save(a.out, external_data=a.external_data)
    else:
        torch.onnx.export(
            exported,
            (x,),
            a.out,
            dynamo=False,
            opset_version=17,
            input_names=["input"],
            output_names=["logits"],
            dynamic_axes={"input": {0: "batch"}, "logits": {0: "batch"}},
        )

    m = onnx.load(a.out, load_external_data=False)
    if not a.plain:
        del m.metadata_props[:]
        for k, v in (
            ("resnext_explorer.schema_version", "1"),
            ("resnext_explorer.timm_name", a.model),
            ("resnext_explorer.source_params", str(torch_params)),
            ("resnext_explorer.source_macs", str(total_flops // 2)),
        ):
            e = m.metadata_props.add()
            e.key, e.value = k, v
        if a.external_data:
            # Metadata only; the external weights file stays as written.
            with open(a.out, "wb") as f:
                f.write(m.SerializeToString())
        else:
            full = onnx.load(a.out)
            del full.metadata_props[:]
            full.metadata_props.extend(m.metadata_props)
            onnx.save(full, a.out)

    init_params = 0
    for t in m.graph.initializer:
        n = 1
        for d in t.dims:
            n *= d
        init_params += n
    expected = {
        "model": a.model,
        "size": a.size,
        "torch_params": torch_params,
        "flop_counter_flops": total_flops,
        "macs": total_flops // 2,
        "attention_macs": attn_macs,
        "onnx_initializer_params": init_params,
        "stage_params": stage_params,
        "stage_macs": stage_macs,
        "ops": sorted({n.op_type for n in m.graph.node}),
    }
    tmp = a.out + ".expected.json.tmp"
    with open(tmp, "w") as f:
        json.dump(expected, f, indent=1)
    os.replace(tmp, a.out + ".expected.json")
    print(json.dumps(expected))


if __name__ == "__main__":
    main()
