"""Offline, the pretrained path fails in seconds with one line that names the offline ways."""

import os
import socket
import subprocess
import sys
import time
from pathlib import Path

EXPORT = Path(__file__).resolve().parent.parent / "export.py"


def _closed_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]  # nothing listens once the socket is closed


def test_pretrained_export_against_unreachable_hub_fails_fast_in_one_line(tmp_path) -> None:
    env = {k: v for k, v in os.environ.items() if k not in ("HF_HUB_OFFLINE", "HF_ENDPOINT")}
    env["HF_ENDPOINT"] = f"http://127.0.0.1:{_closed_port()}"
    env["HF_HOME"] = str(tmp_path / "hf")  # an empty cache: nothing to fall back on
    env["TORCH_HOME"] = str(tmp_path / "torch")
    started = time.monotonic()
    run = subprocess.run(
        [sys.executable, str(EXPORT), "resnext50_32x4d", "--out", str(tmp_path / "out")],
        capture_output=True,
        text=True,
        env=env,
        timeout=120,
    )
    elapsed = time.monotonic() - started
    lines = [line for line in run.stderr.splitlines() if line.strip()]
    assert run.returncode != 0
    assert len(lines) == 1, run.stderr
    assert "--random-init" in lines[0] and "--checkpoint" in lines[0]
    assert env["HF_ENDPOINT"] in lines[0] and "unreachable" in lines[0]
    # Python start-up and imports take a few seconds on a busy machine; hub retries took ~50.
    assert elapsed < 15, f"took {elapsed:.1f} s"
    assert not (tmp_path / "out" / "resnext50_32x4d.onnx").exists()
