"""Checks and errors shared by the ledger backends (internal)."""

from __future__ import annotations

from typing import Final

from ..errors import LedgerConflictError, MalformedInputError

__all__ = ["check_anchor_args", "check_ref", "check_root", "repeated_root_error", "shrink_error"]

_HASH_SIZE: Final = 32


def check_anchor_args(root: object, tree_size: object) -> tuple[bytes, int]:
    """Shape checks every backend applies to ``anchor(root, tree_size)``."""
    if type(root) is not bytes or len(root) != _HASH_SIZE:
        raise MalformedInputError(
            "the root to anchor must be 32 bytes", "待锚定的树根必须为 32 字节"
        )
    if type(tree_size) is not int or not 1 <= tree_size < 1 << 64:
        raise MalformedInputError(
            "the tree size to anchor must be an integer from 1 to 2^64-1",
            "待锚定的树大小必须是 1 到 2^64-1 的整数",
        )
    return root, tree_size


def check_ref(ref: object) -> None:
    """``status(ref)`` takes a :class:`~didkit_shebao.LedgerRef`."""
    from .base import LedgerRef

    if not isinstance(ref, LedgerRef):
        raise MalformedInputError(
            "pass a LedgerRef (from anchor() or LedgerRef.from_json)",
            "请传入 LedgerRef（来自 anchor() 或 LedgerRef.from_json）",
        )


def check_root(root: object) -> None:
    """A root to look up is 32 bytes."""
    if type(root) is not bytes or len(root) != _HASH_SIZE:
        raise MalformedInputError("the root must be 32 bytes", "树根必须为 32 字节")


def shrink_error(tree_size: int, last: int) -> LedgerConflictError:
    """The error for a tree of *tree_size* after one of *last* leaves."""
    return LedgerConflictError(
        f"the ledger refuses tree size {tree_size}: it already holds a tree of {last} leaves "
        "and a log only grows",
        f"账本拒绝树大小 {tree_size}：已记录 {last} 个叶子的树，日志只能增长",
    )


def repeated_root_error() -> LedgerConflictError:
    """The error for a root the ledger already holds."""
    return LedgerConflictError(
        "the ledger already holds this root; a root is anchored once",
        "账本中已有该树根；每个树根只锚定一次",
    )
