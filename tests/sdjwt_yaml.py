"""Read the sd-jwt reference cases' ``specification.yml`` (``!sd`` marks a disclosable claim).

The reference implementation (openwallet-foundation-labs/sd-jwt-python) writes
``!sd name: value`` for a disclosable object member and ``- !sd value`` for a
disclosable array element. :func:`load_spec` returns the plain claims plus the
JSON Pointers of the disclosable ones, which is what ``issue_sd_jwt`` takes.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import yaml

from didkit_shebao.sdjwt._pointer import format_pointer


class SDKey(str):
    """A mapping key tagged ``!sd``."""

    __slots__ = ()


class SDValue:
    """A sequence item tagged ``!sd``."""

    __slots__ = ("value",)

    def __init__(self, value: Any) -> None:
        self.value = value


class _Loader(yaml.SafeLoader):
    pass


def _construct_sd(loader: _Loader, node: yaml.Node) -> Any:
    if isinstance(node, yaml.ScalarNode):
        # Resolve the scalar as if it were untagged: plain "42" is an int, "null" is None.
        implicit = (node.style is None, node.style is not None)
        tag = loader.resolve(yaml.ScalarNode, node.value, implicit)
        value = loader.construct_object(yaml.ScalarNode(tag, node.value, style=node.style))
    elif isinstance(node, yaml.MappingNode):
        value = loader.construct_mapping(node, deep=True)
    else:
        value = loader.construct_sequence(node, deep=True)  # type: ignore[arg-type]
    return SDValue(value)


_Loader.add_constructor("!sd", _construct_sd)


def _flatten_keys(loader: _Loader, node: yaml.MappingNode, deep: bool = False) -> Any:
    # Mapping keys tagged !sd arrive as SDValue; turn them into hashable SDKey strings.
    mapping = {}
    for key_node, value_node in node.value:
        key = loader.construct_object(key_node, deep=True)
        if isinstance(key, SDValue):
            key = SDKey(str(key.value))
        mapping[key] = loader.construct_object(value_node, deep=True)
    return mapping


_Loader.add_constructor(yaml.resolver.BaseResolver.DEFAULT_MAPPING_TAG, _flatten_keys)


def load_yaml(path: Path) -> Any:
    """Parse a specification.yml with ``!sd`` tags."""
    return yaml.load(path.read_text(encoding="utf-8"), Loader=_Loader)  # noqa: S506 - SafeLoader subclass


def split_claims(value: Any, path: tuple[str | int, ...] = ()) -> tuple[Any, list[str]]:
    """Plain claims and the pointers of the ``!sd``-tagged ones."""
    pointers: list[str] = []
    if isinstance(value, SDValue):
        inner, ptrs = split_claims(value.value, path)
        return inner, [format_pointer(path), *ptrs]
    if isinstance(value, dict):
        out = {}
        for k, v in value.items():
            name = str(k)
            child, ptrs = split_claims(v, (*path, name))
            if isinstance(k, SDKey):
                ptrs = [format_pointer((*path, name)), *ptrs]
            out[name] = child
            pointers += ptrs
        return out, pointers
    if isinstance(value, list):
        items = []
        for i, v in enumerate(value):
            child, ptrs = split_claims(v, (*path, i))
            items.append(child)
            pointers += ptrs
        return items, pointers
    return value, pointers


def holder_pointers(spec: Any, path: tuple[str | int, ...] = ()) -> list[str]:
    """Pointers for a ``holder_disclosed_claims`` structure (``True`` = disclose)."""
    if spec is True:
        return [format_pointer(path)]
    if isinstance(spec, dict):
        return [p for k, v in spec.items() for p in holder_pointers(v, (*path, str(k)))]
    if isinstance(spec, list):
        return [p for i, v in enumerate(spec) for p in holder_pointers(v, (*path, i))]
    return []
