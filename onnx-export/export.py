#!/usr/bin/env python3
"""Export ResNeXt classifiers to self-describing ONNX files for ResNeXt Explorer.

Arguments only; the work is done by the ``resnext_export`` package next to this file.

Examples::

    python onnx-export/export.py resnext50_32x4d --random-init 0 --out models
    python onnx-export/export.py resnext50_32x4d --out models              # pretrained (network)
    python onnx-export/export.py resnext50_32x4d.ra_in1k --checkpoint ft5.pth --num-classes 5 \
        --labels labels.txt --out models          # writes models/ft5.onnx, "fine-tuned from ..."
    python onnx-export/export.py resnext50_32x4d --int8 --calibration photos/ --out models
                                                  # also models/resnext50_32x4d-int8.onnx

Exit status: 0 when every model exported and passed the self-check, 1 when a self-check
failed (the message says which), 2 for bad arguments or any other failure.
"""

from __future__ import annotations

import argparse
import logging
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from resnext_export import cards, int8, onnx_io  # noqa: E402
from resnext_export.exporter import export_model  # noqa: E402


def parse_args(argv: list[str] | None = None) -> argparse.Namespace:
    """The CLI contract (see onnx-export/README.md)."""
    parser = argparse.ArgumentParser(
        description="Export timm ResNeXt models to ONNX with resnext_explorer metadata.",
        epilog="card ids: "
        + ", ".join(f"{c.card_id} -> {c.timm_name}.{c.timm_tag}" for c in cards.CARDS.values()),
    )
    parser.add_argument(
        "models", nargs="+", metavar="MODEL", help="card id, or timm model name with optional .tag"
    )
    parser.add_argument(
        "--out",
        default="models",
        type=Path,
        help="output directory (default: models); writes <id>.onnx",
    )
    weights = parser.add_mutually_exclusive_group()
    weights.add_argument(
        "--checkpoint",
        type=Path,
        help="local timm/PyTorch state dict instead of pretrained weights",
    )
    weights.add_argument(
        "--random-init",
        type=int,
        metavar="SEED",
        help="deterministic untrained weights (no download)",
    )
    parser.add_argument(
        "--num-classes",
        type=int,
        help="classifier size (default: the checkpoint's, else the model's)",
    )
    parser.add_argument("--labels", type=Path, help="text file, one class label per line")
    parser.add_argument(
        "--name",
        help="file name and model id of the export (default: the checkpoint's file stem with"
        " --checkpoint, else MODEL's id); a fine-tune never takes a card id",
    )
    parser.add_argument(
        "--opset",
        type=int,
        default=onnx_io.DEFAULT_OPSET,
        help=f"ONNX opset (default {onnx_io.DEFAULT_OPSET}; dynamo needs >= 18)",
    )
    parser.add_argument(
        "--int8",
        action="store_true",
        help="also write <id>-int8.onnx, statically quantized (see README, int8)",
    )
    parser.add_argument(
        "--calibration",
        nargs="+",
        type=Path,
        metavar="IMAGE_OR_DIR",
        help="images (files or folders) to calibrate --int8 on (default: the bundled ones in"
        " onnx-export/calibration)",
    )
    args = parser.parse_args(argv)
    if args.calibration and not args.int8:
        parser.error("--calibration needs --int8")
    if len(args.models) > 1 and (args.checkpoint or args.labels or args.num_classes):
        parser.error("--checkpoint/--labels/--num-classes apply to exactly one MODEL")
    if len(args.models) > 1 and args.name:
        parser.error("--name applies to exactly one MODEL")
    return args


def main(argv: list[str] | None = None) -> int:
    """Export every MODEL; print one summary line each. Returns the exit status."""
    args = parse_args(argv)
    logging.basicConfig(level=logging.WARNING)
    status = 0
    for name in args.models:
        try:
            result = export_model(
                name,
                args.out,
                checkpoint=args.checkpoint,
                num_classes=args.num_classes,
                labels_file=args.labels,
                random_init_seed=args.random_init,
                opset=args.opset,
                name=args.name,
            )
        except onnx_io.SelfCheckError as err:
            print(f"ERROR: {err}", file=sys.stderr)
            status = max(status, 1)
            continue
        except Exception as err:  # noqa: BLE001 - report and go on with the next model
            print(f"ERROR: export of {name} failed: {type(err).__name__}: {err}", file=sys.stderr)
            status = 2
            continue
        print(
            f"{result.model_id}: {result.path} {result.file_size:,} bytes in "
            f"{result.seconds:.1f} s; params {result.source_params:,}, MACs "
            f"{result.source_macs:,}; self-check max abs diff vs torch float64, "
            f"{result.check.describe()}"
        )
        if args.int8:
            status = max(status, write_int8(result.path, args.calibration))
    return status


def write_int8(fp32: Path, calibration: list[Path] | None, out: Path | None = None) -> int:
    """Quantize one export and print its line; returns the exit status (0, 1 or 2)."""
    try:
        q = int8.quantize(fp32, out, calibration=calibration)
    except onnx_io.SelfCheckError as err:
        print(f"ERROR: SELF-CHECK FAILED for the int8 variant of {fp32}: {err}", file=sys.stderr)
        return 1
    except Exception as err:  # noqa: BLE001 - report and go on with the next model
        print(f"ERROR: int8 variant of {fp32} failed: {type(err).__name__}: {err}", file=sys.stderr)
        return 2
    print(
        f"{q.model_id}: {q.path} {q.file_size:,} bytes in {q.seconds:.1f} s; "
        f"{len(q.float_nodes)} nodes kept float (head, narrow grouped convs); {q.check.describe()}"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
