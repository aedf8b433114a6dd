"""tests/vectors/SOURCES.md accounts for every vendored file, and the files are the published bytes."""

from __future__ import annotations

import hashlib
import re
from pathlib import Path

import pytest
from conftest import VECTORS

ROW = re.compile(r"^\| `([^`]+)` \|(.*)\| (tree|blob) ([0-9a-f]{40}) \|", re.MULTILINE)
PATH_CELL = re.compile(r"^\| `([^`]+)` \|", re.MULTILINE)


def _rows(vectors: Path) -> list[tuple[str, str, str]]:
    text = (vectors / "SOURCES.md").read_text("utf-8")
    return [(m.group(1), m.group(3), m.group(4)) for m in ROW.finditer(text)]


def git_blob_id(data: bytes) -> str:
    """The id git gives a file with these bytes."""
    return hashlib.sha1(b"blob %d\0" % len(data) + data, usedforsecurity=False).hexdigest()


def git_tree_id(folder: Path) -> str:
    """The id git gives a folder of regular (non-executable) files with this content."""
    entries = []
    for p in folder.iterdir():
        if p.is_dir():
            entries.append((p.name + "/", b"40000 %s\0" % p.name.encode(), git_tree_id(p)))
        else:
            mode = b"100644 %s\0" % p.name.encode()
            entries.append((p.name, mode, git_blob_id(p.read_bytes())))
    entries.sort(key=lambda e: e[0].encode())
    body = b"".join(head + bytes.fromhex(oid) for _, head, oid in entries)
    return hashlib.sha1(b"tree %d\0" % len(body) + body, usedforsecurity=False).hexdigest()


def test_git_ids_match_git() -> None:
    # `git hash-object` of "hello\n" and the well-known empty tree.
    assert git_blob_id(b"hello\n") == "ce013625030ba8dba906f756967f9e9ca394464a"
    assert hashlib.sha1(b"tree 0\0", usedforsecurity=False).hexdigest() == (
        "4b825dc642cb6eb9a060e54bf8d69288fbee4904"
    )


def test_every_vendored_file_has_a_source_row(vectors: Path) -> None:
    text = (vectors / "SOURCES.md").read_text("utf-8")
    covered = PATH_CELL.findall(text)
    files = [
        p.relative_to(vectors).as_posix()
        for p in sorted(vectors.rglob("*"))
        if p.is_file() and p.name not in ("SOURCES.md", ".gitattributes")
    ]
    assert files
    orphans = [f for f in files if not any(f == c or f.startswith(c + "/") for c in covered)]
    assert orphans == []
    for c in covered:
        assert (vectors / c).exists(), c


ROWS = _rows(VECTORS)


def test_the_table_names_git_ids() -> None:
    # Every file copied whole has its id; only excerpts and generated output have none.
    assert len(ROWS) == 43


@pytest.mark.parametrize(("path", "kind", "oid"), ROWS, ids=[r[0] for r in ROWS])
def test_vendored_bytes_are_the_published_ones(
    vectors: Path, path: str, kind: str, oid: str
) -> None:
    """Each row's blob or tree id, taken from the source repository, matches the vendored copy."""
    target = vectors / path
    got = git_tree_id(target) if kind == "tree" else git_blob_id(target.read_bytes())
    assert got == oid, path


def test_no_test_reads_vectors_from_outside_the_repository() -> None:
    """Vector data comes only from tests/vectors (the `vectors` fixture): no test names a
    sibling checkout's folder or an environment variable that points elsewhere."""
    outside = ("../" + "shared", "shared/" + "vectors", "DIDKIT_SHEBAO_" + "VECTORS")
    tests = Path(__file__).resolve().parent
    offenders = [
        f"{p.name}: {needle}"
        for p in sorted(tests.rglob("*.py"))
        for needle in outside
        if needle in p.read_text("utf-8")
    ]
    assert offenders == []
