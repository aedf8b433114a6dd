"""C2SP signed notes and tlog checkpoints: vectors, strict parsing, tamper probes."""

from __future__ import annotations

import base64
import hashlib

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import didkit_shebao as ds
from didkit_shebao.anchor.note import (
    MAX_NOTE_BYTES,
    MAX_NOTE_SIGNATURES,
    NoteVerifier,
    SignedNote,
    note_key_id,
    parse_verifier_key,
    sign_note,
)
from didkit_shebao.errors import (
    InvalidSignatureError,
    MalformedInputError,
    MalformedVerificationInputError,
    UnsupportedError,
    VerificationError,
)

# Source: golang.org/x/mod/sumdb/note, note_test.go / example_test.go (the
# reference implementation of c2sp.org/signed-note): the PeterNeumann key pair,
# text and signature, and the EnochRoot key generated from an all-zero seed.
PETER_SKEY = "PRIVATE+KEY+PeterNeumann+c74f20a3+AYEKFALVFGyNhPJEMzD1QIDr+Y7hfZx09iUvxdXHKDFz"
PETER_VKEY = "PeterNeumann+c74f20a3+ARpc2QcUPDhMQegwxbzhKqiBfsVkmqq/LDE4izWy10TW"
PETER_TEXT = (
    "If you think cryptography is the answer to your problem,\n"
    "then you don't know what your problem is.\n"
)
PETER_NOTE = (
    PETER_TEXT + "\n"
    "\u2014 PeterNeumann x08go/ZJkuBS9UG/SffcvIAQxVBtiFupLLr8pAcElZInNIuGUgYN1FFYC2pZSNXgKvqfq"
    "dngotpRZb6KE6RyyBwJnAM=\n"
)
ENOCH_VKEY = "EnochRoot+af0cfe78+ATtqJ7zOtqQtYqOo0CpvDXNlMhV3HeJDpjrASKGLWdop"

LOG_KEY = ds.Ed25519Key.from_seed(hashlib.sha256(b"test log key").digest())
ORIGIN = "rs.example.gov.cn/anchors"
ROOT = hashlib.sha256(b"root").digest()


def _peter_key() -> ds.Ed25519Key:
    raw = base64.b64decode(PETER_SKEY.split("+", 4)[4])
    assert raw[0] == 1  # Ed25519 signature type
    return ds.Ed25519Key.from_seed(raw[1:])


# -- signed-note vectors --------------------------------------------------------


def test_sign_reproduces_go_note() -> None:
    """Signing the PeterNeumann text gives the reference note byte for byte."""
    note = sign_note(PETER_TEXT, _peter_key(), name="PeterNeumann")
    assert note.to_text() == PETER_NOTE


def test_verifier_key_and_key_id() -> None:
    """Verifier-key text and key ID (SHA-256(name || 0x0A || 0x01 || key)[:4]) match."""
    key = _peter_key()
    assert ds.format_verifier_key("PeterNeumann", key) == PETER_VKEY
    assert note_key_id("PeterNeumann", key.public_key).hex() == "c74f20a3"
    parsed = parse_verifier_key(PETER_VKEY)
    assert parsed.name == "PeterNeumann"
    assert parsed.public_key == key.public_key
    assert parsed.to_text() == PETER_VKEY
    assert ds.format_verifier_key("EnochRoot", ds.Ed25519Key.from_seed(bytes(32))) == ENOCH_VKEY


def test_open_go_note() -> None:
    """The reference note verifies with its verifier key; text and key ID come back."""
    note = SignedNote.from_text(PETER_NOTE)
    assert note.text == PETER_TEXT
    assert note.signatures[0].key_id.hex() == "c74f20a3"
    signed = note.verify([parse_verifier_key(PETER_VKEY)])
    assert signed[0].name == "PeterNeumann"


def test_unknown_signatures_are_ignored() -> None:
    """A signature by an unknown key is skipped; one by no known key rejects the note."""
    enoch = ds.Ed25519Key.from_seed(bytes(32))
    cosigned = SignedNote.from_text(
        PETER_NOTE + sign_note(PETER_TEXT, enoch, name="EnochRoot").signatures[0].to_line()
    )
    assert len(cosigned.signatures) == 2
    assert [v.name for v in cosigned.verify([parse_verifier_key(PETER_VKEY)])] == ["PeterNeumann"]
    with pytest.raises(InvalidSignatureError):
        cosigned.verify([NoteVerifier.for_key("Someone", LOG_KEY)])
    # Same name, other key: the key ID differs, so it is an unknown key.
    with pytest.raises(InvalidSignatureError):
        SignedNote.from_text(PETER_NOTE).verify([NoteVerifier.for_key("PeterNeumann", LOG_KEY)])


def test_known_key_bad_signature_rejects() -> None:
    """A known key whose signature fails rejects the note."""
    tampered = PETER_NOTE.replace("cryptography", "cryptographY")
    with pytest.raises(InvalidSignatureError):
        SignedNote.from_text(tampered).verify([parse_verifier_key(PETER_VKEY)])


@pytest.mark.parametrize(
    "vkey",
    [
        "PeterNeumann+c74f20a4+ARpc2QcUPDhMQegwxbzhKqiBfsVkmqq/LDE4izWy10TW",  # wrong id
        "PeterNeumann+c74f20a3+ARpc2QcUPDhMQegwxbzhKqiBfsVkmqq/LDE4izWy10T",  # short
        "PeterNeumann+C74F20A3+ARpc2QcUPDhMQegwxbzhKqiBfsVkmqq/LDE4izWy10TW",  # upper hex
        "Peter Neumann+c74f20a3+ARpc2QcUPDhMQegwxbzhKqiBfsVkmqq/LDE4izWy10TW",  # space
        "PeterNeumann+c74f20a3",
        "+c74f20a3+ARpc2QcUPDhMQegwxbzhKqiBfsVkmqq/LDE4izWy10TW",
    ],
)
def test_mangled_verifier_keys_rejected(vkey: str) -> None:
    """Mangled verifier keys are refused."""
    with pytest.raises(MalformedInputError):
        parse_verifier_key(vkey)


def test_non_ed25519_verifier_key_unsupported() -> None:
    """Signature types other than 0x01 are refused with UnsupportedError."""
    data = base64.b64encode(b"\x02" + bytes(32)).decode()
    with pytest.raises(UnsupportedError):
        parse_verifier_key(f"x+00000000+{data}")
    with pytest.raises(UnsupportedError):
        NoteVerifier.for_key("x", ds.P256Key.generate())


@pytest.mark.parametrize(
    "note",
    [
        PETER_TEXT + "\u2014 PeterNeumann AAAA\n",  # no blank line
        PETER_NOTE[:-1],  # no final newline
        PETER_TEXT + "\n",  # no signature
        PETER_TEXT + "\n- PeterNeumann AAAAAAAA\n",  # hyphen, not em dash
        PETER_TEXT + "\n\u2014 PeterNeumann\n",  # no signature part
        PETER_TEXT + "\n\u2014 PeterNeumann AAAA\n",  # too short
        PETER_TEXT + "\n\u2014 PeterNeumann AAAAAAAA=\n",  # bad padding
        "a\tb\n\n\u2014 PeterNeumann AAAAAAAA\n",  # control character
    ],
)
def test_malformed_notes_rejected(note: str) -> None:
    """Structural errors are MalformedInputError."""
    with pytest.raises(MalformedInputError):
        SignedNote.from_text(note)


def test_note_text_may_hold_blank_lines() -> None:
    """The last blank line separates text and signatures."""
    text = "first\n\nsecond\n"
    note = sign_note(text, LOG_KEY, name="k")
    parsed = SignedNote.from_text(note.to_text())
    assert parsed.text == text
    parsed.verify([NoteVerifier.for_key("k", LOG_KEY)])


# -- checkpoints ----------------------------------------------------------------


def test_checkpoint_format() -> None:
    """The note text is origin, decimal size, base64 root; signed under the origin."""
    cp = ds.Checkpoint.create(origin=ORIGIN, tree_size=20852163, root=ROOT, key=LOG_KEY)
    note = cp.to_note()
    text, _, sigs = note.partition("\n\n")
    assert text.split("\n") == [ORIGIN, "20852163", base64.b64encode(ROOT).decode()]
    assert sigs.startswith(f"\u2014 {ORIGIN} ")
    parsed = ds.Checkpoint.from_note(note)
    assert parsed == cp
    assert parsed.to_note() == note
    assert ds.verify_checkpoint(note, log_key=LOG_KEY.public_jwk) == cp


def test_checkpoint_spec_example_parses() -> None:
    """The c2sp.org/tlog-checkpoint example parses (its key is not published, so no verify)."""
    # Source: c2sp.org/tlog-checkpoint, the example at the top of the spec.
    note = (
        "example.com/behind-the-sofa\n20852163\nCsUYapGGPo4dkMgIAUqom/Xajj7h2fB2MPA3j2jxq2I=\n\n"
        "\u2014 example.com/behind-the-sofa Az3grlgtzPICa5OS8npVmf1Myq/5IZniMp+ZJurmRDeOoRDe4URY"
        "N7u5/Zhcyv2q1gGzGku9nTo+zyWE+xeMcTOAYQ8=\n"
    )
    cp = ds.Checkpoint.from_note(note)
    assert (cp.origin, cp.tree_size) == ("example.com/behind-the-sofa", 20852163)
    assert cp.root == base64.b64decode("CsUYapGGPo4dkMgIAUqom/Xajj7h2fB2MPA3j2jxq2I=")
    assert cp.to_note() == note
    with pytest.raises(InvalidSignatureError):
        ds.verify_checkpoint(note, log_key=LOG_KEY)


def test_checkpoint_log_key_forms() -> None:
    """The log key may be a key, public key, JWK, multibase or verifier-key string."""
    note = ds.Checkpoint.create(origin=ORIGIN, tree_size=5, root=ROOT, key=LOG_KEY).to_note()
    for form in (
        LOG_KEY,
        LOG_KEY.public_key,
        LOG_KEY.public_jwk,
        LOG_KEY.public_multibase,
        ds.format_verifier_key(ORIGIN, LOG_KEY),
    ):
        assert ds.verify_checkpoint(note, log_key=form).tree_size == 5


def test_checkpoint_tamper_probes() -> None:
    """Changed size, root, origin, or another key: InvalidSignatureError."""
    cp = ds.Checkpoint.create(origin=ORIGIN, tree_size=5, root=ROOT, key=LOG_KEY)
    note = cp.to_note()
    other_root = base64.b64encode(hashlib.sha256(b"other").digest()).decode()
    for bad in (
        note.replace("\n5\n", "\n6\n", 1),
        note.replace(base64.b64encode(ROOT).decode(), other_root, 1),
    ):
        with pytest.raises(InvalidSignatureError):
            ds.verify_checkpoint(bad, log_key=LOG_KEY)
    with pytest.raises(InvalidSignatureError):
        ds.verify_checkpoint(note, log_key=ds.Ed25519Key.generate())
    with pytest.raises(InvalidSignatureError):
        ds.verify_checkpoint(note, log_key=LOG_KEY, origin="other.example/log")
    renamed = note.replace(ORIGIN, "other.example/log")
    with pytest.raises(InvalidSignatureError):
        ds.verify_checkpoint(renamed, log_key=LOG_KEY)
    sig_line = note.rsplit("\n", 2)[1]
    flipped = sig_line[:-3] + ("A" if sig_line[-3] != "A" else "B") + sig_line[-2:]
    with pytest.raises((InvalidSignatureError, MalformedVerificationInputError)):
        ds.verify_checkpoint(note.replace(sig_line, flipped), log_key=LOG_KEY)


@pytest.mark.parametrize(
    "text",
    [
        "o\n05\n{root}\n",  # leading zero
        "o\n+5\n{root}\n",
        "o\n5\n",  # two lines
        "o\n5\n{root}\n\nextension\n",  # empty extension line inside the text
        "o\n5\nAAAA\n",  # root too short
        "o o\n5\n{root}\n",  # space in origin
        "o\n18446744073709551616\n{root}\n",  # 2^64
    ],
)
def test_malformed_checkpoints(text: str) -> None:
    """Checkpoint text that breaks tlog-checkpoint rules is MalformedInputError."""
    body = text.format(root=base64.b64encode(ROOT).decode())
    note = body + "\n" + "\u2014 o " + base64.b64encode(bytes(68)).decode() + "\n"
    with pytest.raises(MalformedInputError):
        ds.Checkpoint.from_note(note)


def test_extension_lines_are_signed_and_kept() -> None:
    """Extension lines round-trip and are covered by the signature."""
    body = ds.Checkpoint(origin=ORIGIN, tree_size=3, root=ROOT, extensions=("ext one",))
    note = sign_note(body.text(), LOG_KEY, name=ORIGIN)
    cp = ds.verify_checkpoint(note.to_text(), log_key=LOG_KEY)
    assert cp.extensions == ("ext one",)
    with pytest.raises(InvalidSignatureError):
        ds.verify_checkpoint(note.to_text().replace("ext one", "ext two"), log_key=LOG_KEY)


def test_non_canonical_base64_rejected() -> None:
    """A root whose base64 has non-zero padding bits (same bytes, other spelling) is refused."""
    cp = ds.Checkpoint.create(origin=ORIGIN, tree_size=5, root=bytes(32), key=LOG_KEY)
    note = cp.to_note()
    canonical = base64.b64encode(bytes(32)).decode()
    assert canonical.endswith("AA=")
    other = canonical[:-2] + "B="  # decodes to the same 32 bytes
    assert base64.b64decode(other) == bytes(32)
    with pytest.raises(MalformedInputError):
        ds.Checkpoint.from_note(note.replace(canonical, other))


@settings(max_examples=60, deadline=None)
@given(
    st.text(
        alphabet=st.characters(
            blacklist_categories=("Cs", "Cc", "Zs", "Zl", "Zp"), blacklist_characters="+"
        ),
        min_size=1,
        max_size=40,
    ).filter(lambda s: not any(c.isspace() for c in s)),
    st.integers(0, 2**64 - 1),
    st.binary(min_size=32, max_size=32),
)
def test_checkpoint_round_trip(origin: str, size: int, root: bytes) -> None:
    """Any valid checkpoint parses back to itself and re-serializes to the same bytes."""
    cp = ds.Checkpoint.create(origin=origin, tree_size=size, root=root, key=LOG_KEY)
    note = cp.to_note()
    parsed = ds.Checkpoint.from_note(note)
    assert parsed == cp
    assert parsed.to_note() == note
    assert ds.verify_checkpoint(note, log_key=LOG_KEY.public_key) == cp


def test_every_single_character_change_is_rejected() -> None:
    """Any one-character change of a signed checkpoint fails verification."""
    note = ds.Checkpoint.create(origin=ORIGIN, tree_size=1234, root=ROOT, key=LOG_KEY).to_note()
    for pos, ch in enumerate(note):
        tampered = note[:pos] + chr(ord(ch) ^ 1) + note[pos + 1 :]
        with pytest.raises(VerificationError):
            ds.verify_checkpoint(tampered, log_key=LOG_KEY)


@settings(max_examples=150, deadline=None)
@given(
    st.from_regex(r"[a-z0-9./_-]{1,30}", fullmatch=True),
    st.integers(0, 2**64 - 1),
    st.binary(min_size=32, max_size=32),
    st.data(),
)
def test_fast_and_general_parsers_agree(
    origin: str, size: int, root: bytes, data: st.DataObject
) -> None:
    """The one-step parser for the common checkpoint shape accepts and rejects exactly what
    the general signed-note parser does, and builds the same checkpoint."""
    note = ds.Checkpoint.create(origin=origin, tree_size=size, root=root, key=LOG_KEY).to_note()
    pos = data.draw(st.integers(0, len(note) - 1))
    replacement = data.draw(
        st.sampled_from(["", "0", "=", "A", "B", "+", " ", "\n", "\t", "é", "\u2014", "\ud800"])
    )
    for candidate in (note, note[:pos] + replacement + note[pos + 1 :]):
        outcomes = []
        for parse in (ds.Checkpoint.from_note, ds.Checkpoint._parse_general):
            try:
                outcomes.append(parse(candidate))
            except MalformedInputError:
                outcomes.append(None)
        assert outcomes[0] == outcomes[1]
    assert ds.Checkpoint.from_note(note) == ds.Checkpoint._parse_general(note)


def test_edge_cases_of_notes_and_checkpoints() -> None:
    """Wrong types, oversize notes, unsigned shapes: each a specific, catchable error."""
    with pytest.raises(MalformedInputError):
        parse_verifier_key(42)  # type: ignore[arg-type]
    with pytest.raises(MalformedInputError):
        SignedNote.from_text(42)  # type: ignore[arg-type]
    with pytest.raises(MalformedInputError):
        SignedNote.from_text("x" * 70_000 + "\n\n\u2014 k AAAA\n")
    with pytest.raises(MalformedInputError):
        SignedNote.from_text("中" * 30_000 + "\n\n\u2014 k AAAA\n")  # 90,000 bytes
    with pytest.raises(UnsupportedError):
        sign_note(PETER_TEXT, ds.P256Key.generate(), name="k")  # type: ignore[arg-type]
    with pytest.raises(MalformedInputError):
        sign_note("no final newline", LOG_KEY, name="k")
    with pytest.raises(MalformedInputError):
        ds.Checkpoint(origin=ORIGIN, tree_size=-1, root=ROOT).to_note()
    with pytest.raises(MalformedInputError):
        ds.Checkpoint(origin=ORIGIN, tree_size=1, root=b"short").to_note()
    with pytest.raises(MalformedVerificationInputError):
        ds.verify_checkpoint(42, log_key=LOG_KEY)  # type: ignore[arg-type]
    cp = ds.Checkpoint.create(origin=ORIGIN, tree_size=9, root=ROOT, key=LOG_KEY)
    assert cp.verify(LOG_KEY.public_key) == cp


# -- size caps at their boundaries -------------------------------------------------------


def _note_of_size(size: int, *, wide: bool = False) -> str:
    """A note signed by LOG_KEY whose text form is exactly *size* UTF-8 bytes."""
    overhead = len(sign_note("\n", LOG_KEY, name=ORIGIN).to_text().encode()) - 1
    body = size - overhead - 1  # the body's bytes, before its final newline
    # With *wide*, 3-byte characters topped up with ASCII.
    text = ("字" * (body // 3) + "a" * (body % 3) if wide else "a" * body) + "\n"
    note = sign_note(text, LOG_KEY, name=ORIGIN).to_text()
    assert len(note.encode()) == size
    return note


@pytest.mark.parametrize("wide", [False, True])
def test_note_size_cap_at_the_boundary(wide: bool) -> None:
    """A note of MAX_NOTE_BYTES bytes parses and verifies; one byte more is refused."""
    verifier = NoteVerifier.for_key(ORIGIN, LOG_KEY.public_key)
    note = SignedNote.from_text(_note_of_size(MAX_NOTE_BYTES, wide=wide))
    assert note.verify([verifier]) == (verifier,)
    with pytest.raises(MalformedInputError, match=f"larger than {MAX_NOTE_BYTES} bytes"):
        SignedNote.from_text(_note_of_size(MAX_NOTE_BYTES + 1, wide=wide))


def test_note_signature_line_cap_at_the_boundary() -> None:
    """MAX_NOTE_SIGNATURES signature lines (others' keys are ignored) verify; one more is
    refused."""
    text = "rs.example.gov.cn/anchors\n1\n" + base64.b64encode(ROOT).decode() + "\n"
    own = sign_note(text, LOG_KEY, name=ORIGIN).signatures
    others = tuple(
        sign_note(text, ds.Ed25519Key.from_seed(bytes([i]) * 32), name=f"witness{i}").signatures[0]
        for i in range(MAX_NOTE_SIGNATURES)
    )
    verifier = NoteVerifier.for_key(ORIGIN, LOG_KEY.public_key)
    at_cap = SignedNote(text, own + others[: MAX_NOTE_SIGNATURES - 1]).to_text()
    assert SignedNote.from_text(at_cap).verify([verifier]) == (verifier,)
    over = SignedNote(text, own + others).to_text()
    with pytest.raises(MalformedInputError, match=f"1 to {MAX_NOTE_SIGNATURES} signature lines"):
        SignedNote.from_text(over)
