"""A base for objects that hold a connection or file and close it: usable in ``with``."""

from __future__ import annotations

from types import TracebackType
from typing import Self

__all__ = ["Closeable"]


class Closeable:
    """``with Thing(...) as thing:`` closes *thing* on the way out."""

    __slots__ = ()

    def close(self) -> None:  # pragma: no cover - every subclass overrides it
        """Release what the object holds."""
        raise NotImplementedError

    def __enter__(self) -> Self:
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.close()
