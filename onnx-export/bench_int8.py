#!/usr/bin/env python3
"""Times the int8 schemes on this machine: the measurement behind resnext_export.int8's choice.

Quantizes one fp32 export in several ways (calibrated on the bundled images), then times
``session.run`` of each file with ONNX Runtime on the CPU, batch 1, in interleaved rounds (so a
burst of load elsewhere hits every variant alike), and prints a Markdown table of the best
round's median per variant and its speed-up over fp32.

    onnx-export/.venv/bin/python onnx-export/bench_int8.py models/resnext50_32x4d.onnx \\
        [--runs 30] [--rounds 3] [--threads 2]
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import time
from pathlib import Path

import numpy as np
import onnx
import onnxruntime as ort

sys.path.insert(0, str(Path(__file__).resolve().parent))

from resnext_export import int8, metadata  # noqa: E402

ALL = {"group_channels": 0, "head": False}  # float_node_names options: nothing left float
# name -> (quantize_graph options, float_node_names options); None is fp32 itself.
VARIANTS: dict[str, tuple[dict, dict] | None] = {
    "fp32": None,
    "QDQ U8S8 per-channel, all int8": ({}, ALL),
    "QOperator U8S8 per-channel, all int8": (
        {"quant_format": "QOperator"},
        ALL,
    ),
    "QDQ S8S8 per-channel, all int8": ({"activations": "int8"}, ALL),
    "QOperator S8S8 per-channel, all int8": (
        {"quant_format": "QOperator", "activations": "int8"},
        ALL,
    ),
    "QDQ U8U8 per-channel, all int8": ({"weights": "uint8"}, ALL),
    "QDQ U8S8 per-tensor, all int8": ({"per_channel": False}, ALL),
    "QDQ U8S8 per-channel, reduce_range, all int8": ({"reduce_range": True}, ALL),
    "QDQ U8S8 per-channel, head float": ({}, {"group_channels": 0}),
    "QDQ U8S8 per-channel, head + first conv float": (
        {},
        {"group_channels": 0, "first_conv": True},
    ),
    "QDQ U8S8 per-channel, head + 4-ch grouped convs float": ({}, {"group_channels": 4}),
    "QDQ U8S8 per-channel, head + <=8-ch grouped convs float, without per-axis fix": (
        {"keep_float": False},
        {},
    ),
    "QDQ U8S8 per-channel, head + <=8-ch grouped convs float (chosen)": ({}, {}),
    "QOperator U8S8 per-channel, head + <=8-ch grouped convs float": (
        {"quant_format": "QOperator"},
        {},
    ),
    "QDQ U8S8 per-channel, head + all grouped convs float": ({}, {"group_channels": 1 << 30}),
}


def median_ms(path: Path, x: np.ndarray, runs: int, threads: int) -> float:
    """Median wall time of session.run over ``runs`` runs after 5 warm-up runs."""
    options = ort.SessionOptions()
    options.intra_op_num_threads = threads
    options.inter_op_num_threads = 1
    options.log_severity_level = 3
    session = ort.InferenceSession(str(path), options, providers=["CPUExecutionProvider"])
    feed = {metadata.INPUT_NAME: x}
    for _ in range(5):
        session.run(None, feed)
    times = []
    for _ in range(runs):
        started = time.perf_counter()
        session.run(None, feed)
        times.append((time.perf_counter() - started) * 1000)
    return statistics.median(times)


def main(argv: list[str] | None = None) -> int:
    """Build every variant, time them, print the table."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("model", type=Path, help="an fp32 export (our metadata)")
    parser.add_argument("--runs", type=int, default=30)
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--threads", type=int, default=2)
    parser.add_argument("--only", nargs="*", help="variant names to include (default: all)")
    args = parser.parse_args(argv)
    decoded = metadata.decode(metadata.read_props(args.model))
    images, _ = int8.calibration_images(None)
    inputs = int8.preprocess_images(images, decoded["preprocess"])
    original = onnx.load(str(args.model), load_external_data=False)
    names = [n for n in VARIANTS if not args.only or n in args.only or n == "fp32"]
    with tempfile.TemporaryDirectory() as tmp:
        prepared = int8.prepare(args.model, Path(tmp))
        files: dict[str, Path] = {}
        for i, name in enumerate(names):
            spec = VARIANTS[name]
            if spec is None:
                files[name] = args.model
                continue
            quantize_options, float_options = spec
            out = Path(tmp) / f"v{i}.onnx"
            model = int8.quantize_graph(
                prepared,
                out,
                inputs,
                int8.float_node_names(original, **float_options),
                **quantize_options,
            )
            onnx.save(model, str(out))
            files[name] = out
        x = inputs[0]
        best: dict[str, float] = {}
        for r in range(args.rounds):
            for name in names:
                ms = median_ms(files[name], x, args.runs, args.threads)
                best[name] = min(best.get(name, float("inf")), ms)
            print(f"round {r + 1}/{args.rounds} done", file=sys.stderr)
    print(
        f"| variant ({args.model.name}, batch 1, {args.threads} threads, best of {args.rounds}"
        f" medians of {args.runs} runs) | ms | speed-up vs fp32 |"
    )
    print("|---|---|---|")
    for name in names:
        print(f"| {name} | {best[name]:.2f} | {best['fp32'] / best[name]:.2f}x |")
    return 0


if __name__ == "__main__":
    sys.exit(main())
