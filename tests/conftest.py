"""Shared fixtures: where the conformance vectors live."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]


def _vectors_dir() -> Path | None:
    env = os.environ.get("DIDKIT_SHEBAO_VECTORS")
    candidates = [Path(env)] if env else []
    candidates += [ROOT.parent / "shared" / "vectors", ROOT / ".." / ".." / "shared" / "vectors"]
    for c in candidates:
        if c.is_dir():
            return c.resolve()
    return None


VECTORS = _vectors_dir()


@pytest.fixture(scope="session")
def vectors() -> Path:
    """The shared conformance-vector folder (../shared/vectors); skips when absent."""
    if VECTORS is None:
        pytest.skip("../shared/vectors is not present")
    return VECTORS
