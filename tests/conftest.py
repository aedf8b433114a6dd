"""Shared fixtures: where the conformance vectors live."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from hypothesis import HealthCheck, settings

# Timing-based health checks flake on a loaded 2-core CI machine; correctness
# properties do not depend on speed (benchmarks/ measures that).
settings.register_profile("shebao", deadline=None, suppress_health_check=[HealthCheck.too_slow])
settings.load_profile("shebao")

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
