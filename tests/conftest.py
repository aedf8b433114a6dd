"""Shared fixtures: the vendored conformance vectors, and the skip policy."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import HealthCheck, settings

# The skip policy's hooks, registered through this conftest: a run fails on any
# skip that is not for an optional component (tests/skip_policy.py).
from skip_policy import pytest_make_collect_report, pytest_runtest_makereport  # noqa: F401

# Timing-based health checks flake on a loaded 2-core CI machine; correctness
# properties do not depend on speed (benchmarks/ measures that).
settings.register_profile("shebao", deadline=None, suppress_health_check=[HealthCheck.too_slow])
settings.load_profile("shebao")

pytest_plugins = ["pytester"]  # tests/test_skip_policy.py runs the policy in inner sessions

ROOT = Path(__file__).resolve().parents[1]
VECTORS = ROOT / "tests" / "vectors"
"""Published vectors copied into the project; tests/vectors/SOURCES.md names their origins."""


@pytest.fixture(scope="session")
def vectors() -> Path:
    """The vendored conformance-vector folder, tests/vectors (never skipped: it is in the repository)."""
    assert (VECTORS / "SOURCES.md").is_file(), f"{VECTORS} is missing from the checkout"
    return VECTORS
