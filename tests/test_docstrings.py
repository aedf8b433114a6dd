"""STYLE D1: every public name has its own docstring.

Public means ``didkit_shebao.__all__`` and the ``__all__`` of the documented
submodules ``didkit_shebao.shebao`` and ``didkit_shebao.errors``. Classes,
functions and modules need a docstring of their own (an inherited one or the
signature a dataclass writes does not count), and so does every public method
and property a class defines. A constant cannot carry a docstring, so it needs
a ``#:`` comment on the line before its assignment (the Sphinx convention).
"""

from __future__ import annotations

import dataclasses
import inspect
import re
from pathlib import Path
from types import ModuleType

import pytest

import didkit_shebao as ds
from didkit_shebao import errors, shebao

PACKAGE = Path(ds.__file__).resolve().parent
MODULES = (ds, shebao, errors)


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
    assert len(CASES) > 100
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


def _constant_is_commented(name: str) -> bool:
    assignment = re.compile(rf"^{re.escape(name)}\s*(?::[^=]*)?=", re.MULTILINE)
    for path in PACKAGE.rglob("*.py"):
        text = path.read_text(encoding="utf-8")
        match = assignment.search(text)
        if match is None:
            continue
        before = text[: match.start()].rstrip("\n").rsplit("\n", 1)[-1]
        return before.lstrip().startswith("#:")
    return False


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
