"""Top-1/top-5 accuracy of an exported ONNX model on a labelled folder, counted by timm itself.

    python onnx-export/timm_accuracy.py MODEL.onnx DIR --class-map FILE

The reference for ResNeXt Explorer's ``evaluate``: timm's ImageFolder dataset (``create_dataset``
with ``class_map``, so a folder holding only some classes still gets the model's own indices),
timm's eval transform built from the model's ``resnext_explorer.preprocess`` metadata, ONNX
Runtime on the same file, and ``timm.utils.accuracy`` as ``validate.py`` uses it (batch-weighted
mean over batches). Prints JSON: images, top1 and top5 in percent, and each image's target.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

import numpy as np  # noqa: E402
import onnxruntime as ort  # noqa: E402
import torch  # noqa: E402
from timm.data import create_dataset  # noqa: E402
from timm.utils import AverageMeter, accuracy  # noqa: E402

from resnext_export import metadata  # noqa: E402

BATCH = 4


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("model", type=Path)
    parser.add_argument("folder", type=Path)
    parser.add_argument("--class-map", required=True, help="timm class map: line i names class i")
    args = parser.parse_args(argv)

    meta = metadata.decode(metadata.read_props(args.model))
    pre = meta["preprocess"]
    transform = metadata.eval_transform(pre)
    dataset = create_dataset(
        "", root=str(args.folder), class_map=args.class_map, transform=transform
    )
    session = ort.InferenceSession(str(args.model), providers=["CPUExecutionProvider"])
    input_name = session.get_inputs()[0].name
    logits_name = meta.get("outputs", {}).get("logits", session.get_outputs()[0].name)

    top1, top5 = AverageMeter(), AverageMeter()
    targets: list[int] = []
    for start in range(0, len(dataset), BATCH):
        items = [dataset[i] for i in range(start, min(start + BATCH, len(dataset)))]
        x = torch.stack([img for img, _ in items])
        target = torch.tensor([t for _, t in items])
        (out,) = session.run([logits_name], {input_name: x.numpy().astype(np.float32)})
        acc1, acc5 = accuracy(torch.from_numpy(out), target, topk=(1, 5))
        top1.update(acc1.item(), x.size(0))
        top5.update(acc5.item(), x.size(0))
        targets.extend(int(t) for t in target)
    images = [str(p) for p in dataset.filenames(absolute=True)]
    json.dump(
        {
            "images": len(dataset),
            "top1": top1.avg,
            "top5": top5.avg,
            "targets": dict(zip(images, targets, strict=True)),
        },
        sys.stdout,
    )
    print()
    return 0


if __name__ == "__main__":
    sys.exit(main())
