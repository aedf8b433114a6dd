"""A test run fails when a test is skipped for anything but an optional component.

A skip hides a test behind a green run, so every skip must say which optional
component it waits for, through :func:`optional_skip` (or a reason of the same
form, ``"optional component NAME: why"``), and NAME must be one of
:data:`OPTIONAL_COMPONENTS`. Any other skip — missing vector data, an empty
parameter list, a bare ``pytest.skip`` — is turned into a failure. With
``DIDKIT_SHEBAO_REQUIRE_ANVIL=1`` (set by ``.ci/run``) the EVM tool chain is
required too, so its skips fail as well.
"""

from __future__ import annotations

import os
import re
from collections.abc import Generator
from typing import NoReturn

import pytest

OPTIONAL_COMPONENTS = {
    "anvil": "the anvil Ethereum node (bash .ci/install-anvil.sh)",
    "solcjs": "the Solidity compiler (bash .ci/install-anvil.sh)",
    "web3": "the evm extra (pip install -e '.[evm]')",
    "pyld": "the jsonld extra (pip install -e '.[jsonld]')",
    "sd-jwt": "the reference SD-JWT implementation sd-jwt 0.10.4 (interoperability tests)",
}
"""What a test may skip for, and how to install it."""

EVM_TOOLS = frozenset({"anvil", "solcjs", "web3"})
"""Required, not optional, when ``DIDKIT_SHEBAO_REQUIRE_ANVIL=1``."""

_REASON = re.compile(r"optional component ([a-z0-9-]+): ")


def optional_reason(component: str, why: str) -> str:
    """The skip reason that declares *component* optional."""
    if component not in OPTIONAL_COMPONENTS:
        raise ValueError(f"{component!r} is not an optional component")
    return f"optional component {component}: {why}"


def optional_skip(component: str, why: str) -> NoReturn:
    """Skip the running test because optional *component* is missing."""
    pytest.skip(optional_reason(component, why))


def tolerated(reason: str) -> bool:
    """Whether a skip with *reason* is allowed in this run."""
    match = _REASON.match(reason.removeprefix("Skipped: "))
    if match is None or match.group(1) not in OPTIONAL_COMPONENTS:
        return False
    required = os.environ.get("DIDKIT_SHEBAO_REQUIRE_ANVIL") == "1"
    return not (required and match.group(1) in EVM_TOOLS)


def _skip_reason(report: pytest.CollectReport | pytest.TestReport) -> str:
    longrepr = report.longrepr
    reason = str(longrepr[2]) if isinstance(longrepr, tuple) else str(longrepr)
    return reason.removeprefix("Skipped: ")


def _refuse(report: pytest.CollectReport | pytest.TestReport) -> None:
    if report.skipped and not hasattr(report, "wasxfail"):
        reason = _skip_reason(report)
        if not tolerated(reason):
            report.outcome = "failed"
            report.longrepr = (
                f"skipped for a reason that is not an optional component: {reason}\n"
                "A test may skip only through skip_policy.optional_skip() for one of "
                f"{sorted(OPTIONAL_COMPONENTS)}; conformance data is in tests/vectors."
            )


@pytest.hookimpl(wrapper=True)
def pytest_runtest_makereport(
    item: pytest.Item, call: pytest.CallInfo[None]
) -> Generator[None, pytest.TestReport, pytest.TestReport]:
    report = yield
    _refuse(report)
    return report


@pytest.hookimpl(wrapper=True)
def pytest_make_collect_report(
    collector: pytest.Collector,
) -> Generator[None, pytest.CollectReport, pytest.CollectReport]:
    report = yield
    _refuse(report)
    return report
