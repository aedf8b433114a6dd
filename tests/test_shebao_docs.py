"""The example in docs/shebao.md runs."""

from __future__ import annotations

import re
from pathlib import Path

DOC = Path(__file__).resolve().parents[1] / "docs" / "shebao.md"


def test_docs_example_runs() -> None:
    code = re.search(r"```python\n(.*?)```", DOC.read_text("utf-8"), re.S)
    assert code is not None
    namespace: dict[str, object] = {}
    exec(compile(code.group(1), str(DOC), "exec"), namespace)  # noqa: S102 - our own docs
    assert namespace["verified"].vct == "https://didkit-shebao.example/vct/insurance-status/v1"  # type: ignore[attr-defined]
