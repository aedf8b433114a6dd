"""Every ```python block in docs/*.md runs as written, and docs/security.md states the code's values.

Pages whose examples already have their own test are listed in ``COVERED`` and
skipped here; a block marked with ``<!-- not-run -->`` (or ``<!-- not-run: why -->``) on the line
before it (it needs a running node, a secret, …) is only compiled. The blocks of one page
run in order in one namespace, as a reader would type them.
"""

from __future__ import annotations

import ast
import importlib
import re
from datetime import timedelta
from pathlib import Path

import pytest

import didkit_shebao as ds

DOCS = Path(__file__).resolve().parents[1] / "docs"
NOT_RUN = "<!-- not-run"  # optionally followed by ": why -->"
BLOCK = re.compile(r"^```python\n(.*?)^```", re.MULTILINE | re.DOTALL)

# Pages whose Python examples run in a test of their own (its only block each).
COVERED = {
    "anchoring.md": "tests/test_receipt.py::test_docs_examples_are_exact",
    "ledger-backends.md": "tests/test_ledgers.py",
    "sd-jwt.md": "tests/test_sdjwt_docs.py",
    "shebao.md": "tests/test_shebao_docs.py",
}


def blocks(page: Path) -> list[tuple[int, str, bool]]:
    """``(line, code, runnable)`` for each Python block of *page*."""
    text = page.read_text(encoding="utf-8")
    out = []
    for match in BLOCK.finditer(text):
        before = text[: match.start()].rstrip("\n").rsplit("\n", 1)[-1]
        line = text.count("\n", 0, match.start()) + 2
        out.append((line, match.group(1), not before.strip().startswith(NOT_RUN)))
    return out


PAGES = sorted(DOCS.glob("*.md"))


def test_covered_pages_have_one_block_each() -> None:
    """The tests named in COVERED run a page's first block only: a second one would go untested."""
    for name in COVERED:
        assert len(blocks(DOCS / name)) == 1, f"{name}: run its new blocks here or in its own test"


def test_not_run_is_used_sparingly() -> None:
    skipped = [(p.name, line) for p in PAGES for line, _, runnable in blocks(p) if not runnable]
    assert len(skipped) <= 2, skipped


@pytest.mark.parametrize("page", [p for p in PAGES if p.name not in COVERED], ids=lambda p: p.name)
def test_page_examples_run(page: Path) -> None:
    namespace: dict[str, object] = {"__name__": f"docs_{page.stem}"}
    for line, code, runnable in blocks(page):
        # Pad with newlines so that tracebacks point at the page's own line numbers.
        compiled = compile("\n" * (line - 1) + code, str(page), "exec")
        if runnable:
            exec(compiled, namespace)  # noqa: S102 - our own documentation


def test_quickstart_ends_verified() -> None:
    """The quick start's tour reaches its end with the values it promises."""
    namespace: dict[str, object] = {}
    for _, code, runnable in blocks(DOCS / "quickstart.md"):
        assert runnable
        exec(compile(code, "docs/quickstart.md", "exec"), namespace)  # noqa: S102 - our docs
    shown = namespace["verified"]
    assert shown.claims["age_over_60"] is True  # type: ignore[attr-defined]
    assert "citizen_id" not in shown.claims  # type: ignore[attr-defined]
    assert "birth_date" not in shown.claims  # type: ignore[attr-defined]


# -- docs/security.md: every `module.CONSTANT` | `value` row matches the code ------------

ROW = re.compile(r"^\| `(didkit_shebao(?:\.\w+)*)\.(\w+)` \| `([^`]+)` \|", re.MULTILINE)
SECURITY_ROWS = ROW.findall((DOCS / "security.md").read_text(encoding="utf-8"))


def test_security_page_names_its_constants() -> None:
    assert len(SECURITY_ROWS) >= 25


@pytest.mark.parametrize(
    ("module", "name", "stated"), SECURITY_ROWS, ids=[f"{m}.{n}" for m, n, _ in SECURITY_ROWS]
)
def test_security_constant_matches_code(module: str, name: str, stated: str) -> None:
    actual = getattr(importlib.import_module(module), name)
    scope = {"timedelta": timedelta, **{n: getattr(ds, n) for n in ds.__all__}}
    expected = eval(compile(ast.parse(stated, mode="eval"), "security.md", "eval"), scope)  # noqa: S307
    assert actual == expected
    assert type(actual) is type(expected) or isinstance(expected, dict)


# -- docs/conformance.md: every test it names exists -------------------------------------

TEST_REF = re.compile(r"`(tests/test_\w+\.py)::(test_\w+)`")


def test_conformance_page_names_real_tests() -> None:
    refs = TEST_REF.findall((DOCS / "conformance.md").read_text(encoding="utf-8"))
    assert len(refs) >= 30
    root = DOCS.parent
    for path, name in refs:
        source = (root / path).read_text(encoding="utf-8")
        assert re.search(rf"^\s*def {name}\(", source, re.MULTILINE), f"{path}::{name} not found"


# -- docs/api-stability.md and docs/structure.md: the public modules -------------------

MODULE_ROW = re.compile(r"^\s*\| `(didkit_shebao(?:\.\w+)*)` \|", re.MULTILINE)


def test_api_stability_modules_exist_and_export_what_they_list() -> None:
    modules = MODULE_ROW.findall((DOCS / "api-stability.md").read_text(encoding="utf-8"))
    assert len(modules) == 10
    for name in modules:
        module = importlib.import_module(name)
        assert not any(part.startswith("_") for part in name.split("."))
        for exported in module.__all__:
            assert hasattr(module, exported), f"{name}.{exported}"


def test_structure_page_lists_every_public_module() -> None:
    import pkgutil

    text = (DOCS / "structure.md").read_text(encoding="utf-8")
    for info in pkgutil.walk_packages(ds.__path__, "didkit_shebao."):
        parts = info.name.split(".")[1:]
        if info.ispkg or any(p.startswith("_") for p in parts):
            continue
        assert f"`{'/'.join(parts)}.py`" in text, f"docs/structure.md lacks {info.name}"


# -- docs/security.md: what a presentation still reveals -------------------------------


def test_insurance_count_shows_even_with_decoys() -> None:
    """security.md / shebao.md: ``decoys=`` pads ``_sd`` arrays only, so array lengths show."""
    import base64
    import json

    key = ds.Ed25519Key.generate()
    claims = {"insurances": [{"type": "pension"}, {"type": "medical"}, {"type": "unemployment"}]}
    pointers = ["/insurances/0", "/insurances/1", "/insurances/2"]
    sd_jwt = ds.issue_sd_jwt(
        claims, key=key, issuer=ds.did_key(key), disclosable=pointers, decoys=5
    )
    shown = ds.present_sd_jwt(sd_jwt, disclose=["/insurances/0"])
    payload = shown.split("~", 1)[0].split(".")[1]
    body = json.loads(base64.urlsafe_b64decode(payload + "=" * (-len(payload) % 4)))
    assert len(body["insurances"]) == 3  # one placeholder per entry, no decoy elements
    assert all(set(item) == {"..."} for item in body["insurances"])
    verified = ds.verify_sd_jwt(shown, nonce=None, audience=None, require_key_binding=False)
    assert verified.claims["insurances"] == [{"type": "pension"}]
