"""Nothing but ShebaoError escapes the public API, whatever the input (DESIGN.md §8).

Hypothesis feeds arbitrary JSON values, text, bytes, wrongly typed arguments
and mutated valid artifacts to every public parser and verifier. A parser may
succeed or raise a ``ShebaoError``. A verifier must refuse junk and tampered
input with a ``VerificationError``; where a change can be harmless (whitespace
in JSON, an option left at its default), it may instead return exactly the
result the genuine input verifies to. Artifacts that are correctly signed but
carry arbitrary content may verify, and then the result must report exactly
what was signed. Any other exception (TypeError, KeyError, AttributeError,
RecursionError, ...) fails the test.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import didkit_shebao as ds
from didkit_shebao import keystore, shebao
from didkit_shebao._encoding import b64url_encode
from didkit_shebao._jws import parse_jws, sign_jws
from didkit_shebao.anchor.merkle import leaf_hash
from didkit_shebao.cli import main
from didkit_shebao.errors import ShebaoError, VerificationError
from didkit_shebao.sdjwt.disclosure import digest as disclosure_digest

NOW = datetime(2026, 1, 10, tzinfo=UTC)
ISSUER_KEY = ds.Ed25519Key.from_seed(hashlib.sha256(b"fuzz issuer").digest())
ISSUER = ds.did_key(ISSUER_KEY)
VM = f"{ISSUER}#{ISSUER_KEY.public_multibase}"
HOLDER_KEY = ds.P256Key.generate()
LOG_KEY = ds.Ed25519Key.from_seed(hashlib.sha256(b"fuzz log").digest())
RESOLVER = ds.DIDResolver()

EXAMPLES = settings(max_examples=60, deadline=None)
FEW = settings(max_examples=25, deadline=None)

# -- strategies ------------------------------------------------------------

scalars = (
    st.none()
    | st.booleans()
    | st.integers()
    | st.floats(allow_nan=True, allow_infinity=True)
    | st.text(max_size=16)
    | st.sampled_from(["\ud800", "a\udfffb", "\x00"])  # lone surrogates: legal JSON escapes
)
json_like = st.recursive(
    scalars,
    lambda inner: (
        st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=8), inner, max_size=4)
    ),
    max_leaves=12,
)
junk = json_like | st.binary(max_size=40) | st.just(object()) | st.just(b"\xff\xfe")
"""Anything a caller might pass by mistake, wrong types included."""


def _credential() -> dict[str, Any]:
    return ds.issue_credential(
        {
            "@context": ["https://www.w3.org/ns/credentials/v2"],
            "type": ["VerifiableCredential"],
            "issuer": ISSUER,
            "validFrom": "2025-01-01T00:00:00Z",
            "credentialSubject": {"id": "did:example:holder", "name": "王小明"},
        },
        key=ISSUER_KEY,
        verification_method=VM,
        created=NOW - timedelta(days=1),
    )


CREDENTIAL = _credential()
CREDENTIAL_TEXT = json.dumps(CREDENTIAL, separators=(",", ":"), ensure_ascii=False)
PRESENTATION = ds.create_presentation(
    [CREDENTIAL],
    holder=ISSUER,
    key=ISSUER_KEY,
    verification_method=VM,
    challenge="n-1",
    domain="verifier.example",
    created=NOW - timedelta(minutes=1),
)
PRESENTATION_TEXT = json.dumps(PRESENTATION, separators=(",", ":"), ensure_ascii=False)
SD_JWT = ds.issue_sd_jwt(
    {"given_name": "小明", "birthdate": "1990-01-01", "address": {"city": "北京"}},
    key=ISSUER_KEY,
    issuer=ISSUER,
    disclosable=["/given_name", "/birthdate", "/address/city"],
    holder_key=HOLDER_KEY.public_jwk,
    issued_at=NOW - timedelta(minutes=5),
)
SD_JWT_KB = ds.present_sd_jwt(
    SD_JWT,
    disclose=["/given_name"],
    holder_key=HOLDER_KEY,
    nonce="n-1",
    audience="verifier.example",
    issuer_key=ISSUER_KEY.public_jwk,
    now=NOW - timedelta(minutes=1),
)
DIGESTS = [hashlib.sha256(bytes([i])).digest() for i in range(5)]


def _receipts() -> list[ds.Receipt]:
    anchorer = ds.Anchorer(ds.MemoryLedger(), log_key=LOG_KEY, origin="fuzz.example/log")
    for d in DIGESTS:
        anchorer.submit(d)
    return anchorer.flush()


RECEIPT_TEXT = _receipts()[2].to_text()

# What the genuine inputs verify to: a harmless change must give exactly these.
VERIFIED_CREDENTIAL = ds.verify_credential(
    CREDENTIAL, resolver=RESOLVER, now=NOW, check_status=False
)
VERIFIED_PROOF = ds.verify_proof(CREDENTIAL, resolver=RESOLVER, now=NOW)
VERIFIED_PRESENTATION = ds.verify_presentation(
    PRESENTATION, challenge="n-1", domain="verifier.example", now=NOW, check_status=False
)
VERIFIED_SD_JWT = ds.verify_sd_jwt(
    SD_JWT_KB, nonce="n-1", audience="verifier.example", issuer_key=ISSUER_KEY.public_jwk, now=NOW
)
VERIFIED_RECEIPT = ds.verify_receipt(RECEIPT_TEXT, DIGESTS[2], log_key=LOG_KEY)


def _same_tree_head(result: Any) -> bool:
    """The receipt fields the log signed (the extra line with its anchors is not signed)."""
    fields = ("origin", "index", "tree_size", "root", "leaf_hash", "checkpoint")
    return all(getattr(result, f) == getattr(VERIFIED_RECEIPT, f) for f in fields)


def mutate(text: str) -> st.SearchStrategy[str]:
    """A single-character substitution, insertion or deletion of *text*."""
    alphabet = st.sampled_from([*'"{}[],:~.0aZ_-=\\ \n\x00é字', "\ud800"])
    pos = st.integers(min_value=0, max_value=len(text) - 1)
    return st.one_of(
        st.builds(lambda i, c: text[:i] + c + text[i + 1 :], pos, alphabet),
        st.builds(lambda i, c: text[:i] + c + text[i:], pos, alphabet),
        st.builds(lambda i: text[:i] + text[i + 1 :], pos),
    )


def _bilingual(exc: ShebaoError | None) -> None:
    if exc is not None:
        assert exc.message, repr(exc)
        assert exc.message_zh, repr(exc)


def only_shebao(fn: Callable[[], object]) -> None:
    """Run parser *fn*; it may return, or raise a ShebaoError with a bilingual message."""
    raised: ShebaoError | None = None
    try:
        fn()
    except ShebaoError as exc:
        raised = exc
    _bilingual(raised)


def refused(fn: Callable[[], object], *, unless: Callable[[Any], bool] | None = None) -> None:
    """Run verifier *fn* on junk or tampered input: it raises a VerificationError with a
    bilingual message or, where the change can be harmless, returns a result *unless* accepts
    (the genuine input's result, or exactly what was signed). Any other outcome fails."""
    try:
        result = fn()
    except VerificationError as exc:
        _bilingual(exc)
        return
    assert unless is not None, f"accepted: {result!r}"
    assert unless(result), f"accepted with another result: {result!r}"


def same_as(expected: object) -> Callable[[Any], bool]:
    """Accept a result only when it equals *expected*."""
    return lambda result: bool(result == expected)


def _json(value: Any) -> str:
    """One spelling per JSON value (verified results hold read-only mappings)."""
    return json.dumps(value, sort_keys=True, ensure_ascii=True, default=dict)


# -- W3C Data Integrity ----------------------------------------------------


@EXAMPLES
@given(junk | mutate(CREDENTIAL_TEXT))
def test_verify_credential_any_input(value: Any) -> None:
    refused(
        lambda: ds.verify_credential(value, resolver=RESOLVER, now=NOW, check_status=False),
        unless=same_as(VERIFIED_CREDENTIAL),
    )


@FEW
@given(junk)
def test_verify_credential_junk_options(value: Any) -> None:
    same = same_as(VERIFIED_CREDENTIAL)
    refused(lambda: ds.verify_credential(CREDENTIAL, resolver=value, now=NOW), unless=same)
    refused(lambda: ds.verify_credential(CREDENTIAL, now=value), unless=same)
    refused(lambda: ds.verify_credential(CREDENTIAL, contexts=value, now=NOW), unless=same)


@EXAMPLES
@given(junk | mutate(CREDENTIAL_TEXT).map(lambda t: _loads(t)))
def test_verify_proof_any_input(value: Any) -> None:
    refused(
        lambda: ds.verify_proof(value, resolver=RESOLVER, now=NOW),
        unless=same_as(VERIFIED_PROOF),
    )


@FEW
@given(junk)
def test_verify_proof_junk_options(value: Any) -> None:
    same = same_as(VERIFIED_PROOF)
    refused(lambda: ds.verify_proof(CREDENTIAL, expected_proof_purpose=value), unless=same)
    refused(lambda: ds.verify_proof(CREDENTIAL, domain=value, challenge=value), unless=same)


@EXAMPLES
@given(junk | mutate(PRESENTATION_TEXT))
def test_verify_presentation_any_input(value: Any) -> None:
    refused(
        lambda: ds.verify_presentation(
            value, challenge="n-1", domain="verifier.example", now=NOW, check_status=False
        ),
        unless=same_as(VERIFIED_PRESENTATION),
    )


@FEW
@given(junk)
def test_verify_presentation_junk_options(value: Any) -> None:
    refused(
        lambda: ds.verify_presentation(PRESENTATION, challenge=value, domain=value, now=NOW),
        unless=same_as(VERIFIED_PRESENTATION),
    )


def _loads(text: str) -> Any:
    try:
        return json.loads(text)
    except ValueError:
        return text


# -- SD-JWT ----------------------------------------------------------------


@EXAMPLES
@given(junk | mutate(SD_JWT_KB))
def test_verify_sd_jwt_any_input(value: Any) -> None:
    # No character of a compact SD-JWT is free: every change must be refused. (A mutation
    # can redraw the same character.) verify_vc_sd_jwt refuses the genuine token too: it
    # is not a W3C credential.
    genuine = same_as(VERIFIED_SD_JWT) if value == SD_JWT_KB else None
    for fn, same in ((ds.verify_sd_jwt, genuine), (ds.verify_vc_sd_jwt, None)):
        refused(
            lambda fn=fn: fn(
                value,
                nonce="n-1",
                audience="verifier.example",
                issuer_key=ISSUER_KEY.public_jwk,
                now=NOW,
            ),
            unless=same,
        )


@FEW
@given(junk)
def test_verify_sd_jwt_junk_options(value: Any) -> None:
    same = same_as(VERIFIED_SD_JWT)
    refused(lambda: ds.verify_sd_jwt(SD_JWT_KB, nonce=value, audience=value, now=NOW), unless=same)
    refused(
        lambda: ds.verify_sd_jwt(
            SD_JWT_KB, nonce="n-1", audience="verifier.example", issuer_key=value, now=NOW
        ),
        unless=same,
    )
    refused(
        lambda: ds.verify_sd_jwt(
            SD_JWT_KB,
            nonce="n-1",
            audience="verifier.example",
            issuer_key=ISSUER_KEY.public_jwk,
            now=value,
        ),
        unless=same,
    )
    # The token has no status claim: the status source is never asked.
    refused(
        lambda: ds.verify_sd_jwt(
            SD_JWT_KB,
            nonce="n-1",
            audience="verifier.example",
            issuer_key=ISSUER_KEY.public_jwk,
            status=value,
            now=NOW,
        ),
        unless=same,
    )


@EXAMPLES
@given(junk | mutate(SD_JWT), junk)
def test_present_sd_jwt_any_input(sd_jwt: Any, disclose: Any) -> None:
    only_shebao(
        lambda: ds.present_sd_jwt(
            sd_jwt,
            disclose=["/given_name"],
            holder_key=HOLDER_KEY,
            nonce="n",
            audience="a",
            issuer_key=ISSUER_KEY.public_jwk,
            now=NOW,
        )
    )
    only_shebao(
        lambda: ds.present_sd_jwt(
            SD_JWT, disclose=disclose, issuer_key=ISSUER_KEY.public_jwk, now=NOW
        )
    )
    only_shebao(lambda: ds.present_sd_jwt(SD_JWT, disclose=[], holder_key=disclose, nonce="n"))


@EXAMPLES
@given(junk)
def test_sd_jwt_from_json_any_input(value: Any) -> None:
    only_shebao(lambda: ds.sd_jwt_from_json(value))
    if isinstance(value, dict):
        only_shebao(lambda: ds.sd_jwt_from_json(json.dumps(value, default=str)))


# -- status ----------------------------------------------------------------


@EXAMPLES
@given(junk, junk)
def test_status_list_decode_any_input(value: Any, bits: Any) -> None:
    only_shebao(lambda: ds.StatusList.decode(value))
    only_shebao(
        lambda: ds.StatusList.decode(
            "uH4sIAAAAAAAAA-3BMQEAAADCoPVPbQwfoAAAAAAAAAAAAAAAAAAAAIC3AYbSVKsAQAAA", bits=bits
        )
    )


STATUS_ENTRY = {
    "id": "https://status.example/1#5",
    "type": "BitstringStatusListEntry",
    "statusPurpose": "revocation",
    "statusListIndex": "5",
    "statusListCredential": "https://status.example/1",
}


@EXAMPLES
@given(junk, junk)
def test_check_status_with_junk_source(body: Any, entry: Any) -> None:
    def source(url: str) -> Any:
        return body

    # No junk body is a list signed by ISSUER, so every check is refused; only an absent
    # entry (credentialStatus null or []) means there is no status to check.
    cred = {**CREDENTIAL, "credentialStatus": STATUS_ENTRY}
    refused(
        lambda: ds.check_credential_status(
            cred, status=source, issuer=ISSUER, now=NOW, resolver=RESOLVER
        )
    )
    refused(
        lambda: ds.check_credential_status(
            {**CREDENTIAL, "credentialStatus": entry},
            status=source,
            issuer=ISSUER,
            now=NOW,
            resolver=RESOLVER,
        ),
        unless=lambda result: entry in (None, []) and result == (),
    )
    refused(
        lambda: ds.check_token_status(
            {"status_list": {"idx": 3, "uri": "https://status.example/t"}},
            status=source,
            issuer=ISSUER,
            now=NOW,
            resolver=RESOLVER,
        )
    )
    refused(
        lambda: ds.check_token_status(
            entry, status=source, issuer=ISSUER, now=NOW, resolver=RESOLVER
        )
    )


# -- anchoring -------------------------------------------------------------


@EXAMPLES
@given(junk | mutate(RECEIPT_TEXT))
def test_receipts_any_input(value: Any) -> None:
    only_shebao(lambda: ds.Receipt.from_text(value))
    refused(lambda: ds.verify_receipt(value, DIGESTS[2], log_key=LOG_KEY), unless=_same_tree_head)


@FEW
@given(junk)
def test_verify_receipt_junk_options(value: Any) -> None:
    same = same_as(VERIFIED_RECEIPT)
    refused(lambda: ds.verify_receipt(RECEIPT_TEXT, value, log_key=LOG_KEY), unless=same)
    refused(lambda: ds.verify_receipt(RECEIPT_TEXT, DIGESTS[2], log_key=value), unless=same)
    refused(
        lambda: ds.verify_receipt(RECEIPT_TEXT, DIGESTS[2], log_key=LOG_KEY, origin=value),
        unless=same,
    )


ROOT5 = ds.merkle_root(DIGESTS)
ROOT3 = ds.merkle_root(DIGESTS[:3])


@EXAMPLES
@given(junk, junk, junk, st.lists(junk, max_size=4) | junk)
def test_merkle_verifiers_any_input(a: Any, b: Any, c: Any, proof: Any) -> None:
    good_inc = ds.inclusion_proof(DIGESTS, 2)
    good_con = ds.consistency_proof(DIGESTS, 3)
    leaf = same_as(leaf_hash(DIGESTS[2]))
    root = same_as(ROOT5)
    refused(lambda: ds.verify_inclusion(DIGESTS[2], 2, 5, proof, ROOT5), unless=leaf)
    refused(lambda: ds.verify_inclusion(a, b, c, good_inc, ROOT5), unless=leaf)
    refused(lambda: ds.verify_inclusion(DIGESTS[2], 2, 5, good_inc, a), unless=leaf)
    refused(lambda: ds.verify_consistency(3, 5, proof, ROOT3, ROOT5), unless=root)
    refused(lambda: ds.verify_consistency(a, b, good_con, ROOT3, ROOT5), unless=root)
    refused(lambda: ds.verify_consistency(3, 5, good_con, c, a), unless=root)


@EXAMPLES
@given(junk)
def test_ledger_ref_from_json_any_input(value: Any) -> None:
    only_shebao(lambda: ds.LedgerRef.from_json(value))
    if isinstance(value, dict):
        good = {"ledger": "memory:x", "root": "00" * 32, "treeSize": 1}
        only_shebao(lambda: ds.LedgerRef.from_json({**good, **value}))


# -- keys and DIDs ---------------------------------------------------------


@EXAMPLES
@given(junk)
def test_key_parsers_any_input(value: Any) -> None:
    only_shebao(lambda: ds.key_from_jwk(value))
    if isinstance(value, dict):
        for base in (ISSUER_KEY.private_jwk, HOLDER_KEY.private_jwk):
            only_shebao(lambda base=base: ds.key_from_jwk({**base, **value}))
    only_shebao(lambda: ds.key_from_multibase(value))
    only_shebao(lambda: ds.public_key_from_multibase(value))
    only_shebao(lambda: ds.did_key(value))
    only_shebao(lambda: ds.did_jwk(value))
    only_shebao(lambda: ds.resolve_did(value))


@EXAMPLES
@given(junk, junk | mutate("did:web:example.com:issuers:1"))
def test_did_resolver_with_junk_fetcher(body: Any, did: Any) -> None:
    resolver = ds.DIDResolver(web_fetcher=lambda url: body)
    only_shebao(lambda: resolver.resolve("did:web:example.com"))
    only_shebao(lambda: resolver.resolve(did))
    only_shebao(lambda: resolver.resolve("did:web:example.com", at=body))
    if isinstance(body, (dict, list)):
        only_shebao(lambda: resolver.resolve("did:web:example.com", at=NOW))


ENCRYPTED = keystore.encrypt_key(ISSUER_KEY, "pass", opslimit=1, memlimit=8192)
ENCRYPTED_TEXT = ENCRYPTED.decode()


@FEW
@given(junk | mutate(ENCRYPTED_TEXT), junk)
def test_keystore_decrypt_any_input(data: Any, passphrase: Any) -> None:
    only_shebao(lambda: keystore.decrypt_key(data, "pass"))
    only_shebao(lambda: keystore.decrypt_key(ENCRYPTED_TEXT, passphrase))


# -- domain ----------------------------------------------------------------


@EXAMPLES
@given(junk | mutate("11010519491231002X") | mutate("91350100M000100Y43"))
def test_domain_validators_any_input(value: Any) -> None:
    only_shebao(lambda: shebao.validate_citizen_id(value))
    only_shebao(lambda: shebao.validate_citizen_id("11010519491231002X", as_of=value))
    only_shebao(lambda: shebao.validate_uscc(value))
    only_shebao(lambda: shebao.validate_credential(value))
    only_shebao(lambda: shebao.validate_sd_jwt_claims(value, vct=shebao.INSURANCE_STATUS_VCT))
    only_shebao(lambda: shebao.validate_sd_jwt_claims({}, vct=value))


# -- command line ----------------------------------------------------------

CLI_COMMANDS = [
    ["verify"],
    ["verify", "--nonce", "n", "--audience", "a"],
    ["did", "key", "--key"],
    ["present", "--holder-key", "{f}", "--disclose", "/a", "--nonce", "n", "--audience", "a"],
    ["issue", "--key"],
    ["issue", "--format", "sd-jwt", "--key", "{f}"],
    ["status", "show", "{f}", "3"],
    ["status", "allocate"],
    ["status", "revoke", "{f}", "1"],
    [
        "status",
        "publish",
        "--key",
        "{f}",
        "--id",
        "https://s.example/1",
        "--purpose",
        "revocation",
    ],
    ["anchor", "verify", "--log-key", "{f}", "{f}"],
    ["anchor", "verify", "--log-key", LOG_KEY.public_multibase, "{f}"],
    ["anchor", "audit", "--log-key", LOG_KEY.public_multibase, "--store"],
    ["anchor", "verifier-key", "--origin", "o.example", "--log-key"],
    ["anchor", "submit", "--ledger", "memory:", "--origin", "o.example", "--log-key", "{f}"],
]


@FEW
@given(
    st.binary(max_size=200)
    | json_like.map(lambda v: json.dumps(v).encode())
    | mutate(CREDENTIAL_TEXT).map(lambda t: t.encode("utf-8", "surrogatepass"))
    | mutate(SD_JWT_KB).map(lambda t: t.encode("utf-8", "surrogatepass")),
    st.sampled_from(CLI_COMMANDS),
)
def test_cli_on_junk_files(
    tmp_path_factory: pytest.TempPathFactory, content: bytes, command: list[str]
) -> None:
    path: Path = tmp_path_factory.mktemp("cli") / "junk.json"
    path.write_bytes(content)
    argv = [a.replace("{f}", str(path)) for a in command] + [str(path)]
    try:
        code = main(argv)
    except SystemExit as exc:  # argparse usage errors
        code = exc.code  # type: ignore[assignment]
    assert code in (0, 1, 2)
    if code == 0 and (command[0] == "verify" or command[:2] == ["anchor", "verify"]):
        # Exit 0 from a verifier is acceptance: only a harmless rewrite of the genuine
        # credential (whitespace) may get it.
        assert json.loads(content) == CREDENTIAL, content[:200]


# -- signed junk: well-signed artifacts whose content is arbitrary -------------
#
# Random bytes rarely get past the signature check; these properties sign the
# junk with the right key so that every check behind the signature sees it.


signable = st.recursive(
    st.none()
    | st.booleans()
    | st.integers(min_value=-(2**53) + 1, max_value=2**53 - 1)
    | st.floats(allow_nan=False, allow_infinity=False)
    | st.text(max_size=12)
    | st.sampled_from(["\ud800", "\x00"]),
    lambda inner: (
        st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=6), inner, max_size=3)
    ),
    max_leaves=8,
)
_JWT, *_DISCLOSURES = SD_JWT.rstrip("~").split("~")
_PARSED = parse_jws(_JWT)
_SD_CLAIM_NAMES = sorted({*_PARSED.payload, "exp", "nbf", "aud", "status", "vct", "_sd", "..."})


def _issue_signed(header: dict[str, Any], payload: dict[str, Any], extra: list[str]) -> str:
    return "~".join([sign_jws(header, payload, ISSUER_KEY), *_DISCLOSURES, *extra]) + "~"


def _junk_status_source(body: Any) -> Callable[[str], Any]:
    def fetch(url: str) -> Any:
        return body

    return fetch


@EXAMPLES
@given(
    st.sampled_from(_SD_CLAIM_NAMES),
    signable,
    st.lists(signable, max_size=2),
    st.sampled_from(["typ", "kid", "alg", "crit", "x"]),
    signable,
)
def test_verify_sd_jwt_signed_junk(
    claim: str, value: Any, disclosures: list[Any], header_name: str, header_value: Any
) -> None:
    extra = [b64url_encode(json.dumps(d).encode()) for d in disclosures]
    payload = {**_PARSED.payload, claim: value}
    if extra and isinstance(payload.get("_sd"), list):
        payload["_sd"] = [*payload["_sd"], *(disclosure_digest(e) for e in extra)]

    def signed_as_sent(result: Any) -> bool:
        # Correctly signed junk may verify; then the claim reads exactly as signed.
        if claim in ("_sd", "...", "_sd_alg") or {"_sd", "...", "_sd_alg"} & _keys(value):
            return True  # these steer Disclosure processing; other tests cover them
        return claim in result.claims and _json(result.claims[claim]) == _json(value)

    for header in ({"typ": "sd+jwt"}, {"typ": "dc+sd-jwt", header_name: header_value}):
        try:
            token = _issue_signed(header, payload, extra)
        except ShebaoError:
            continue
        for fn in (ds.verify_sd_jwt, ds.verify_vc_sd_jwt):
            refused(
                lambda fn=fn, token=token: fn(
                    token,
                    nonce=None,
                    audience="verifier.example",
                    require_key_binding=False,
                    issuer_key=ISSUER_KEY.public_jwk,
                    status=_junk_status_source(value),
                    now=NOW,
                ),
                unless=signed_as_sent,
            )
            refused(
                lambda fn=fn, token=token: fn(
                    token, nonce=None, audience=None, require_key_binding=False, now=NOW
                ),
                unless=signed_as_sent,
            )
        only_shebao(
            lambda token=token: ds.present_sd_jwt(
                token, disclose=["/given_name"], issuer_key=ISSUER_KEY.public_jwk, now=NOW
            )
        )


_KB_BASE = parse_jws(SD_JWT_KB.rsplit("~", 1)[1]).payload


def _keys(value: Any) -> set[str]:
    """Every object member name anywhere in *value*."""
    if isinstance(value, dict):
        return set(value).union(*(_keys(v) for v in value.values()))
    if isinstance(value, list):
        return set().union(*(_keys(v) for v in value))
    return set()


@EXAMPLES
@given(st.sampled_from(sorted({*_KB_BASE, "exp", "nbf"})), signable, signable)
def test_verify_sd_jwt_signed_junk_key_binding(claim: str, value: Any, typ: Any) -> None:
    prefix = SD_JWT_KB.rsplit("~", 1)[0] + "~"
    for header in ({"typ": "kb+jwt"}, {"typ": typ}):
        try:
            kb = sign_jws(header, {**_KB_BASE, claim: value}, HOLDER_KEY)
        except ShebaoError:
            continue

        def bound_as_asked(result: Any, header: dict[str, Any] = header) -> bool:
            # The holder signed it, so it may verify: but only as a kb+jwt, for this nonce,
            # audience and presentation; other members may carry any value.
            if header["typ"] != "kb+jwt":
                return False
            if claim in ("nonce", "aud", "sd_hash") and _json(value) != _json(_KB_BASE[claim]):
                return False
            return bool(result.key_binding == {**_KB_BASE, claim: value})

        refused(
            lambda kb=kb: ds.verify_sd_jwt(
                prefix + kb,
                nonce="n-1",
                audience="verifier.example",
                issuer_key=ISSUER_KEY.public_jwk,
                now=NOW,
            ),
            unless=bound_as_asked,
        )


_VC_MEMBERS = sorted(
    {*CREDENTIAL, "validUntil", "credentialStatus", "credentialSchema", "evidence", "holder"}
    - {"proof"}
)


@EXAMPLES
@given(st.sampled_from(_VC_MEMBERS), signable, signable)
def test_verify_credential_signed_junk(member: str, value: Any, body: Any) -> None:
    unsigned = {k: v for k, v in CREDENTIAL.items() if k != "proof"}
    unsigned[member] = value
    try:
        signed_vc = ds.issue_credential(
            unsigned, key=ISSUER_KEY, verification_method=VM, created=NOW - timedelta(days=1)
        )
    except ShebaoError:
        return

    def signed_as_sent(result: Any) -> bool:
        # Signed by the issuer, so it may verify; then it reads exactly as signed.
        return _json(result.credential) == _json(unsigned)

    refused(
        lambda: ds.verify_credential(
            signed_vc, resolver=RESOLVER, now=NOW, status=_junk_status_source(body)
        ),
        unless=signed_as_sent,
    )
    only_shebao(lambda: shebao.validate_credential(signed_vc))
    try:
        vp = ds.create_presentation(
            [signed_vc],
            holder=ISSUER,
            key=ISSUER_KEY,
            verification_method=VM,
            challenge="c",
            domain="d",
            created=NOW,
        )
    except ShebaoError:
        return
    refused(
        lambda: ds.verify_presentation(
            vp, challenge="c", domain="d", now=NOW, status=_junk_status_source(body)
        ),
        unless=lambda result: signed_as_sent(result.credentials[0]),
    )


@EXAMPLES
@given(st.sampled_from(sorted(CREDENTIAL["proof"])), signable)
def test_verify_credential_junk_proof_member(member: str, value: Any) -> None:
    proof = {**CREDENTIAL["proof"], member: value}
    unchanged = _json(value) == _json(CREDENTIAL["proof"][member])
    refused(
        lambda: ds.verify_credential({**CREDENTIAL, "proof": proof}, now=NOW),
        unless=lambda result: unchanged and result == VERIFIED_CREDENTIAL,
    )
    refused(lambda: ds.verify_credential({**CREDENTIAL, "proof": [proof, value]}, now=NOW))


# -- did:web documents and rdfc credentials with junk inside ----------------------

WEB_DID = "did:web:issuer.example"
WEB_DOC = ds.did_web_document(WEB_DID, [ISSUER_KEY])
WEB_VC = ds.issue_credential(
    {
        "@context": ["https://www.w3.org/ns/credentials/v2"],
        "type": ["VerifiableCredential"],
        "issuer": WEB_DID,
        "credentialSubject": {"id": "did:example:holder"},
    },
    key=ISSUER_KEY,
    verification_method=f"{WEB_DID}#key-1",
    created=NOW - timedelta(days=1),
)


def _web_site(document: Any) -> ds.DIDResolver:
    """A resolver whose fetcher serves *document* as did.json and nothing else."""
    return ds.DIDResolver(
        web_fetcher=lambda url: document if url.endswith("/.well-known/did.json") else None
    )


VERIFIED_WEB_VC = ds.verify_credential(WEB_VC, resolver=_web_site(WEB_DOC), now=NOW)


def _replace_at(doc: Any, path: list[int], value: Any) -> Any:
    """*doc* with the node chosen by *path* (indexes into members/items) replaced."""
    if not path or not isinstance(doc, dict | list) or not doc:
        return value
    if isinstance(doc, dict):
        keys = sorted(doc)
        k = keys[path[0] % len(keys)]
        return {**doc, k: _replace_at(doc[k], path[1:], value)}
    i = path[0] % len(doc)
    return [*doc[:i], _replace_at(doc[i], path[1:], value), *doc[i + 1 :]]


@EXAMPLES
@given(st.lists(st.integers(min_value=0, max_value=7), max_size=4), signable)
def test_did_web_document_with_junk_inside(path: list[int], value: Any) -> None:
    document = _replace_at(WEB_DOC, path, value)
    resolver = ds.DIDResolver(web_fetcher=lambda url: document)
    only_shebao(lambda: resolver.resolve(WEB_DID))
    only_shebao(
        lambda: resolver.resolve_verification_method(
            f"{WEB_DID}#key-1", relationship="assertionMethod"
        )
    )
    # Served at every URL, the document is also the (malformed) key history: refused.
    refused(lambda: ds.verify_credential(WEB_VC, resolver=resolver, now=NOW))
    # As did.json alone, a change may leave key-1 and its relationships as they were.
    refused(
        lambda: ds.verify_credential(WEB_VC, resolver=_web_site(document), now=NOW),
        unless=same_as(VERIFIED_WEB_VC),
    )


RDFC_VC = ds.issue_credential(
    {k: v for k, v in CREDENTIAL.items() if k != "proof"},
    key=ISSUER_KEY,
    verification_method=VM,
    cryptosuite="eddsa-rdfc-2022",
    created=NOW - timedelta(days=1),
)
VERIFIED_RDFC_VC = ds.verify_credential(RDFC_VC, now=NOW, check_status=False)


@FEW
@given(st.lists(st.integers(min_value=0, max_value=7), max_size=4), signable, junk)
def test_rdfc_credential_with_junk_inside(path: list[int], value: Any, contexts: Any) -> None:
    document = _replace_at(RDFC_VC, path, value)
    # Any other value signs another dataset; what verifies must read as the genuine one.
    same = same_as(VERIFIED_RDFC_VC)
    refused(lambda: ds.verify_credential(document, now=NOW, check_status=False), unless=same)
    refused(lambda: ds.verify_credential(RDFC_VC, now=NOW, contexts=contexts), unless=same)


_RECEIPT = ds.Receipt.from_text(RECEIPT_TEXT)
CHECKPOINT_TEXT = _RECEIPT.checkpoint.to_note()
VERIFIED_CHECKPOINT = ds.verify_checkpoint(CHECKPOINT_TEXT, log_key=LOG_KEY)


@EXAMPLES
@given(junk | mutate(CHECKPOINT_TEXT), junk, st.lists(junk, max_size=3) | junk)
def test_verify_checkpoint_any_input(value: Any, other: Any, proof: Any) -> None:
    same = same_as(VERIFIED_CHECKPOINT)
    refused(lambda: ds.verify_checkpoint(value, log_key=LOG_KEY), unless=same)
    refused(lambda: ds.verify_checkpoint(CHECKPOINT_TEXT, log_key=other), unless=same)
    refused(
        lambda: ds.verify_checkpoint(CHECKPOINT_TEXT, log_key=LOG_KEY, origin=other), unless=same
    )
    # The checkpoint is consistent with itself only through an empty proof.
    refused(
        lambda: ds.verify_checkpoint_consistency(value, CHECKPOINT_TEXT, proof, log_key=LOG_KEY),
        unless=lambda result: proof == [] and result == VERIFIED_CHECKPOINT,
    )
    refused(
        lambda: ds.verify_checkpoint_consistency(
            CHECKPOINT_TEXT, CHECKPOINT_TEXT, proof, log_key=other
        ),
        unless=lambda result: proof == [] and result == VERIFIED_CHECKPOINT,
    )
