"""Token Status List through verify_sd_jwt and check_token_status: VALID / INVALID / SUSPENDED."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any

import pytest

import didkit_shebao as ds
from didkit_shebao.errors import (
    MalformedVerificationInputError,
    RevokedError,
    StatusUnavailableError,
    SuspendedError,
    VerificationError,
)

KEY = ds.Ed25519Key.from_seed(bytes(range(32)))
ISSUER = ds.did_key(KEY)
OTHER_KEY = ds.Ed25519Key.from_seed(bytes(range(1, 33)))
OTHER = ds.did_key(OTHER_KEY)
HOLDER = ds.P256Key.from_secret(bytes(31) + b"\x07")
URI = "https://si.example.gov.cn/statuslists/7"
NOW = datetime(2026, 3, 1, 8, 0, tzinfo=UTC)


class Publisher:
    """An issuer's 2-bit Token Status List, served as a signed token."""

    def __init__(self) -> None:
        self.list = ds.TokenStatusList(1024, 2)
        self.calls = 0
        self.token = ""
        self.publish()

    def publish(self, **kw: Any) -> None:
        kw.setdefault("now", NOW - timedelta(minutes=5))
        kw.setdefault("key", KEY)
        kw.setdefault("issuer", ISSUER)
        kw.setdefault("uri", URI)
        self.token = ds.issue_status_list_token(self.list, **kw)

    def fetch(self, uri: str) -> str:
        self.calls += 1
        return self.token


@pytest.fixture
def pub() -> Publisher:
    return Publisher()


def _sd_jwt(idx: int, uri: str = URI) -> str:
    issued = ds.issue_sd_jwt(
        {"name": "张三", "pension": "active"},
        key=KEY,
        issuer=ISSUER,
        disclosable=["/name"],
        vct="https://si.example.gov.cn/vct/insurance-status",
        holder_key=HOLDER,
        status={"status_list": {"idx": idx, "uri": uri}},
        issued_at=NOW - timedelta(days=1),
        decoys=0,
    )
    return ds.present_sd_jwt(
        issued,
        disclose=["/name"],
        holder_key=HOLDER,
        nonce="n-1",
        audience="https://verifier",
        now=NOW,
    )


def _verify(presentation: str, status: Any, **kw: Any) -> ds.VerifiedSDJWT:
    return ds.verify_sd_jwt(
        presentation, nonce="n-1", audience="https://verifier", status=status, now=NOW, **kw
    )


def test_valid_status_through_verify_sd_jwt(pub: Publisher) -> None:
    verified = _verify(_sd_jwt(17), pub.fetch)
    assert isinstance(verified.status, ds.TokenStatusResult)
    assert (verified.status.idx, verified.status.status, verified.status.name) == (17, 0, "VALID")
    assert verified.status.valid


def test_revoked_suspended_resumed(pub: Publisher) -> None:
    presentation = _sd_jwt(17)
    pub.list.set(17, 1)
    pub.publish()
    with pytest.raises(RevokedError) as exc:
        _verify(presentation, pub.fetch)
    assert exc.value.code == "revoked"
    pub.list.set(17, 2)
    pub.publish()
    with pytest.raises(SuspendedError) as sus:
        _verify(presentation, pub.fetch)
    assert sus.value.code == "suspended"
    pub.list.set(17, 0)
    pub.publish()
    assert _verify(presentation, pub.fetch).status.valid


def test_application_specific_value_is_returned(pub: Publisher) -> None:
    pub.list.set(3, 3)
    pub.publish()
    result = _verify(_sd_jwt(3), pub.fetch).status
    assert (result.status, result.name, result.valid) == (3, None, False)


def test_no_status_source_fails_unless_told(pub: Publisher) -> None:
    presentation = _sd_jwt(1)
    with pytest.raises(StatusUnavailableError):
        _verify(presentation, None)
    assert _verify(presentation, None, check_status=False).status is None


def test_resolves_the_key_from_kid_or_uses_issuer_key(pub: Publisher) -> None:
    """Without issuer_key the token's kid is resolved under the issuer DID."""
    r = ds.check_token_status(
        {"status_list": {"idx": 2, "uri": URI}},
        status=pub.fetch,
        issuer=ISSUER,
        now=NOW,
        resolver=ds.DIDResolver(),
    )
    assert r.valid
    r = ds.check_token_status(
        {"status_list": {"idx": 2, "uri": URI}},
        status=pub.fetch,
        issuer=None,
        now=NOW,
        resolver=None,
        issuer_key=KEY.public_jwk,
    )
    assert r.valid


def _unavailable(
    pub: Publisher,
    *,
    issuer: str | None = ISSUER,
    issuer_key: Any = None,
    idx: int = 1,
    now: datetime = NOW,
) -> StatusUnavailableError:
    with pytest.raises(StatusUnavailableError) as exc:
        ds.check_token_status(
            {"status_list": {"idx": idx, "uri": URI}},
            status=pub.fetch,
            issuer=issuer,
            now=now,
            resolver=None,
            issuer_key=issuer_key,
        )
    assert exc.value.code == "status_unavailable"
    return exc.value


def test_token_signed_by_another_key_fails_closed(pub: Publisher) -> None:
    pub.publish(key=OTHER_KEY, kid=f"{ISSUER}#{ISSUER.removeprefix('did:key:')}")
    err = _unavailable(pub)
    assert isinstance(err.__cause__, ds.errors.InvalidSignatureError)
    pub.publish(key=OTHER_KEY, issuer=OTHER)  # a genuine list of someone else
    _unavailable(pub)
    pub.publish(key=OTHER_KEY, issuer=ISSUER, kid=f"{OTHER}#{OTHER.removeprefix('did:key:')}")
    _unavailable(pub)
    pub.publish()
    _unavailable(pub, issuer_key=OTHER_KEY.public_key)


def test_tampered_token_fails_closed(pub: Publisher) -> None:
    pub.list.set(1, 1)
    pub.publish()
    head, payload, sig = pub.token.split(".")
    pub.token = f"{head}.{payload}.{sig[:-2]}{'A' if sig[-2] != 'A' else 'B'}{sig[-1]}"
    _unavailable(pub)
    pub.token = "not-a-jwt"
    _unavailable(pub)


def test_sub_must_equal_the_uri(pub: Publisher) -> None:
    pub.publish(uri="https://si.example.gov.cn/statuslists/8")
    assert _unavailable(pub).details["reason"] == "STATUS_VERIFICATION_ERROR"


def test_expired_token_fails_closed(pub: Publisher) -> None:
    pub.publish(expires_at=NOW + timedelta(hours=1))
    ds.check_token_status(
        {"status_list": {"idx": 1, "uri": URI}},
        status=pub.fetch,
        issuer=ISSUER,
        now=NOW,
        resolver=None,
    )
    _unavailable(pub, now=NOW + timedelta(hours=1))


def test_missing_kid_or_non_did_issuer_fail_closed(pub: Publisher) -> None:
    pub.publish(issuer="https://si.example.gov.cn")
    _unavailable(pub, issuer="https://si.example.gov.cn")
    assert ds.check_token_status(
        {"status_list": {"idx": 1, "uri": URI}},
        status=pub.fetch,
        issuer="https://si.example.gov.cn",
        now=NOW,
        resolver=None,
        issuer_key=KEY,
    ).valid


def test_index_out_of_range_and_fetch_failure(pub: Publisher) -> None:
    assert _unavailable(pub, idx=1024).details["reason"] == "RANGE_ERROR"

    def down(uri: str) -> str:
        raise OSError("unreachable")

    with pytest.raises(StatusUnavailableError) as exc:
        ds.check_token_status(
            {"status_list": {"idx": 1, "uri": URI}},
            status=down,
            issuer=ISSUER,
            now=NOW,
            resolver=None,
        )
    assert isinstance(exc.value.__cause__, OSError)


@pytest.mark.parametrize(
    "claim",
    [
        {},
        {"status_list": "x"},
        {"status_list": {"idx": -1, "uri": URI}},
        {"status_list": {"idx": "1", "uri": URI}},
        {"status_list": {"idx": True, "uri": URI}},
        {"status_list": {"idx": 1}},
    ],
)
def test_malformed_status_claim(pub: Publisher, claim: dict[str, Any]) -> None:
    with pytest.raises(MalformedVerificationInputError):
        ds.check_token_status(claim, status=pub.fetch, issuer=ISSUER, now=NOW, resolver=None)


class Clock:
    def __init__(self) -> None:
        self.t = 0.0

    def __call__(self) -> float:
        return self.t


def test_resolver_caches_tokens_and_honours_ttl(pub: Publisher) -> None:
    clock = Clock()
    pub.publish(ttl=30)
    resolver = ds.StatusListResolver(pub.fetch, ttl=300, clock=clock)
    claim = {"status_list": {"idx": 9, "uri": URI}}
    for _ in range(3):
        ds.check_token_status(claim, status=resolver, issuer=ISSUER, now=NOW, resolver=None)
    assert pub.calls == 1
    pub.list.set(9, 1)
    pub.publish(ttl=30)
    clock.t = 29.0
    ds.check_token_status(claim, status=resolver, issuer=ISSUER, now=NOW, resolver=None)
    clock.t = 30.0
    with pytest.raises(RevokedError):
        ds.check_token_status(claim, status=resolver, issuer=ISSUER, now=NOW, resolver=None)
    assert pub.calls == 2
    # The same list checked with an explicit key is verified once more, then cached too.
    for _ in range(2):
        with pytest.raises(RevokedError):
            ds.check_token_status(
                claim, status=resolver, issuer=ISSUER, now=NOW, resolver=None, issuer_key=KEY
            )
    assert pub.calls == 2


def test_errors_are_verification_errors(pub: Publisher) -> None:
    pub.list.set(5, 2)
    pub.publish()
    with pytest.raises(VerificationError):
        _verify(_sd_jwt(5), ds.StatusListResolver(pub.fetch))


def _raw_token(**claims: Any) -> str:
    """A Status List Token signed as given, bypassing the issuing checks."""
    from didkit_shebao._jws import sign_jws

    payload = {
        "iss": ISSUER,
        "sub": URI,
        "iat": int((NOW - timedelta(minutes=5)).timestamp()),
        "status_list": ds.TokenStatusList(1024, 2).to_json(),
        **claims,
    }
    kid = f"{ISSUER}#{ISSUER.removeprefix('did:key:')}"
    return sign_jws({"typ": "statuslist+jwt", "kid": kid}, payload, KEY)


@pytest.mark.parametrize(
    "claims",
    [
        {"exp": 10**400},
        {"exp": -(10**400)},
        {"ttl": 10**400},
        {"iat": 10**400},
        {"exp": 1e300},
        {"ttl": 1e300},
        {"ttl": 0},
        {"ttl": -1},
        {"exp": "2030-01-01T00:00:00Z"},
    ],
)
@pytest.mark.parametrize("cached", [False, True])
def test_out_of_range_times_in_the_token_are_refused(claims: dict[str, Any], cached: bool) -> None:
    """Before: ``OverflowError`` escaped ``verify_sd_jwt`` (float(ttl), exp - now)."""
    token = _raw_token(**claims)
    source: Any = ds.StatusListResolver(lambda uri: token) if cached else (lambda uri: token)
    with pytest.raises(StatusUnavailableError) as err:
        _verify(_sd_jwt(3), source)
    assert err.value.details["reason"] == "STATUS_VERIFICATION_ERROR"


def test_in_range_token_times_are_honoured() -> None:
    far = int(datetime(9999, 1, 1, tzinfo=UTC).timestamp())
    token = _raw_token(exp=far, ttl=1.5)
    assert _verify(_sd_jwt(3), ds.StatusListResolver(lambda uri: token)).status.valid
    expired = _raw_token(exp=int(NOW.timestamp()))
    with pytest.raises(StatusUnavailableError):
        _verify(_sd_jwt(3), lambda uri: expired)
    assert _verify(_sd_jwt(3), lambda uri: _raw_token(exp=int(NOW.timestamp()) + 1)).status.valid


@pytest.mark.parametrize("expires_at", [10**400, 253_402_300_800, -1, 1.5])
def test_issuing_refuses_out_of_range_numeric_dates(expires_at: Any) -> None:
    with pytest.raises(ds.errors.MalformedInputError):
        ds.issue_status_list_token(
            ds.TokenStatusList(16, 1),
            uri=URI,
            issuer=ISSUER,
            key=KEY,
            now=NOW,
            expires_at=expires_at,
        )


def test_token_naming_another_issuer_fails_even_with_the_pinned_key(pub: Publisher) -> None:
    """`iss` must name the issuer of the covered token; a pinned issuer_key does not excuse it."""
    pub.publish(issuer=OTHER)  # signed with the right key, but claims another issuer
    err = _unavailable(pub, issuer_key=KEY.public_key)
    assert "'iss'" in err.message
    assert err.details["reason"] == "STATUS_VERIFICATION_ERROR"
    pub.publish(issuer=ISSUER)
    r = ds.check_token_status(
        {"status_list": {"idx": 1, "uri": URI}},
        status=pub.fetch,
        issuer=ISSUER,
        now=NOW,
        resolver=None,
        issuer_key=KEY.public_key,
    )
    assert r.valid
