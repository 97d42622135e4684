"""timm's own pipeline on images: the reference that ResNeXt Explorer's output must equal.

    python onnx-export/reference.py MODEL [--random-init SEED | --checkpoint FILE ...]
        IMAGE... [--top K] [--features]

Builds the model exactly as export.py does (same card ids, same weights sources), then runs timm's
eval transform (``resolve_data_config`` + ``create_transform``: PIL resize, center crop, normalize)
on ``Image.open(p).convert('RGB')`` and a torch forward. Prints JSON with the top-k, the
probabilities and all logits per image, in input order, so the Java CLI's ``--json --with-logits``
output can be compared with it number by number. With ``--features`` each result also has the
pooled pre-logits features, ``forward_head(forward_features(x), pre_logits=True)`` (what the
Java ``embed`` command must equal). Like timm, it ignores EXIF orientation.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

import torch  # noqa: E402
from PIL import Image  # noqa: E402
from timm.data import create_transform, resolve_data_config  # noqa: E402

from resnext_export import cards  # noqa: E402
from resnext_export import model as model_lib


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("model", help="card id or timm model name[.tag]")
    parser.add_argument("images", nargs="+", type=Path)
    parser.add_argument("--random-init", type=int, metavar="SEED")
    parser.add_argument("--checkpoint", type=Path)
    parser.add_argument("--num-classes", type=int)
    parser.add_argument("--labels", type=Path)
    parser.add_argument("--top", type=int, default=5)
    parser.add_argument(
        "--features", action="store_true", help="add the pooled pre-logits features per image"
    )
    args = parser.parse_args(argv)

    loaded = model_lib.create(
        cards.resolve(args.model),
        checkpoint=args.checkpoint,
        num_classes=args.num_classes,
        labels_file=args.labels,
        random_init_seed=args.random_init,
    )
    net = loaded.model.eval()
    config = resolve_data_config({}, model=net)
    transform = create_transform(**config)
    results = []
    with torch.inference_mode():
        for path in args.images:
            tensor = transform(Image.open(path).convert("RGB")).unsqueeze(0)
            logits = net(tensor)[0]
            probs = torch.softmax(logits, dim=0)
            values, indices = probs.topk(args.top)
            result = {
                "image": str(path),
                "top": [
                    {"index": int(i), "label": loaded.labels[int(i)], "probability": float(v)}
                    for v, i in zip(values, indices, strict=True)
                ],
                "logits": [float(x) for x in logits],
            }
            if args.features:
                pooled = net.forward_head(net.forward_features(tensor), pre_logits=True)[0]
                result["features"] = [float(x) for x in pooled]
            results.append(result)
    json.dump({"config": {k: v for k, v in config.items()}, "results": results}, sys.stdout)
    print()
    return 0


if __name__ == "__main__":
    sys.exit(main())
