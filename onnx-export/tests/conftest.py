"""Shared fixtures: the package on sys.path and one tiny export reused by several tests."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from resnext_export.exporter import ExportResult, export_loaded  # noqa: E402
from resnext_export.tiny import TINY_TIMM_NAME, create_tiny  # noqa: E402


def pytest_configure(config: pytest.Config) -> None:
    # Slow tests still run by default (mvn verify runs plain `pytest tests`); the marker lets a
    # developer skip them locally with -m "not slow".
    config.addinivalue_line("markers", "slow: full-size exports, tens of seconds each")


@pytest.fixture(autouse=True)
def _offline(monkeypatch: pytest.MonkeyPatch) -> None:
    """Make any attempt to download weights fail fast instead of hanging on the network."""
    monkeypatch.setenv("HF_HUB_OFFLINE", "1")


@pytest.fixture(scope="session")
def tiny_export(tmp_path_factory: pytest.TempPathFactory) -> ExportResult:
    """The tiny model exported once (the dynamo exporter takes a few seconds even for it)."""
    out = tmp_path_factory.mktemp("tiny")
    loaded = create_tiny(seed=0)
    result = export_loaded(
        loaded, out / "tiny.onnx", model_id="tiny", timm_name=TINY_TIMM_NAME, timm_tag=""
    )
    result.loaded = loaded  # type: ignore[attr-defined]
    return result
