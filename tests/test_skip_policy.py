"""The skip policy (tests/skip_policy.py): a skip fails the run unless it is for an optional component."""

from __future__ import annotations

from pathlib import Path

import pytest
from skip_policy import OPTIONAL_COMPONENTS, optional_reason, tolerated

HERE = Path(__file__).resolve().parent

INNER_CONFTEST = f"""
import sys
sys.path.insert(0, {str(HERE)!r})
from skip_policy import pytest_make_collect_report, pytest_runtest_makereport  # noqa: F401
"""


@pytest.fixture
def inner(pytester: pytest.Pytester, monkeypatch: pytest.MonkeyPatch) -> pytest.Pytester:
    monkeypatch.delenv("DIDKIT_SHEBAO_REQUIRE_ANVIL", raising=False)
    pytester.makeconftest(INNER_CONFTEST)
    return pytester


def test_reasons(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("DIDKIT_SHEBAO_REQUIRE_ANVIL", raising=False)
    assert tolerated(optional_reason("pyld", "pyld is not installed"))
    assert tolerated("Skipped: " + optional_reason("anvil", "not found"))
    assert not tolerated("the vector folder is not present")
    assert not tolerated("got empty parameter set for (testcase)")
    assert not tolerated("optional component vectors: the data is elsewhere")
    assert not tolerated("no key binding in this case")
    with pytest.raises(ValueError, match="not an optional component"):
        optional_reason("vectors", "x")


def test_evm_tools_are_required_when_ci_says_so(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("DIDKIT_SHEBAO_REQUIRE_ANVIL", "1")
    for tool in ("anvil", "solcjs", "web3"):
        assert not tolerated(optional_reason(tool, "missing"))
    assert tolerated(optional_reason("pyld", "missing"))
    assert set(OPTIONAL_COMPONENTS) >= {"anvil", "solcjs", "web3"}


def test_a_plain_skip_fails_the_run(inner: pytest.Pytester) -> None:
    inner.makepyfile(
        """
        import pytest

        def test_data():
            pytest.skip("the vector folder is not present")

        @pytest.mark.parametrize("case", [])
        def test_empty(case):
            pass

        def test_ok():
            pass
        """
    )
    result = inner.runpytest()
    # A skip in setup (the empty parameter set) is reported as an error.
    result.assert_outcomes(passed=1, failed=1, errors=1)
    result.stdout.fnmatch_lines(["*not an optional component*vector folder is not present*"])
    assert result.ret == pytest.ExitCode.TESTS_FAILED


def test_an_optional_skip_passes(inner: pytest.Pytester) -> None:
    inner.makepyfile(
        """
        import pytest
        from skip_policy import optional_reason, optional_skip

        pytest.importorskip("no_such_module_here", reason=optional_reason("pyld", "absent"))
        """,
        test_two="""
        from skip_policy import optional_skip

        def test_node():
            optional_skip("anvil", "not found")

        def test_ok():
            pass
        """,
    )
    result = inner.runpytest()
    result.assert_outcomes(passed=1, skipped=2)
    assert result.ret == pytest.ExitCode.OK


def test_a_plain_module_skip_fails_collection(inner: pytest.Pytester) -> None:
    inner.makepyfile(
        """
        import pytest

        pytest.importorskip("no_such_module_here")
        """
    )
    result = inner.runpytest()
    assert result.ret != pytest.ExitCode.OK
    result.stdout.fnmatch_lines(["*not an optional component*no_such_module_here*"])


def test_the_evm_skip_fails_under_ci(
    inner: pytest.Pytester, monkeypatch: pytest.MonkeyPatch
) -> None:
    inner.makepyfile(
        """
        from skip_policy import optional_skip

        def test_node():
            optional_skip("anvil", "not found")
        """
    )
    monkeypatch.setenv("DIDKIT_SHEBAO_REQUIRE_ANVIL", "1")
    result = inner.runpytest()
    result.assert_outcomes(failed=1)
