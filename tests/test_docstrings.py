"""STYLE D1: every public name has its own docstring.

Public means ``didkit_shebao.__all__`` and the ``__all__`` of the documented
submodules (docs/api-stability.md): ``shebao`` and ``errors`` first of all, and
``keystore``, ``keys``, ``did``, ``vc``, ``sdjwt``, ``status``, ``anchor``, ``ledgers``. Classes,
functions and modules need a docstring of their own (an inherited one or the
signature a dataclass writes does not count), and so does every public method
and property a class defines. A constant cannot carry a docstring of its own, so it needs
a ``#:`` comment on the line before its assignment or a string literal right
after it (the two Sphinx conventions).
"""

from __future__ import annotations

import ast
import dataclasses
import functools
import inspect
from pathlib import Path
from types import ModuleType

import pytest

import didkit_shebao as ds
from didkit_shebao import anchor, did, errors, keys, keystore, ledgers, sdjwt, shebao, status, vc

PACKAGE = Path(ds.__file__).resolve().parent
MODULES = (ds, shebao, errors, keystore, keys, did, vc, sdjwt, status, anchor, ledgers)


def _public(module: ModuleType) -> list[tuple[str, object]]:
    return [(name, getattr(module, name)) for name in module.__all__ if not name.startswith("__")]


def _has_own_doc(obj: object) -> bool:
    doc = obj.__dict__.get("__doc__") if inspect.isclass(obj) else getattr(obj, "__doc__", None)
    if not isinstance(doc, str) or not doc.strip():
        return False
    # dataclasses fill in "Name(field, …)" when the class has no docstring.
    return not (
        inspect.isclass(obj)
        and dataclasses.is_dataclass(obj)
        and doc.startswith(f"{obj.__name__}(")
    )


def _is_documentable(obj: object) -> bool:
    return inspect.ismodule(obj) or inspect.isclass(obj) or inspect.isroutine(obj)


CASES = [
    pytest.param(module, name, obj, id=f"{module.__name__}.{name}")
    for module in MODULES
    for name, obj in _public(module)
]


def test_the_public_surface_is_not_empty() -> None:
    assert len(CASES) > 250
    assert "ShebaoError" in errors.__all__
    assert "validate_citizen_id" in shebao.__all__


@pytest.mark.parametrize(("module", "name", "obj"), CASES)
def test_public_name_is_documented(module: ModuleType, name: str, obj: object) -> None:
    if _is_documentable(obj):
        assert _has_own_doc(obj), f"{module.__name__}.{name} has no docstring of its own"
        if inspect.isclass(obj):
            for member, value in vars(obj).items():
                if member.startswith("_"):
                    continue
                target = value.fget if isinstance(value, property) else value
                target = getattr(target, "__func__", target)
                if inspect.isfunction(target):
                    assert (target.__doc__ or "").strip(), f"{name}.{member} has no docstring"
        return
    assert _constant_is_commented(name), f"{module.__name__}.{name}: no '#:' comment"


@functools.cache
def _documented_assignments() -> frozenset[str]:
    """Module-level names assigned with a ``#:`` comment before them or a string after them."""
    found = set()
    for path in sorted(PACKAGE.rglob("*.py")):
        text = path.read_text(encoding="utf-8")
        lines = text.splitlines()
        body = ast.parse(text).body
        for i, node in enumerate(body):
            if isinstance(node, ast.AnnAssign):
                targets = [node.target]
            elif isinstance(node, ast.Assign):
                targets = node.targets
            else:
                continue
            after = body[i + 1] if i + 1 < len(body) else None
            documented = (
                node.lineno > 1 and lines[node.lineno - 2].lstrip().startswith("#:")
            ) or (
                isinstance(after, ast.Expr)
                and isinstance(after.value, ast.Constant)
                and isinstance(after.value.value, str)
            )
            if documented:
                found.update(t.id for t in targets if isinstance(t, ast.Name))
    return frozenset(found)


def _constant_is_commented(name: str) -> bool:
    return name in _documented_assignments()


def test_an_undocumented_object_is_caught() -> None:
    """The check itself: an object without a docstring fails it."""

    @dataclasses.dataclass
    class Bare:
        x: int

    def bare() -> None:
        pass

    assert not _has_own_doc(Bare)
    assert not _has_own_doc(bare)
    assert _has_own_doc(ds.Ed25519Key)
    assert not _constant_is_commented("NO_SUCH_CONSTANT_ANYWHERE")
