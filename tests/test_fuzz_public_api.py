"""Nothing but ShebaoError escapes the public API, whatever the input (DESIGN.md §8).

Hypothesis feeds arbitrary JSON values, text, bytes, wrongly typed arguments
and mutated valid artifacts to every public parser and verifier. A call may
succeed (a mutation can be harmless) or raise a ``ShebaoError``; every
``verify_*`` may raise only a ``VerificationError``. Any other exception
(TypeError, KeyError, AttributeError, RecursionError, ...) fails the test.
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


def mutate(text: str) -> st.SearchStrategy[str]:
    """A single-character substitution, insertion or deletion of *text*."""
    alphabet = st.sampled_from([*'"{}[],:~.0aZ_-=\\ \n\x00é字', "\ud800"])
    pos = st.integers(min_value=0, max_value=len(text) - 1)
    return st.one_of(
        st.builds(lambda i, c: text[:i] + c + text[i + 1 :], pos, alphabet),
        st.builds(lambda i, c: text[:i] + c + text[i:], pos, alphabet),
        st.builds(lambda i: text[:i] + text[i + 1 :], pos),
    )


def only_shebao(fn: Callable[[], object], *, verify: bool = False) -> None:
    """Run *fn*; it may return, or raise ShebaoError (VerificationError if *verify*)."""
    raised: ShebaoError | None = None
    try:
        fn()
    except ShebaoError as exc:
        raised = exc
    if raised is not None:
        assert not verify or isinstance(raised, VerificationError), repr(raised)
        assert raised.message, repr(raised)
        assert raised.message_zh, repr(raised)


# -- W3C Data Integrity ----------------------------------------------------


@EXAMPLES
@given(junk | mutate(CREDENTIAL_TEXT))
def test_verify_credential_any_input(value: Any) -> None:
    only_shebao(
        lambda: ds.verify_credential(value, resolver=RESOLVER, now=NOW, check_status=False),
        verify=True,
    )


@FEW
@given(junk)
def test_verify_credential_junk_options(value: Any) -> None:
    only_shebao(lambda: ds.verify_credential(CREDENTIAL, resolver=value, now=NOW), verify=True)
    only_shebao(lambda: ds.verify_credential(CREDENTIAL, now=value), verify=True)
    only_shebao(lambda: ds.verify_credential(CREDENTIAL, contexts=value, now=NOW), verify=True)


@EXAMPLES
@given(junk | mutate(CREDENTIAL_TEXT).map(lambda t: _loads(t)))
def test_verify_proof_any_input(value: Any) -> None:
    only_shebao(lambda: ds.verify_proof(value, resolver=RESOLVER, now=NOW), verify=True)


@FEW
@given(junk)
def test_verify_proof_junk_options(value: Any) -> None:
    only_shebao(lambda: ds.verify_proof(CREDENTIAL, expected_proof_purpose=value), verify=True)
    only_shebao(lambda: ds.verify_proof(CREDENTIAL, domain=value, challenge=value), verify=True)


@EXAMPLES
@given(junk | mutate(PRESENTATION_TEXT))
def test_verify_presentation_any_input(value: Any) -> None:
    only_shebao(
        lambda: ds.verify_presentation(
            value, challenge="n-1", domain="verifier.example", now=NOW, check_status=False
        ),
        verify=True,
    )


@FEW
@given(junk)
def test_verify_presentation_junk_options(value: Any) -> None:
    only_shebao(
        lambda: ds.verify_presentation(PRESENTATION, challenge=value, domain=value, now=NOW),
        verify=True,
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
    for fn in (ds.verify_sd_jwt, ds.verify_vc_sd_jwt):
        only_shebao(
            lambda fn=fn: fn(
                value,
                nonce="n-1",
                audience="verifier.example",
                issuer_key=ISSUER_KEY.public_jwk,
                now=NOW,
            ),
            verify=True,
        )


@FEW
@given(junk)
def test_verify_sd_jwt_junk_options(value: Any) -> None:
    only_shebao(
        lambda: ds.verify_sd_jwt(SD_JWT_KB, nonce=value, audience=value, now=NOW), verify=True
    )
    only_shebao(
        lambda: ds.verify_sd_jwt(
            SD_JWT_KB, nonce="n-1", audience="verifier.example", issuer_key=value, now=NOW
        ),
        verify=True,
    )
    only_shebao(
        lambda: ds.verify_sd_jwt(
            SD_JWT_KB,
            nonce="n-1",
            audience="verifier.example",
            issuer_key=ISSUER_KEY.public_jwk,
            now=value,
        ),
        verify=True,
    )
    only_shebao(
        lambda: ds.verify_sd_jwt(
            SD_JWT_KB,
            nonce="n-1",
            audience="verifier.example",
            issuer_key=ISSUER_KEY.public_jwk,
            status=value,
            now=NOW,
        ),
        verify=True,
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

    cred = {**CREDENTIAL, "credentialStatus": STATUS_ENTRY}
    only_shebao(
        lambda: ds.check_credential_status(
            cred, status=source, issuer=ISSUER, now=NOW, resolver=RESOLVER
        ),
        verify=True,
    )
    only_shebao(
        lambda: ds.check_credential_status(
            {**CREDENTIAL, "credentialStatus": entry},
            status=source,
            issuer=ISSUER,
            now=NOW,
            resolver=RESOLVER,
        ),
        verify=True,
    )
    only_shebao(
        lambda: ds.check_token_status(
            {"status_list": {"idx": 3, "uri": "https://status.example/t"}},
            status=source,
            issuer=ISSUER,
            now=NOW,
            resolver=RESOLVER,
        ),
        verify=True,
    )
    only_shebao(
        lambda: ds.check_token_status(
            entry, status=source, issuer=ISSUER, now=NOW, resolver=RESOLVER
        ),
        verify=True,
    )


# -- anchoring -------------------------------------------------------------


@EXAMPLES
@given(junk | mutate(RECEIPT_TEXT))
def test_receipts_any_input(value: Any) -> None:
    only_shebao(lambda: ds.Receipt.from_text(value))
    only_shebao(lambda: ds.verify_receipt(value, DIGESTS[2], log_key=LOG_KEY), verify=True)


@FEW
@given(junk)
def test_verify_receipt_junk_options(value: Any) -> None:
    only_shebao(lambda: ds.verify_receipt(RECEIPT_TEXT, value, log_key=LOG_KEY), verify=True)
    only_shebao(lambda: ds.verify_receipt(RECEIPT_TEXT, DIGESTS[2], log_key=value), verify=True)
    only_shebao(
        lambda: ds.verify_receipt(RECEIPT_TEXT, DIGESTS[2], log_key=LOG_KEY, origin=value),
        verify=True,
    )


ROOT5 = ds.merkle_root(DIGESTS)
ROOT3 = ds.merkle_root(DIGESTS[:3])


@EXAMPLES
@given(junk, junk, junk, st.lists(junk, max_size=4) | junk)
def test_merkle_verifiers_any_input(a: Any, b: Any, c: Any, proof: Any) -> None:
    good_inc = ds.inclusion_proof(DIGESTS, 2)
    good_con = ds.consistency_proof(DIGESTS, 3)
    only_shebao(lambda: ds.verify_inclusion(DIGESTS[2], 2, 5, proof, ROOT5), verify=True)
    only_shebao(lambda: ds.verify_inclusion(a, b, c, good_inc, ROOT5), verify=True)
    only_shebao(lambda: ds.verify_inclusion(DIGESTS[2], 2, 5, good_inc, a), verify=True)
    only_shebao(lambda: ds.verify_consistency(3, 5, proof, ROOT3, ROOT5), verify=True)
    only_shebao(lambda: ds.verify_consistency(a, b, good_con, ROOT3, ROOT5), verify=True)
    only_shebao(lambda: ds.verify_consistency(3, 5, good_con, c, a), verify=True)


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
    for header in ({"typ": "sd+jwt"}, {"typ": "dc+sd-jwt", header_name: header_value}):
        try:
            token = _issue_signed(header, payload, extra)
        except ShebaoError:
            continue
        for fn in (ds.verify_sd_jwt, ds.verify_vc_sd_jwt):
            only_shebao(
                lambda fn=fn, token=token: fn(
                    token,
                    nonce=None,
                    audience="verifier.example",
                    require_key_binding=False,
                    issuer_key=ISSUER_KEY.public_jwk,
                    status=_junk_status_source(value),
                    now=NOW,
                ),
                verify=True,
            )
            only_shebao(
                lambda fn=fn, token=token: fn(
                    token, nonce=None, audience=None, require_key_binding=False, now=NOW
                ),
                verify=True,
            )
        only_shebao(
            lambda token=token: ds.present_sd_jwt(
                token, disclose=["/given_name"], issuer_key=ISSUER_KEY.public_jwk, now=NOW
            )
        )


_KB_BASE = parse_jws(SD_JWT_KB.rsplit("~", 1)[1]).payload


@EXAMPLES
@given(st.sampled_from(sorted({*_KB_BASE, "exp", "nbf"})), signable, signable)
def test_verify_sd_jwt_signed_junk_key_binding(claim: str, value: Any, typ: Any) -> None:
    prefix = SD_JWT_KB.rsplit("~", 1)[0] + "~"
    for header in ({"typ": "kb+jwt"}, {"typ": typ}):
        try:
            kb = sign_jws(header, {**_KB_BASE, claim: value}, HOLDER_KEY)
        except ShebaoError:
            continue
        only_shebao(
            lambda kb=kb: ds.verify_sd_jwt(
                prefix + kb,
                nonce="n-1",
                audience="verifier.example",
                issuer_key=ISSUER_KEY.public_jwk,
                now=NOW,
            ),
            verify=True,
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
    only_shebao(
        lambda: ds.verify_credential(
            signed_vc, resolver=RESOLVER, now=NOW, status=_junk_status_source(body)
        ),
        verify=True,
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
    only_shebao(
        lambda: ds.verify_presentation(
            vp, challenge="c", domain="d", now=NOW, status=_junk_status_source(body)
        ),
        verify=True,
    )


@EXAMPLES
@given(st.sampled_from(sorted(CREDENTIAL["proof"])), signable)
def test_verify_credential_junk_proof_member(member: str, value: Any) -> None:
    proof = {**CREDENTIAL["proof"], member: value}
    only_shebao(lambda: ds.verify_credential({**CREDENTIAL, "proof": proof}, now=NOW), verify=True)
    only_shebao(
        lambda: ds.verify_credential({**CREDENTIAL, "proof": [proof, value]}, now=NOW),
        verify=True,
    )


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
    only_shebao(lambda: ds.verify_credential(WEB_VC, resolver=resolver, now=NOW), verify=True)


RDFC_VC = ds.issue_credential(
    {k: v for k, v in CREDENTIAL.items() if k != "proof"},
    key=ISSUER_KEY,
    verification_method=VM,
    cryptosuite="eddsa-rdfc-2022",
    created=NOW - timedelta(days=1),
)


@FEW
@given(st.lists(st.integers(min_value=0, max_value=7), max_size=4), signable, junk)
def test_rdfc_credential_with_junk_inside(path: list[int], value: Any, contexts: Any) -> None:
    document = _replace_at(RDFC_VC, path, value)
    only_shebao(lambda: ds.verify_credential(document, now=NOW, check_status=False), verify=True)
    only_shebao(lambda: ds.verify_credential(RDFC_VC, now=NOW, contexts=contexts), verify=True)


_RECEIPT = ds.Receipt.from_text(RECEIPT_TEXT)
CHECKPOINT_TEXT = _RECEIPT.checkpoint.to_note()


@EXAMPLES
@given(junk | mutate(CHECKPOINT_TEXT), junk, st.lists(junk, max_size=3) | junk)
def test_verify_checkpoint_any_input(value: Any, other: Any, proof: Any) -> None:
    only_shebao(lambda: ds.verify_checkpoint(value, log_key=LOG_KEY), verify=True)
    only_shebao(lambda: ds.verify_checkpoint(CHECKPOINT_TEXT, log_key=other), verify=True)
    only_shebao(
        lambda: ds.verify_checkpoint(CHECKPOINT_TEXT, log_key=LOG_KEY, origin=other), verify=True
    )
    only_shebao(
        lambda: ds.verify_checkpoint_consistency(value, CHECKPOINT_TEXT, proof, log_key=LOG_KEY),
        verify=True,
    )
    only_shebao(
        lambda: ds.verify_checkpoint_consistency(
            CHECKPOINT_TEXT, CHECKPOINT_TEXT, proof, log_key=other
        ),
        verify=True,
    )
