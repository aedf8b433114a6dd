"""Regression tests for the reliability and security audit (DESIGN.md §4 and §8).

Each test names the defect it pins: a builtin exception escaping the public
API, a check skipped because of an option's value, or a secret in a message.
"""

from __future__ import annotations

import hashlib
import json
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest

import didkit_shebao as ds
from didkit_shebao import errors, keystore, shebao
from didkit_shebao._encoding import b64url_decode, b64url_encode
from didkit_shebao._jws import parse_jws, sign_jws
from didkit_shebao.cli import main
from didkit_shebao.vc.dataintegrity import add_proof

NOW = datetime(2026, 1, 10, tzinfo=UTC)
KEY = ds.Ed25519Key.from_seed(hashlib.sha256(b"audit issuer").digest())
DID = ds.did_key(KEY)
VM = f"{DID}#{KEY.public_multibase}"
HOLDER = ds.P256Key.generate()
STATUS_ENTRY = {
    "id": "https://status.example/1#5",
    "type": "BitstringStatusListEntry",
    "statusPurpose": "revocation",
    "statusListIndex": "5",
    "statusListCredential": "https://status.example/1",
}


def credential(**extra: Any) -> dict[str, Any]:
    return {
        "@context": ["https://www.w3.org/ns/credentials/v2"],
        "type": ["VerifiableCredential"],
        "issuer": DID,
        "validFrom": "2025-01-01T00:00:00Z",
        "credentialSubject": {"id": "did:example:holder"},
        **extra,
    }


def sd_jwt_kb(**issue: Any) -> str:
    token = ds.issue_sd_jwt(
        {"given_name": "小明"},
        key=KEY,
        issuer=DID,
        disclosable=["/given_name"],
        holder_key=HOLDER.public_jwk,
        issued_at=NOW - timedelta(minutes=5),
        **issue,
    )
    return ds.present_sd_jwt(
        token,
        disclose=["/given_name"],
        holder_key=HOLDER,
        nonce="n-1",
        audience="verifier.example",
        issuer_key=KEY,
        now=NOW,
    )


# -- builtin exceptions that escaped -------------------------------------------


@pytest.mark.parametrize("bad", [object(), 7, b"n-1", ["n-1"]])
def test_verify_sd_jwt_wrong_nonce_type_is_a_verification_error(bad: Any) -> None:
    """sdjwt/verifier.py: nonce.encode() raised AttributeError for a non-string nonce."""
    for fn in (ds.verify_sd_jwt, ds.verify_vc_sd_jwt):
        with pytest.raises(errors.MalformedVerificationInputError):
            fn(sd_jwt_kb(), nonce=bad, audience="verifier.example", issuer_key=KEY, now=NOW)
        with pytest.raises(errors.MalformedVerificationInputError):
            fn(sd_jwt_kb(), nonce="n-1", audience=bad, issuer_key=KEY, now=NOW)


@pytest.mark.parametrize("option", ["skew", "leeway", "require_key_binding", "check_status"])
def test_verify_sd_jwt_wrong_option_types(option: str) -> None:
    """skew=/leeway= of the wrong type raised AttributeError (.total_seconds())."""
    with pytest.raises(errors.MalformedVerificationInputError):
        ds.verify_sd_jwt(
            sd_jwt_kb(),
            nonce="n-1",
            audience="verifier.example",
            issuer_key=KEY,
            now=NOW,
            **{option: None},
        )


def test_verify_sd_jwt_check_status_none_does_not_skip_status() -> None:
    """check_status=None was falsy and switched the status check off (fail open)."""
    token = sd_jwt_kb(status={"status_list": {"idx": 0, "uri": "https://status.example/t"}})
    with pytest.raises(errors.VerificationError):
        ds.verify_sd_jwt(
            token,
            nonce="n-1",
            audience="verifier.example",
            issuer_key=KEY,
            now=NOW,
            check_status=None,  # type: ignore[arg-type]
        )


@pytest.mark.parametrize("disclose", [5, None, object(), {"/given_name": True}, b"/a"])
def test_present_sd_jwt_disclose_not_a_list(disclose: Any) -> None:
    """sdjwt/_pointer.py parse_pointers: iterating a non-iterable raised TypeError."""
    token = ds.issue_sd_jwt({"a": 1}, key=KEY, issuer=DID, disclosable=["/a"])
    with pytest.raises(errors.MalformedInputError):
        ds.present_sd_jwt(token, disclose=disclose, issuer_key=KEY)


def test_non_ascii_domain_verifies() -> None:
    """vc/dataintegrity.py: hmac.compare_digest on non-ASCII str raised TypeError.

    A proof bound to an internationalized domain (or a hostile proof) crashed
    verify_presentation instead of verifying or raising ProofError.
    """
    vc = ds.issue_credential(credential(), key=KEY, verification_method=VM, created=NOW)
    vp = ds.create_presentation(
        [vc],
        holder=DID,
        key=KEY,
        verification_method=VM,
        challenge="c",
        domain="人社局.example",
        created=NOW,
    )
    ok = ds.verify_presentation(vp, challenge="c", domain="人社局.example", now=NOW)
    assert ok.domain == "人社局.example"
    with pytest.raises(errors.ProofError):
        ds.verify_presentation(vp, challenge="c", domain="人社部.example", now=NOW)
    with pytest.raises(errors.ProofError):
        ds.verify_proof(vp, expected_proof_purpose="authentication", domain="x\x80", now=NOW)


@pytest.mark.parametrize("bad", [7, ["c"], b"c"])
def test_verify_proof_wrong_domain_or_challenge_type(bad: Any) -> None:
    vc = ds.issue_credential(credential(), key=KEY, verification_method=VM, created=NOW)
    with pytest.raises(errors.MalformedVerificationInputError):
        ds.verify_proof(vc, domain=bad, now=NOW)
    with pytest.raises(errors.MalformedVerificationInputError):
        ds.verify_proof(vc, challenge=bad, now=NOW)


def test_validate_citizen_id_as_of() -> None:
    """shebao/ids.py: a non-date as_of raised TypeError; a datetime (a date subclass) too."""
    number = "11010519491231002X"
    with pytest.raises(errors.MalformedInputError):
        shebao.validate_citizen_id(number, as_of="2020-01-01")  # type: ignore[arg-type]
    assert shebao.validate_citizen_id(number, as_of=datetime(2020, 1, 1, tzinfo=UTC)).number
    with pytest.raises(errors.MalformedInputError):
        shebao.validate_citizen_id(number, as_of=datetime(1949, 1, 1, tzinfo=UTC))
    assert shebao.validate_citizen_id(number, as_of=date(2020, 1, 1)).number


@pytest.mark.parametrize("vct", [[], {}, None, 3])
def test_validate_sd_jwt_claims_vct_not_a_string(vct: Any) -> None:
    """shebao/schemas.py: an unhashable vct raised TypeError from dict.get."""
    with pytest.raises(errors.UnsupportedError):
        shebao.validate_sd_jwt_claims({}, vct=vct)


def test_cli_verify_on_binary_file(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """cli/_common.py read_input: a non-UTF-8 file raised UnicodeDecodeError (a traceback)."""
    path = tmp_path / "junk.bin"
    path.write_bytes(b"\x80\xff\x00junk")
    assert main(["verify", str(path)]) == 1
    err = capsys.readouterr().err
    assert "UTF-8" in err
    assert "Traceback" not in err


# -- fail closed -------------------------------------------------------------------


@pytest.mark.parametrize("flag", [None, 0, ""])
def test_verify_credential_falsy_check_status_does_not_skip_status(flag: Any) -> None:
    """vc/credential.py: `not check_status` let None/0/"" skip the credentialStatus check."""
    vc = ds.issue_credential(
        credential(credentialStatus=STATUS_ENTRY), key=KEY, verification_method=VM, created=NOW
    )
    with pytest.raises(errors.MalformedVerificationInputError):
        ds.verify_credential(vc, now=NOW, check_status=flag)
    with pytest.raises(errors.StatusUnavailableError):
        ds.verify_credential(vc, now=NOW)
    assert ds.verify_credential(vc, now=NOW, check_status=False).issuer == DID


@pytest.mark.parametrize("member", ["credentialStatus", "credentialSchema"])
def test_empty_status_or_schema_list_is_refused(member: str) -> None:
    """vc/model.py: credentialStatus: [] verified as "no status to check" (fail open)."""
    with pytest.raises(errors.MalformedInputError):
        ds.issue_credential(credential(**{member: []}), key=KEY, verification_method=VM)
    # A credential signed elsewhere with an empty list is refused at verification too.
    doc = add_proof(credential(**{member: []}), key=KEY, verification_method=VM, created=NOW)
    with pytest.raises(errors.MalformedVerificationInputError):
        ds.verify_credential(doc, now=NOW, status=lambda url: None)


def test_sd_jwt_null_status_claim_is_refused() -> None:
    """sdjwt/verifier.py: `"status": null` read as "no status claim" and skipped the check."""
    token = sd_jwt_kb()
    jwt, _, rest = token.partition("~")
    parsed = parse_jws(jwt)
    resigned = sign_jws(parsed.header, {**parsed.payload, "status": None}, KEY)
    forged = ds.present_sd_jwt(
        f"{resigned}~{rest.rsplit('~', 2)[0]}~",
        disclose=["/given_name"],
        holder_key=HOLDER,
        nonce="n-1",
        audience="verifier.example",
        issuer_key=KEY,
        now=NOW,
    )
    with pytest.raises(errors.MalformedVerificationInputError):
        ds.verify_sd_jwt(
            forged,
            nonce="n-1",
            audience="verifier.example",
            issuer_key=KEY,
            now=NOW,
            status=lambda uri: None,
        )


# -- no secrets in messages --------------------------------------------------------

SECRET_SEED = bytes(range(100, 132))
SECRET_KEY = ds.Ed25519Key.from_seed(SECRET_SEED)
SECRET_P256 = ds.P256Key.generate()
CITIZEN_ID = "11010519491231002X"


def _secrets() -> list[str]:
    return [
        SECRET_KEY.private_jwk["d"],
        SECRET_KEY.secret_multibase,
        SECRET_KEY.secret_multibase[1:20],
        SECRET_P256.private_jwk["d"],
        SECRET_SEED.hex(),
        CITIZEN_ID,
        CITIZEN_ID[:17],
        "hunter2-passphrase",
        "SECRET-CLAIM-VALUE",
    ]


def _assert_clean(err: errors.ShebaoError) -> None:
    text = " ".join([str(err), err.message_zh, repr(err), json.dumps(err.details, default=str)])
    for secret in _secrets():
        assert secret not in text, (secret, text)


def _raises_clean(fn: Any) -> None:
    with pytest.raises(errors.ShebaoError) as info:
        fn()
    _assert_clean(info.value)


def _b64(obj: Any) -> str:
    return b64url_encode(json.dumps(obj).encode())


@pytest.mark.parametrize(
    "call",
    [
        lambda: ds.key_from_jwk({**SECRET_KEY.private_jwk, "x": "AAAA"}),
        lambda: ds.key_from_jwk({**SECRET_KEY.private_jwk, "d": SECRET_KEY.private_jwk["d"][:-1]}),
        lambda: ds.key_from_jwk({**SECRET_P256.private_jwk, "d": SECRET_KEY.private_jwk["d"]}),
        lambda: ds.key_from_jwk({**SECRET_KEY.private_jwk, "crv": "X25519"}),
        lambda: ds.key_from_multibase(SECRET_KEY.secret_multibase + "\n"),
        lambda: ds.key_from_multibase(SECRET_KEY.secret_multibase[:-2]),
        lambda: ds.key_from_multibase("m" + SECRET_KEY.secret_multibase[1:]),
        lambda: ds.public_key_from_multibase(SECRET_KEY.secret_multibase),
        lambda: ds.as_public_key(SECRET_KEY.secret_multibase),
        lambda: ds.Ed25519Key.from_seed(SECRET_SEED[:31]),
        lambda: ds.resolve_did("did:jwk:" + _b64(SECRET_KEY.private_jwk)),
        lambda: ds.DIDResolver().resolve("did:jwk:" + _b64(SECRET_P256.private_jwk)),
        lambda: ds.verify_receipt("x", b"\0" * 32, log_key=SECRET_KEY.secret_multibase),
        lambda: ds.verify_receipt("x", b"\0" * 32, log_key=SECRET_KEY.private_jwk),
        lambda: ds.verify_sd_jwt(
            "a.b.c~", nonce=None, audience=None, issuer_key=SECRET_KEY.secret_multibase
        ),
        lambda: ds.issue_sd_jwt(
            {"a": "SECRET-CLAIM-VALUE"}, key=KEY, issuer=DID, disclosable=["/a/0"]
        ),
        lambda: ds.issue_sd_jwt(
            {"_sd": "SECRET-CLAIM-VALUE"}, key=KEY, issuer=DID, disclosable=[]
        ),
        lambda: shebao.validate_citizen_id(CITIZEN_ID[:17] + "1"),
        lambda: shebao.validate_citizen_id(CITIZEN_ID.lower()),
        lambda: shebao.validate_citizen_id(CITIZEN_ID[:6] + "2999" + CITIZEN_ID[10:]),
        lambda: shebao.validate_credential(
            {"credentialSubject": {"citizenId": CITIZEN_ID[:17] + "1"}}
        ),
    ],
)
def test_error_messages_carry_no_secrets(call: Any) -> None:
    _raises_clean(call)


def test_keystore_errors_carry_no_secrets() -> None:
    blob = keystore.encrypt_key(SECRET_KEY, "hunter2-passphrase", opslimit=1, memlimit=8192)
    _raises_clean(lambda: keystore.decrypt_key(blob, "wrong"))
    plain = json.dumps(SECRET_KEY.private_jwk).encode()
    _raises_clean(lambda: keystore.decrypt_key(plain[:-3], "hunter2-passphrase"))
    _raises_clean(lambda: keystore.decrypt_key(blob[:-5], "hunter2-passphrase"))


def test_sd_jwt_errors_carry_no_undisclosed_values() -> None:
    """A tampered or stray Disclosure: the message names the check, never the value."""
    token = ds.issue_sd_jwt(
        {"secret": "SECRET-CLAIM-VALUE", "open": 1},
        key=KEY,
        issuer=DID,
        disclosable=["/secret"],
    )
    jwt, disclosure, _ = token.split("~")
    salt, name, value = json.loads(b64url_decode(disclosure))
    altered = b64url_encode(json.dumps([salt, name, value + "!"]).encode())
    for presented in (f"{jwt}~{altered}~", f"{jwt}~{disclosure}~{disclosure}~"):
        _raises_clean(
            lambda p=presented: ds.verify_sd_jwt(
                p, nonce=None, audience=None, require_key_binding=False, issuer_key=KEY
            )
        )
    # The holder asks for a path that does not exist below the secret value.
    _raises_clean(lambda: ds.present_sd_jwt(token, disclose=["/secret/x"], issuer_key=KEY))


# -- wrong argument types through the public API -----------------------------------


def test_raw_key_constructors_refuse_an_int() -> None:
    """keys.py: Ed25519Key(32) built bytes(32), an all-zero seed, i.e. a publicly known key."""
    with pytest.raises(errors.MalformedInputError):
        ds.Ed25519Key(32)  # type: ignore[arg-type]
    with pytest.raises(errors.MalformedInputError):
        ds.Ed25519PublicKey(32)  # type: ignore[arg-type]


_LEDGER = ds.MemoryLedger()
_ANCHORER = ds.Anchorer(ds.MemoryLedger(), log_key=KEY, origin="audit.example/log")


@pytest.mark.parametrize(
    "call",
    [
        lambda: ds.Ed25519Key(None),  # type: ignore[arg-type]
        lambda: ds.P256Key(None),  # type: ignore[arg-type]
        lambda: ds.P256PublicKey(None),  # type: ignore[arg-type]
        lambda: ds.P256PublicKey.from_compressed(None),  # type: ignore[arg-type]
        lambda: ds.P256Key.from_secret(None),  # type: ignore[arg-type]
        lambda: ds.jwk_thumbprint("x"),  # type: ignore[arg-type]
        lambda: KEY.sign(None),  # type: ignore[arg-type]
        lambda: HOLDER.sign("text"),  # type: ignore[arg-type]
        lambda: KEY.public_key.verify(b"x", None),  # type: ignore[arg-type]
        lambda: ds.DIDResolver(methods=5),  # type: ignore[arg-type]
        lambda: ds.DIDResolver(cache_ttl=None),  # type: ignore[arg-type]
        lambda: ds.DIDResolver().resolve(DID, at="2020-01-01"),  # type: ignore[arg-type]
        lambda: ds.DIDResolver().resolve_verification_method(["x"]),  # type: ignore[arg-type]
        lambda: ds.StatusList(minimum=None),  # type: ignore[arg-type]
        lambda: ds.StatusList.from_bytes(None),  # type: ignore[arg-type]
        lambda: ds.StatusList.from_bytes(b"\0" * 16384, size=[1]),  # type: ignore[arg-type]
        lambda: ds.TokenStatusList.from_bytes("x"),  # type: ignore[arg-type]
        lambda: ds.StatusListResolver(fetch=lambda url: None).get(["u"]),  # type: ignore[arg-type]
        lambda: ds.AnchorStore(None),  # type: ignore[arg-type]
        lambda: _LEDGER.status(None),  # type: ignore[arg-type]
        lambda: _ANCHORER.submit_many(None),  # type: ignore[arg-type]
        lambda: _ANCHORER.anchor_artifacts(None),  # type: ignore[arg-type]
        lambda: ds.age_over_claims(date(1990, 1, 1), as_of=date(2020, 1, 1), thresholds=None),  # type: ignore[arg-type]
        lambda: ds.create_presentation(
            None,  # type: ignore[arg-type]
            holder=DID,
            key=KEY,
            verification_method=VM,
            challenge="c",
            domain="d",
        ),
        lambda: ds.issue_credential(
            credential(), key=KEY, verification_method=VM, previous_proof=1
        ),  # type: ignore[arg-type]
        lambda: ds.issue_sd_jwt({"a": 1}, key=KEY, issuer=DID, disclosable=["/a"], rng=1),  # type: ignore[arg-type]
        lambda: ds.issue_status_list_credential(
            ds.StatusList(),
            id="https://s.example/1",
            issuer=DID,
            key=KEY,
            verification_method=VM,
            purpose=None,  # type: ignore[arg-type]
        ),
        lambda: ds.issue_status_list_token(
            ds.TokenStatusList(size=8),
            uri="https://s.example/t",
            issuer=DID,
            key=None,  # type: ignore[arg-type]
        ),
        lambda: keystore.encrypt_key(None, "p"),  # type: ignore[arg-type]
        lambda: keystore.encrypt_key(KEY, "p", salt=5),  # type: ignore[arg-type]
        lambda: keystore.encrypt_key(KEY, "p", opslimit=0, memlimit=8192),
        lambda: ds.verify_sd_jwt(
            sd_jwt_kb(), nonce="n-1", audience="verifier.example", resolver=5, now=NOW
        ),
        lambda: ds.verify_sd_jwt(
            sd_jwt_kb(),
            nonce="n-1",
            audience="verifier.example",
            algorithms=None,
            now=NOW,  # type: ignore[arg-type]
        ),
    ],
)
def test_wrong_argument_types_raise_shebao_errors(call: Any) -> None:
    """Each of these raised TypeError, AttributeError, ValueError or OverflowError before."""
    with pytest.raises(errors.ShebaoError):
        call()


def test_credential_type_for_vct_unhashable() -> None:
    assert shebao.credential_type_for_vct([]) is None  # type: ignore[arg-type]


def test_verify_sd_jwt_misbehaving_resolver_is_a_verification_error() -> None:
    class Broken:
        def resolve_verification_method(self, *args: Any, **kwargs: Any) -> Any:
            raise RuntimeError("boom")

    token = ds.issue_sd_jwt({"a": 1}, key=KEY, issuer=DID, disclosable=[], kid=VM)
    with pytest.raises(errors.ResolutionVerificationError):
        ds.verify_sd_jwt(
            token,
            nonce=None,
            audience=None,
            require_key_binding=False,
            resolver=Broken(),
            now=NOW,
        )


@pytest.mark.parametrize("contexts", [object(), ["https://example.com/ctx"], "ctx"])
def test_contexts_not_a_mapping(contexts: Any) -> None:
    """vc/jsonld_loader.py: contexts= that is no mapping raised AttributeError (.items())."""
    doc = {k: v for k, v in credential().items()}
    vc = ds.issue_credential(
        doc, key=KEY, verification_method=VM, cryptosuite="eddsa-rdfc-2022", created=NOW
    )
    with pytest.raises(errors.MalformedVerificationInputError):
        ds.verify_credential(vc, now=NOW, contexts=contexts)


def test_verify_receipt_misbehaving_ledger_fails_closed() -> None:
    """anchor/receipt.py: a ledger= object raising anything but LedgerError escaped verify_receipt."""
    ledger = ds.MemoryLedger()
    anchorer = ds.Anchorer(ledger, log_key=KEY, origin="audit.example/log")
    digest = hashlib.sha256(b"audit").digest()
    anchorer.submit(digest)
    receipt = anchorer.flush()[0]

    class Broken:
        ledger_id = ledger.ledger_id

        def lookup(self, root: bytes) -> Any:
            raise RuntimeError("connection reset")

        def status(self, ref: Any) -> Any:
            return "final"

    for bad in (Broken(), 5, object()):
        with pytest.raises(errors.AnchorError):
            ds.verify_receipt(receipt, digest, log_key=KEY, ledger=bad)  # type: ignore[arg-type]
    assert ds.verify_receipt(receipt, digest, log_key=KEY, ledger=ledger).anchors


def _deep(levels: int) -> dict[str, Any]:
    root: dict[str, Any] = {}
    node = root
    for _ in range(levels):
        node["a"] = {}
        node = node["a"]
    return root


def test_deep_structures_are_refused_not_a_recursion_error() -> None:
    """issue_credential and DIDResolver deep-copied hostile nesting: RecursionError escaped."""
    deep = _deep(5000)
    with pytest.raises(errors.InputTooLargeError):
        ds.issue_credential(
            credential(credentialSubject={"id": "did:example:x", "d": deep}),
            key=KEY,
            verification_method=VM,
        )
    resolver = ds.DIDResolver(web_fetcher=lambda url: {"id": "did:web:example.com", "x": deep})
    with pytest.raises(errors.InputTooLargeError):
        resolver.resolve("did:web:example.com")


def test_unsupported_jwk_message_does_not_echo_input() -> None:
    """keys.py key_from_jwk: kty/crv were put in the message with repr(), whatever they held."""
    with pytest.raises(errors.UnsupportedError) as info:
        ds.key_from_jwk({"kty": _deep(5000)})
    assert len(str(info.value)) < 200
    with pytest.raises(errors.UnsupportedError) as info:
        ds.key_from_jwk({"kty": "OKP", "crv": "X" * 1000, "d": SECRET_KEY.private_jwk["d"]})
    assert "X" * 20 not in str(info.value)
    _assert_clean(info.value)
    with pytest.raises(errors.UnsupportedError, match="kty='RSA'"):
        ds.key_from_jwk({"kty": "RSA", "n": "AQAB", "e": "AQAB"})


def test_resolver_at_must_be_aware() -> None:
    """did/resolver.py: a naive at= was accepted and later compared with aware history times."""
    doc = ds.did_web_document("did:web:example.com", [KEY])
    resolver = ds.DIDResolver(web_fetcher=lambda url: doc if url.endswith("did.json") else None)
    with pytest.raises(errors.MalformedInputError):
        resolver.resolve("did:web:example.com", at=datetime(2026, 1, 1))
    assert resolver.resolve("did:web:example.com", at=NOW)["id"] == "did:web:example.com"


def test_long_number_message_says_what_is_wrong() -> None:
    """_encoding.py: a 5000-digit number was reported as "nesting too deep"."""
    with pytest.raises(errors.MalformedVerificationInputError, match="too many digits"):
        ds.verify_credential('{"a": 1' + "0" * 5000 + "}")


def test_ledger_ref_tree_size_fits_64_bits() -> None:
    """ledgers/base.py: LedgerRef.from_json accepted a treeSize no ledger can hold."""
    ref = {"ledger": "memory:x", "root": "00" * 32, "treeSize": 1 << 64}
    with pytest.raises(errors.MalformedInputError):
        ds.LedgerRef.from_json(ref)
    assert ds.LedgerRef.from_json({**ref, "treeSize": (1 << 64) - 1}).tree_size == (1 << 64) - 1


LONE = "\ud800"  # legal in a JSON escape ("\ud800"), not encodable as UTF-8


def test_lone_surrogates_in_verification_inputs() -> None:
    """str.encode() on a lone surrogate raised UnicodeEncodeError out of verify_* calls.

    The proof's own challenge is attacker data, checked before the signature.
    """
    vc = ds.issue_credential(credential(), key=KEY, verification_method=VM, created=NOW)
    vp = ds.create_presentation(
        [vc], holder=DID, key=KEY, verification_method=VM, challenge="c", domain="d", created=NOW
    )
    with pytest.raises(errors.ProofError):
        ds.verify_presentation(vp, challenge="c", domain=LONE, now=NOW)
    with pytest.raises(errors.ProofError):
        ds.verify_presentation(vp, challenge=LONE, domain="d", now=NOW)
    forged = {**vp, "proof": {**vp["proof"], "challenge": LONE}}
    with pytest.raises(errors.VerificationError):
        ds.verify_presentation(forged, challenge="c", domain="d", now=NOW)
    with pytest.raises(errors.KeyBindingError):
        ds.verify_sd_jwt(
            sd_jwt_kb(), nonce=LONE, audience="verifier.example", issuer_key=KEY, now=NOW
        )


def test_holder_signed_lone_surrogate_nonce_is_a_key_binding_error() -> None:
    """A holder can sign any KB-JWT: a lone-surrogate nonce must fail as KeyBindingError."""
    token = sd_jwt_kb()
    prefix, kb = token.rsplit("~", 1)
    parsed = parse_jws(kb)
    resigned = sign_jws(parsed.header, {**parsed.payload, "nonce": "n-1"}, HOLDER)
    assert ds.verify_sd_jwt(
        f"{prefix}~{resigned}", nonce="n-1", audience="verifier.example", issuer_key=KEY, now=NOW
    )
    header = b64url_encode(json.dumps(parsed.header).encode())
    body = {**parsed.payload, "nonce": "@@"}
    payload = b64url_encode(json.dumps(body).replace('"@@"', '"\\ud800"').encode())
    signing_input = f"{header}.{payload}".encode()
    forged = f"{header}.{payload}.{b64url_encode(HOLDER.sign(signing_input))}"
    with pytest.raises(errors.KeyBindingError):
        ds.verify_sd_jwt(
            f"{prefix}~{forged}", nonce="n-1", audience="verifier.example", issuer_key=KEY, now=NOW
        )


@pytest.mark.parametrize(
    "call",
    [
        lambda: ds.issue_sd_jwt({"a": LONE}, key=KEY, issuer=DID, disclosable=["/a"]),
        lambda: ds.issue_status_list_token(
            ds.TokenStatusList(size=8), uri="https://s.example/" + LONE, issuer=DID, key=KEY
        ),
        lambda: ds.Anchorer(ds.MemoryLedger(), log_key=KEY, origin="o.example" + LONE),
        lambda: ds.MemoryLedger(name="x" + LONE),
        lambda: ds.AnchorStore("store" + LONE + ".db"),
        lambda: ds.AnchorStore("store\x00.db"),
    ],
)
def test_lone_surrogates_in_issuer_inputs(call: Any) -> None:
    with pytest.raises(errors.ShebaoError):
        call()


def test_rdfc_credential_with_lone_surrogate_is_malformed() -> None:
    """vc/rdfc_suite.py: N-Quads holding a lone surrogate raised UnicodeEncodeError."""
    vc = ds.issue_credential(
        credential(), key=KEY, verification_method=VM, cryptosuite="eddsa-rdfc-2022", created=NOW
    )
    tampered = {**vc, "credentialSubject": {"id": "did:example:" + LONE}}
    with pytest.raises(errors.VerificationError):
        ds.verify_credential(tampered, now=NOW)


def test_keystore_lone_surrogate_passphrase() -> None:
    """keystore.py: a passphrase with a lone surrogate raised UnicodeEncodeError."""
    blob = keystore.encrypt_key(KEY, "pass", opslimit=1, memlimit=8192)
    with pytest.raises(errors.KeyStoreError):
        keystore.decrypt_key(blob, "pa" + LONE)
    with pytest.raises(errors.KeyStoreError):
        keystore.encrypt_key(KEY, LONE, opslimit=1, memlimit=8192)
