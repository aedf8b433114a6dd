"""The ``didkit-shebao`` command line (also ``python -m didkit_shebao``).

Each command group lives in its own module with a ``register(subparsers)``
function; this module only assembles them and turns errors into readable
messages and exit codes (0 ok, 1 failure, 2 usage).
"""

from __future__ import annotations

import argparse
import importlib
import os
import sys
from collections.abc import Sequence

from .. import __version__
from ..errors import ShebaoError

__all__ = ["COMMAND_MODULES", "build_parser", "main"]

#: Modules (relative to this package) that register command groups, in help order.
COMMAND_MODULES: tuple[str, ...] = (
    "._keys",
    "._did",
    "._credentials",
    "._status",
    "._anchor",
    "._demo",
)


def build_parser() -> argparse.ArgumentParser:
    """The full argument parser."""
    parser = argparse.ArgumentParser(
        prog="didkit-shebao",
        description=(
            "Decentralized identity and verifiable credentials for 人社 / 社保 services: "
            "keys, DIDs, credentials, selective disclosure, status and anchoring."
        ),
    )
    parser.add_argument("--version", action="version", version=f"%(prog)s {__version__}")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND", required=True)
    for name in COMMAND_MODULES:
        importlib.import_module(name, __name__).register(sub)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """Run the CLI; returns the process exit code."""
    parser = build_parser()
    args = parser.parse_args(argv)
    try:
        code: int = args.handler(args)
    except ShebaoError as exc:
        print(f"error [{exc.code}]: {exc.message}", file=sys.stderr)
        print(f"错误：{exc.message_zh}", file=sys.stderr)
        return 1
    except BrokenPipeError:
        # The reader went away (`… | head`): stop quietly, as other tools do.
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        return 0
    except OSError as exc:
        name = exc.filename if exc.filename is not None else ""
        print(f"error [io]: {exc.strerror or exc} {name}".rstrip(), file=sys.stderr)
        print(f"错误：无法读写文件 {name}".rstrip(), file=sys.stderr)
        return 1
    return code
