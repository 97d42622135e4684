"""Make the exporter's virtual environment once and reuse it.

``mvn verify`` runs this before the tests: it creates ``onnx-export/.venv`` from a lock file and
records the lock's SHA-256 in the venv, so later runs cost one file read. When the lock changes,
the venv is rebuilt. It then imports the packages the tests need and fails with one line naming
the install command if any is missing or broken (e.g. a torch/torchvision pair that does not
belong together makes timm fail on import).

Usage: python3 onnx-export/ensure_venv.py [--lock FILE] [--venv DIR]
"""

from __future__ import annotations

import argparse
import contextlib
import hashlib
import os
import shutil
import subprocess
import sys
import venv
from pathlib import Path

HERE = Path(__file__).resolve().parent
STAMP = "resnext-explorer-lock.sha256"
# What the Java and Python tests import; timm's import is what breaks on a torch/torchvision mismatch.
CHECK = "import numpy, PIL, onnx, onnxruntime, torch, torchvision, timm, safetensors, pytest"


def venv_python(venv_dir: Path) -> Path:
    """The interpreter inside a venv, on Windows as elsewhere."""
    if os.name == "nt":
        return venv_dir / "Scripts" / "python.exe"
    return venv_dir / "bin" / "python"


def lock_digest(lock: Path) -> str:
    return hashlib.sha256(lock.read_bytes()).hexdigest()


def install(venv_dir: Path, lock: Path) -> None:
    if venv_dir.exists():
        shutil.rmtree(venv_dir)
    print(f"ensure_venv: creating {venv_dir} from {lock.name} (once; takes a few minutes)", flush=True)
    venv.EnvBuilder(with_pip=True, clear=True).create(venv_dir)
    # --no-deps: the lock is the whole, exact set (it leaves out cuda-bindings, which torch
    # declares but does not need on CPU). --retries 0: fail at once on an unreachable index
    # instead of stalling for minutes.
    subprocess.run(
        [str(venv_python(venv_dir)), "-m", "pip", "install", "--retries", "0", "--no-deps",
         "--disable-pip-version-check", "-q", "-r", str(lock)],
        check=True,
    )


@contextlib.contextmanager
def exclusive(venv_dir: Path):
    """Holds a lock beside the venv, so builds of two checkouts sharing one venv (git worktrees
    linking it) never rebuild it at the same time: the second waits, then finds it ready."""
    venv_dir.parent.mkdir(parents=True, exist_ok=True)
    lock_file = venv_dir.parent / (venv_dir.name + ".lock")
    with open(lock_file, "w") as handle:
        try:
            import fcntl
        except ImportError:  # Windows: no flock; one build at a time is the user's to keep
            yield
            return
        fcntl.flock(handle, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--lock", type=Path, default=HERE / "requirements-lock.txt")
    parser.add_argument("--venv", type=Path, default=HERE / ".venv")
    args = parser.parse_args()
    lock: Path = args.lock.resolve()
    venv_dir: Path = args.venv.resolve()
    stamp = venv_dir / STAMP
    digest = lock_digest(lock)
    python = venv_python(venv_dir)
    with exclusive(venv_dir):
        if not (python.exists() and stamp.exists() and stamp.read_text().strip() == digest):
            try:
                install(venv_dir, lock)
            except subprocess.CalledProcessError:
                print(
                    f"ensure_venv: pip could not install {lock} into {venv_dir}; try by hand:\n"
                    f"  {sys.executable} -m venv {venv_dir} && {python} -m pip install --no-deps"
                    f" -r {lock}",
                    file=sys.stderr,
                )
                return 1
            # Written last, so a build killed half-way never looks ready to the next run.
            stamp.write_text(digest + "\n")
    check = subprocess.run([str(python), "-c", CHECK], capture_output=True, text=True)
    if check.returncode != 0:
        last = (check.stderr.strip().splitlines() or ["(no message)"])[-1]
        print(
            f"ensure_venv: the exporter's environment is broken ({last}); delete {venv_dir} "
            f"and run: {sys.executable} {Path(__file__).name}",
            file=sys.stderr,
        )
        return 1
    print(f"ensure_venv: {python} is ready")
    return 0


if __name__ == "__main__":
    sys.exit(main())
