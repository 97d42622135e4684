#!/usr/bin/env python3
"""Time ResNeXt Explorer's classify path against ONNX Runtime from Python and timm + PyTorch.

One run, one machine, the same ONNX file and image for all three, each in its own process (so
each peak RSS is its own):

- ours: ``java -jar target/resnext-explorer.jar bench --json`` (decode, PIL-exact preprocessing,
  ONNX Runtime from Java, softmax + top-5);
- ort-python: Pillow decode + timm's eval transform, ``InferenceSession.run`` on the same file
  with the same intra-op thread count;
- timm-torch: Pillow decode + timm's eval transform + the timm model's eager forward (the same
  architecture; its weights do not change the timing, so random-init weights are used).

It prints each stage's median for the three and the ratios of ours to each. Example::

    onnx-export/.venv/bin/python onnx-export/bench_compare.py \\
        --model target/models/resnext50_32x4d.onnx --image photo.jpg --runs 50 --threads 2

Without ``--image`` a photo-like 640x480 JPEG is written to a temporary folder and used by all
three.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

STAGES = ("decode", "preprocess", "inference", "postprocess", "total")


def parse_args(argv: list[str] | None = None) -> argparse.Namespace:
    """The script's arguments."""
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    p.add_argument("--model", type=Path, required=True, help="ONNX file (ours or any classifier)")
    p.add_argument("--image", type=Path, help="image file (default: a synthetic 640x480 JPEG)")
    p.add_argument("--runs", type=int, default=50, help="timed runs per contender (default 50)")
    p.add_argument("--warmup", type=int, default=5, help="untimed runs first (default 5)")
    p.add_argument(
        "--threads", type=int, default=0, help="intra-op threads for all three; 0 = one per core"
    )
    p.add_argument(
        "--timm-name",
        help="timm architecture for the PyTorch run (default: from the file's metadata)",
    )
    p.add_argument(
        "--jar",
        type=Path,
        default=Path(__file__).resolve().parent.parent / "target" / "resnext-explorer.jar",
        help="the app's jar (default: target/resnext-explorer.jar; mvn -DskipTests package)",
    )
    p.add_argument("--java", default="java", help="java executable (default: java on PATH)")
    p.add_argument(
        "--rounds",
        type=int,
        default=3,
        help="rounds of the three contenders, interleaved; each figure is the lowest of the"
        " rounds' medians, the least disturbed by other work on the machine (default 3)",
    )
    p.add_argument("--json", action="store_true", help="print all figures as JSON")
    p.add_argument("--part", choices=("ort", "torch"), help=argparse.SUPPRESS)
    return p.parse_args(argv)


def summary(samples_ms: list[float]) -> dict[str, float]:
    """min / median / p95 (nearest rank), as the Java benchmark computes them."""
    s = sorted(samples_ms)
    p95 = s[max(0, -(-95 * len(s) // 100) - 1)]
    return {"min_ms": s[0], "median_ms": statistics.median(s), "p95_ms": p95}


def peak_rss_bytes() -> int:
    """This process's peak resident set size (Linux reports ru_maxrss in KiB)."""
    import resource

    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024


def synthetic_jpeg(folder: Path) -> Path:
    """A photo-like 640x480 JPEG (gradients plus noise), the same every time."""
    import numpy as np
    from PIL import Image

    rng = np.random.default_rng(42)
    y, x = np.mgrid[0:480, 0:640]
    r = 255 * x / 640 + rng.integers(-20, 21, x.shape)
    g = 255 * y / 480 + rng.integers(-20, 21, x.shape)
    b = 128 + 90 * np.sin((x + y) / 37.0) + rng.integers(0, 21, x.shape)
    rgb = np.clip(np.stack([r, g, b], axis=-1), 0, 255).astype("uint8")
    path = folder / "synthetic-640x480.jpg"
    Image.fromarray(rgb).save(path, quality=90)
    return path


def model_metadata(model: Path) -> dict[str, str]:
    """The ONNX file's metadata_props (without loading its tensors)."""
    import onnx

    m = onnx.load(str(model), load_external_data=False)
    return {p.key: p.value for p in m.metadata_props}


def timm_transform(meta: dict[str, str], timm_name: str) -> Any:
    """timm's eval transform, from the file's preprocessing metadata when it has it."""
    import timm.data

    pre = json.loads(meta.get("resnext_explorer.preprocess", "null") or "null")
    if pre:
        from resnext_export.metadata import eval_transform

        return eval_transform(pre)
    model = timm.create_model(timm_name, pretrained=False)
    return timm.data.create_transform(
        **timm.data.resolve_data_config(model=model), is_training=False
    )


def run_pipeline(args: argparse.Namespace, infer: Any, transform: Any) -> dict[str, Any]:
    """Times decode, preprocess, inference (``infer``) and softmax + top-5 over the runs."""
    import io

    import numpy as np
    from PIL import Image

    data = args.image.read_bytes()
    times: dict[str, list[float]] = {s: [] for s in STAGES}
    for i in range(args.warmup + args.runs):
        t0 = time.perf_counter()
        img = Image.open(io.BytesIO(data))
        img = img.convert("RGB")
        t1 = time.perf_counter()
        x = transform(img).unsqueeze(0)
        t2 = time.perf_counter()
        logits = infer(x)
        t3 = time.perf_counter()
        z = logits[0] - logits[0].max()
        p = np.exp(z) / np.exp(z).sum()
        np.argsort(-p)[:5]
        t4 = time.perf_counter()
        if i >= args.warmup:
            stage_ms = [(t1 - t0) * 1e3, (t2 - t1) * 1e3, (t3 - t2) * 1e3, (t4 - t3) * 1e3]
            for name, ms in zip(STAGES, stage_ms + [sum(stage_ms)], strict=True):
                times[name].append(ms)
    return {"stages": {s: summary(v) for s, v in times.items()}}


def part_ort(args: argparse.Namespace) -> dict[str, Any]:
    """ONNX Runtime from Python on the same file."""
    import onnxruntime as ort
    import torch

    # timm's transform runs torch ops; torch's own thread pool would then spin beside ONNX
    # Runtime's threads and slow its session.run by ~20 % on 2 cores (measured), which would
    # flatter our ratio. One torch thread: the transform's tensors are small.
    torch.set_num_threads(1)
    meta = model_metadata(args.model)
    transform = timm_transform(meta, args.timm_name or meta.get("resnext_explorer.timm_name", ""))
    opts = ort.SessionOptions()
    opts.graph_optimization_level = ort.GraphOptimizationLevel.ORT_ENABLE_ALL
    if args.threads:
        opts.intra_op_num_threads = args.threads
    t0 = time.perf_counter()
    session = ort.InferenceSession(str(args.model), opts, providers=["CPUExecutionProvider"])
    create_ms = (time.perf_counter() - t0) * 1e3
    outputs = json.loads(meta.get("resnext_explorer.outputs", "null") or "null") or {}
    logits_name = outputs.get("logits", session.get_outputs()[0].name)
    input_name = session.get_inputs()[0].name

    def infer(x: Any) -> Any:
        return session.run([logits_name], {input_name: x.numpy()})[0]

    result = run_pipeline(args, infer, transform)
    result.update(session_ms=create_ms, peak_rss_bytes=peak_rss_bytes(), version=ort.__version__)
    return result


def part_torch(args: argparse.Namespace) -> dict[str, Any]:
    """timm + PyTorch eager: the same architecture's forward pass."""
    import timm
    import torch

    meta = model_metadata(args.model)
    name = args.timm_name or meta.get("resnext_explorer.timm_name")
    if not name:
        raise SystemExit("the file has no timm name in its metadata: pass --timm-name")
    num_classes = int(meta.get("resnext_explorer.num_classes", "1000"))
    if args.threads:
        torch.set_num_threads(args.threads)
    transform = timm_transform(meta, name)
    t0 = time.perf_counter()
    model = timm.create_model(name, pretrained=False, num_classes=num_classes).eval()
    create_ms = (time.perf_counter() - t0) * 1e3

    def infer(x: Any) -> Any:
        with torch.inference_mode():
            return model(x).numpy()

    result = run_pipeline(args, infer, transform)
    result.update(
        session_ms=create_ms,
        peak_rss_bytes=peak_rss_bytes(),
        version=f"timm {timm.__version__}, torch {torch.__version__}",
        threads=torch.get_num_threads(),
    )
    return result


def child(args: argparse.Namespace, part: str) -> dict[str, Any]:
    """Runs one contender in its own Python process and returns its figures."""
    cmd = [sys.executable, __file__, "--part", part, "--model", str(args.model)]
    cmd += ["--image", str(args.image), "--runs", str(args.runs), "--warmup", str(args.warmup)]
    cmd += ["--threads", str(args.threads)]
    if args.timm_name:
        cmd += ["--timm-name", args.timm_name]
    out = subprocess.run(cmd, check=True, capture_output=True, text=True)
    return json.loads(out.stdout)


def ours(args: argparse.Namespace) -> dict[str, Any]:
    """The app's own benchmark, through its CLI."""
    if not args.jar.is_file():
        raise SystemExit(f"{args.jar} not found: build it with mvn -B -DskipTests package")
    cmd = [args.java, "-jar", str(args.jar), "bench", "--model", str(args.model), "--json"]
    cmd += ["--image", str(args.image), "--runs", str(args.runs), "--warmup", str(args.warmup)]
    cmd += ["--threads", str(args.threads)]
    out = subprocess.run(cmd, check=True, capture_output=True, text=True)
    report = json.loads(out.stdout)
    report["stages"] = {s["name"]: s for s in report["stages"]}
    report["session_ms"] = report["session_cold_ms"]
    return report


def best_of(rounds: list[dict[str, Any]]) -> dict[str, Any]:
    """One contender's figures over rounds: each stage's and session's lowest median; the peak
    RSS of the first round (memory does not depend on disturbance)."""
    best = dict(rounds[0])
    best["stages"] = {
        name: {"median_ms": min(r["stages"][name]["median_ms"] for r in rounds)}
        for name in rounds[0]["stages"]
    }
    for key in ("session_ms", "session_uncached_ms", "session_warm_ms"):
        if key in rounds[0]:
            best[key] = min(r[key] for r in rounds)
    best["rounds"] = len(rounds)
    return best


def table(results: dict[str, dict[str, Any]]) -> str:
    """Medians per stage for the three, then ours divided by each."""
    lines = [
        f"{'stage (median ms)':<18}{'ours':>10}{'ort-python':>12}{'timm-torch':>12}"
        f"{'ours/ort':>10}{'ours/timm':>11}"
    ]
    rows = [(s, lambda r, s=s: r["stages"][s]["median_ms"]) for s in STAGES]
    rows.append(("session", lambda r: r["session_ms"]))
    rows.append(("session-uncached", lambda r: r.get("session_uncached_ms", r["session_ms"])))
    rows.append(("peak-rss MiB", lambda r: r["peak_rss_bytes"] / 2**20))
    for name, get in rows:
        o, p, t = (get(results[k]) for k in ("ours", "ort-python", "timm-torch"))
        lines.append(f"{name:<18}{o:>10.2f}{p:>12.2f}{t:>12.2f}{o / p:>10.2f}{o / t:>11.2f}")
    pre_o = sum(results["ours"]["stages"][s]["median_ms"] for s in ("decode", "preprocess"))
    pre_t = sum(results["timm-torch"]["stages"][s]["median_ms"] for s in ("decode", "preprocess"))
    lines.append(
        f"decode+preprocess: ours {pre_o:.2f} ms, Pillow + timm {pre_t:.2f} ms ({pre_o / pre_t:.2f}x)"
    )
    inf = results["ours"]["stages"]["inference"]["median_ms"]
    rest = sum(
        results["ours"]["stages"][s]["median_ms"] for s in ("decode", "preprocess", "postprocess")
    )
    lines.append(f"ours, everything but inference: {rest:.2f} ms = {100 * rest / inf:.1f} % of it")
    lines.append(
        "session: ours is the first load in a fresh process as the app does it (from the"
        " optimized copy once one is cached); session-uncached: ours optimizing at load, as"
        " ONNX Runtime from Python does"
    )
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    """Entry point; see the module docstring."""
    args = parse_args(argv)
    if args.part:
        fn = part_ort if args.part == "ort" else part_torch
        print(json.dumps(fn(args)))
        return 0
    with tempfile.TemporaryDirectory() as tmp:
        if args.image is None:
            args.image = synthetic_jpeg(Path(tmp))
        runs: dict[str, list[dict[str, Any]]] = {"ours": [], "ort-python": [], "timm-torch": []}
        for _ in range(max(1, args.rounds)):
            runs["ours"].append(ours(args))
            runs["ort-python"].append(child(args, "ort"))
            runs["timm-torch"].append(child(args, "torch"))
        results = {name: best_of(r) for name, r in runs.items()}
    if args.json:
        print(json.dumps(results, indent=2))
    else:
        print(
            f"model {args.model}, image {args.image}, {args.runs} runs x {args.rounds} rounds,"
            f" threads {args.threads}"
        )
        print(f"cores: {os.cpu_count()}")
        print(table(results))
    return 0


if __name__ == "__main__":
    sys.exit(main())
