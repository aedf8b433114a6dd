"""The quick start in docs/sd-jwt.md runs as written."""

from __future__ import annotations

import re
from pathlib import Path

DOC = Path(__file__).resolve().parents[1] / "docs" / "sd-jwt.md"


def test_quick_start_runs() -> None:
    code = re.search(r"```python\n(.*?)```", DOC.read_text(encoding="utf-8"), re.S)
    assert code is not None
    scope: dict[str, object] = {}
    exec(compile(code.group(1), str(DOC), "exec"), scope)  # noqa: S102 - our own documentation
    verified = scope["verified"]
    assert verified.claims["age_over_60"] is True  # type: ignore[attr-defined]
    assert "birth_date" not in verified.claims  # type: ignore[attr-defined]
    assert verified.disclosed == ("/insurances/0", "/age_over_60")  # type: ignore[attr-defined]
