"""The README's Python examples run as written."""

from __future__ import annotations

import re
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def test_readme_python_blocks_run() -> None:
    text = (ROOT / "README.md").read_text(encoding="utf-8")
    blocks = re.findall(r"```python\n(.*?)```", text, re.DOTALL)
    assert blocks, "README has no Python example"
    namespace: dict[str, object] = {}
    for block in blocks:
        exec(compile(block, "README.md", "exec"), namespace)  # noqa: S102 - our own README


def test_readme_names_both_commands() -> None:
    text = (ROOT / "README.md").read_text(encoding="utf-8")
    assert "didkit-shebao demo" in text
    marker = text.index("<!-- ci:test-command -->")
    assert "pytest" in text[marker : marker + 300]


def test_readme_command_line_block_runs(tmp_path: Path) -> None:
    """Every line of the README's command-line section works as written."""
    import os
    import subprocess
    import sys

    text = (ROOT / "README.md").read_text(encoding="utf-8")
    section = text[text.index("## Command line") :]
    block = re.search(r"```sh\n(.*?)```", section, re.DOTALL)
    assert block is not None
    (tmp_path / "credential.json").write_text(
        '{"@context": ["https://www.w3.org/ns/credentials/v2"], '
        '"type": ["VerifiableCredential"], "credentialSubject": {"name": "张三"}}',
        encoding="utf-8",
    )
    (tmp_path / "claims.json").write_text(
        '{"name": "张三", "age_over_60": true}', encoding="utf-8"
    )
    script = (
        "set -euo pipefail\n"
        f'didkit-shebao() {{ "{sys.executable}" -m didkit_shebao "$@"; }}\n' + block.group(1)
    )
    env = dict(os.environ, PYTHONPATH=str(ROOT))
    result = subprocess.run(
        ["bash", "-c", script], cwd=tmp_path, env=env, capture_output=True, text=True, check=False
    )
    assert result.returncode == 0, result.stderr[-2000:]
    assert "Done." in result.stdout
