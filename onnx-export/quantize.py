#!/usr/bin/env python3
"""Write the int8 variant of an existing export (what ``export.py MODEL --int8`` does after it).

Arguments only; the work is done by ``resnext_export.int8``.

Example::

    python onnx-export/quantize.py models/resnext50_32x4d.onnx --calibration photos/
                                        # writes models/resnext50_32x4d-int8.onnx

Exit status: 0 written and checked, 1 the int8 self-check failed, 2 bad arguments or any other
failure.
"""

from __future__ import annotations

import argparse
import logging
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from export import write_int8  # noqa: E402


def main(argv: list[str] | None = None) -> int:
    """Quantize each FILE; one summary line each. Returns the exit status."""
    parser = argparse.ArgumentParser(description="int8 variants of resnext_explorer exports.")
    parser.add_argument("files", nargs="+", type=Path, metavar="FILE", help="an fp32 export")
    parser.add_argument(
        "--calibration",
        nargs="+",
        type=Path,
        metavar="IMAGE_OR_DIR",
        help="images (files or folders) to calibrate on (default: onnx-export/calibration)",
    )
    parser.add_argument(
        "--out", type=Path, metavar="FILE", help="where to write (one FILE only; default beside it)"
    )
    args = parser.parse_args(argv)
    if args.out and len(args.files) > 1:
        parser.error("--out applies to exactly one FILE")
    logging.basicConfig(level=logging.WARNING)
    return max(write_int8(f, args.calibration, args.out) for f in args.files)


if __name__ == "__main__":
    sys.exit(main())
