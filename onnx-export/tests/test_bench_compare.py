"""bench_compare's arithmetic: the least disturbed round wins, ratios are ours over theirs."""

from __future__ import annotations

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

import bench_compare  # noqa: E402


def _report(scale: float, rss: int, **session: float) -> dict:
    stages = {s: {"median_ms": scale * (i + 1)} for i, s in enumerate(bench_compare.STAGES)}
    return {"stages": stages, "peak_rss_bytes": rss, **session}


def test_best_of_takes_each_figures_lowest_round_and_the_first_rounds_memory():
    rounds = [
        _report(2.0, 100, session_ms=50.0),
        _report(1.0, 200, session_ms=70.0),
        _report(3.0, 300, session_ms=40.0),
    ]
    best = bench_compare.best_of(rounds)
    assert best["stages"]["decode"]["median_ms"] == 1.0
    assert best["stages"]["total"]["median_ms"] == 5.0
    assert best["session_ms"] == 40.0
    assert best["peak_rss_bytes"] == 100
    assert best["rounds"] == 3


def test_the_table_divides_ours_by_each_contender():
    results = {
        "ours": _report(1.0, 2**20, session_ms=10.0, session_uncached_ms=30.0),
        "ort-python": _report(2.0, 2**21, session_ms=20.0),
        "timm-torch": _report(4.0, 2**22, session_ms=40.0),
    }
    text = bench_compare.table(results)
    decode = next(line for line in text.splitlines() if line.startswith("decode "))
    assert decode.split()[1:] == ["1.00", "2.00", "4.00", "0.50", "0.25"]
    uncached = next(line for line in text.splitlines() if line.startswith("session-uncached"))
    assert uncached.split()[1:4] == ["30.00", "20.00", "40.00"]
    assert "decode+preprocess: ours 3.00 ms, Pillow + timm 12.00 ms (0.25x)" in text
