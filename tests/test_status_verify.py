"""Bitstring status through the public verify call: revoke, suspend, resume, fail closed."""

from __future__ import annotations

import copy
import json
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest

import didkit_shebao as ds
from didkit_shebao.errors import (
    MalformedVerificationInputError,
    RevokedError,
    StatusUnavailableError,
    SuspendedError,
    UnsupportedVerificationInputError,
    VerificationError,
)

KEY = ds.Ed25519Key.from_seed(bytes(range(32)))
ISSUER = ds.did_key(KEY)
VM = f"{ISSUER}#{ISSUER.removeprefix('did:key:')}"
OTHER_KEY = ds.Ed25519Key.from_seed(bytes(range(1, 33)))
OTHER = ds.did_key(OTHER_KEY)
OTHER_VM = f"{OTHER}#{OTHER.removeprefix('did:key:')}"

T0 = datetime(2026, 1, 1, tzinfo=UTC)
NOW = T0 + timedelta(days=30)
REV_URL = "https://si.example.gov.cn/status/rev/1"
SUS_URL = "https://si.example.gov.cn/status/sus/1"


def _entry(purpose: str, index: int, url: str, **extra: Any) -> dict[str, Any]:
    return {
        "id": f"{url}#{index}",
        "type": "BitstringStatusListEntry",
        "statusPurpose": purpose,
        "statusListIndex": str(index),
        "statusListCredential": url,
        **extra,
    }


def _credential(status: Any, *, key: ds.Ed25519Key = KEY, vm: str = VM) -> dict[str, Any]:
    issuer = ds.did_key(key)
    return ds.issue_credential(
        {
            "@context": ["https://www.w3.org/ns/credentials/v2"],
            "id": "urn:uuid:0b1e9c3a-7f68-4f1c-9a3d-2a0c5e1d4b77",
            "type": ["VerifiableCredential"],
            "issuer": issuer,
            "validFrom": "2026-01-01T00:00:00Z",
            "credentialSubject": {"id": "did:example:citizen", "pension": "active"},
            "credentialStatus": status,
        },
        key=key,
        verification_method=vm,
        created=T0,
    )


def _list_credential(
    sl: ds.StatusList,
    url: str,
    purpose: str,
    *,
    key: ds.Ed25519Key = KEY,
    vm: str = VM,
    **kw: Any,
) -> dict[str, Any]:
    return ds.issue_status_list_credential(
        sl,
        id=url,
        issuer=ds.did_key(key),
        key=key,
        verification_method=vm,
        purpose=purpose,
        valid_from=kw.pop("valid_from", T0),
        created=T0,
        **kw,
    )


class Lists:
    """An issuer's published lists, served by a fetch function that counts calls."""

    def __init__(self) -> None:
        self.revocation = ds.StatusList()
        self.suspension = ds.StatusList()
        self.calls: list[str] = []
        self.override: dict[str, Any] = {}
        self.publish()

    def publish(self) -> None:
        self.docs = {
            REV_URL: _list_credential(self.revocation, REV_URL, "revocation"),
            SUS_URL: _list_credential(self.suspension, SUS_URL, "suspension"),
        }

    def fetch(self, url: str) -> Any:
        self.calls.append(url)
        if url in self.override:
            value = self.override[url]
            if isinstance(value, Exception):
                raise value
            return value
        return copy.deepcopy(self.docs[url])


@pytest.fixture
def lists() -> Lists:
    return Lists()


# -- revocation, suspension, resumption ------------------------------------------------


def test_unrevoked_credential_verifies_with_status_results(lists: Lists) -> None:
    cred = _credential([_entry("revocation", 1234, REV_URL), _entry("suspension", 99, SUS_URL)])
    verified = ds.verify_credential(cred, now=NOW, status=lists.fetch)
    assert [(r.purpose, r.index, r.status, r.valid) for r in verified.status] == [
        ("revocation", 1234, 0, True),
        ("suspension", 99, 0, True),
    ]
    assert all(isinstance(r, ds.StatusResult) for r in verified.status)


def test_revocation_raises_revoked_with_code(lists: Lists) -> None:
    cred = _credential(_entry("revocation", 1234, REV_URL))
    lists.revocation.set(1234, 1)
    lists.publish()
    with pytest.raises(RevokedError) as exc:
        ds.verify_credential(cred, now=NOW, status=lists.fetch)
    assert exc.value.code == "revoked"
    assert exc.value.details["index"] == 1234
    assert isinstance(exc.value, VerificationError)
    # A neighbouring bit does not affect it.
    other = _credential(_entry("revocation", 1235, REV_URL))
    ds.verify_credential(other, now=NOW, status=lists.fetch)


def test_suspend_then_resume(lists: Lists) -> None:
    cred = _credential(_entry("suspension", 77, SUS_URL))
    lists.suspension.set(77, 1)
    lists.publish()
    with pytest.raises(SuspendedError) as exc:
        ds.verify_credential(cred, now=NOW, status=lists.fetch)
    assert exc.value.code == "suspended"
    lists.suspension.set(77, 0)
    lists.publish()
    assert ds.verify_credential(cred, now=NOW, status=lists.fetch).status[0].valid


def test_revocation_wins_over_suspension_whatever_the_order(lists: Lists) -> None:
    cred = _credential([_entry("suspension", 5, SUS_URL), _entry("revocation", 6, REV_URL)])
    lists.suspension.set(5, 1)
    lists.revocation.set(6, 1)
    lists.publish()
    with pytest.raises(RevokedError):
        ds.verify_credential(cred, now=NOW, status=lists.fetch)


MESSAGES = ["参保中 active", "暂停缴费 paused", "已转出 transferred", "undefined"]
ENTRY_MESSAGES = [{"status": hex(i), "message": m} for i, m in enumerate(MESSAGES)]


def test_message_purpose_returns_the_message() -> None:
    url = "https://si.example.gov.cn/status/msg/1"
    sl = ds.StatusList(bits=2)
    sl.set(4242, 2)
    doc = _list_credential(sl, url, "message", status_messages=MESSAGES)
    assert doc["credentialSubject"]["statusSize"] == 2
    assert doc["credentialSubject"]["statusMessages"][2] == {
        "status": "0x2",
        "message": MESSAGES[2],
    }
    cred = _credential(_entry("message", 4242, url, statusSize=2, statusMessage=ENTRY_MESSAGES))
    result = ds.verify_credential(cred, now=NOW, status=lambda u: doc).status[0]
    assert (result.purpose, result.status, result.valid, result.message) == (
        "message",
        2,
        False,
        MESSAGES[2],
    )

    # A message list must declare its statusSize (§2.2).
    def undeclare(d: dict[str, Any]) -> None:
        d["credentialSubject"]["statusPurpose"] = "message"
        del d["credentialSubject"]["statusSize"]

    undeclared = _signed_variant(undeclare, sl=sl, url=url)
    with pytest.raises(StatusUnavailableError):
        ds.verify_credential(
            _credential(_entry("message", 4242, url, statusSize=2, statusMessage=ENTRY_MESSAGES)),
            now=NOW,
            status=lambda u: undeclared,
        )
    # statusSize on the list and on the entry must agree.
    bad = _credential(_entry("message", 4242, url, statusSize=1, statusMessage=ENTRY_MESSAGES[:2]))
    with pytest.raises(StatusUnavailableError):
        ds.verify_credential(bad, now=NOW, status=lambda u: doc)


def test_check_status_false_skips_and_no_source_fails(lists: Lists) -> None:
    cred = _credential(_entry("revocation", 1, REV_URL))
    with pytest.raises(StatusUnavailableError):
        ds.verify_credential(cred, now=NOW)
    assert ds.verify_credential(cred, now=NOW, check_status=False).status == ()
    assert lists.calls == []


def test_credential_without_status_needs_no_source() -> None:
    cred = ds.issue_credential(
        {
            "@context": ["https://www.w3.org/ns/credentials/v2"],
            "type": ["VerifiableCredential"],
            "issuer": ISSUER,
            "credentialSubject": {"id": "did:example:citizen"},
        },
        key=KEY,
        verification_method=VM,
        created=T0,
    )
    assert ds.verify_credential(cred, now=NOW).status == ()
    assert (
        ds.check_credential_status(
            cred, status=lambda u: None, issuer=ISSUER, now=NOW, resolver=None
        )
        == ()
    )


# -- fail closed -------------------------------------------------------------------------


def _unavailable(
    cred: dict[str, Any], fetch: Callable[[str], Any], **kw: Any
) -> StatusUnavailableError:
    with pytest.raises(StatusUnavailableError) as exc:
        ds.verify_credential(cred, now=kw.pop("now", NOW), status=fetch, **kw)
    assert exc.value.code == "status_unavailable"
    return exc.value


def test_unreachable_list_fails_closed(lists: Lists) -> None:
    cred = _credential(_entry("revocation", 1, REV_URL))
    lists.override[REV_URL] = ConnectionError("connection refused")
    err = _unavailable(cred, lists.fetch)
    assert err.details["reason"] == "STATUS_RETRIEVAL_ERROR"
    assert isinstance(err.__cause__, ConnectionError)
    resolver = ds.StatusListResolver(lists.fetch)
    err = _unavailable(cred, resolver)
    assert isinstance(err.__cause__, ConnectionError)
    lists.override[REV_URL] = None
    _unavailable(cred, lists.fetch)
    lists.override[REV_URL] = "not json"
    _unavailable(cred, lists.fetch)
    lists.override[REV_URL] = ["a", "list"]
    _unavailable(cred, lists.fetch)


def test_forged_list_fails_closed(lists: Lists) -> None:
    """Flip a bit of a revoked list back to 0 without re-signing: the proof breaks."""
    cred = _credential(_entry("revocation", 1234, REV_URL))
    lists.revocation.set(1234, 1)
    lists.publish()
    forged = copy.deepcopy(lists.docs[REV_URL])
    forged["credentialSubject"]["encodedList"] = ds.StatusList().encode()
    lists.override[REV_URL] = forged
    err = _unavailable(cred, lists.fetch)
    assert err.details["reason"] == "STATUS_VERIFICATION_ERROR"
    assert isinstance(err.__cause__, VerificationError)


def test_list_by_another_issuer_fails_unless_trusted(lists: Lists) -> None:
    cred = _credential(_entry("revocation", 1, REV_URL))
    other = _list_credential(ds.StatusList(), REV_URL, "revocation", key=OTHER_KEY, vm=OTHER_VM)
    _unavailable(cred, lambda u: other)
    results = ds.check_credential_status(
        cred,
        status=lambda u: other,
        issuer=ISSUER,
        now=NOW,
        resolver=None,
        trusted_issuers={OTHER},
    )
    assert results[0].valid


def test_purpose_mismatch_fails_closed(lists: Lists) -> None:
    cred = _credential(_entry("suspension", 1, REV_URL))  # points at the revocation list
    err = _unavailable(cred, lists.fetch)
    assert err.details["reason"] == "STATUS_VERIFICATION_ERROR"


def test_list_with_several_purposes_serves_each() -> None:
    doc = _list_credential(ds.StatusList(), REV_URL, ["revocation", "suspension"])
    cred = _credential([_entry("revocation", 3, REV_URL), _entry("suspension", 4, REV_URL)])
    assert len(ds.verify_credential(cred, now=NOW, status=lambda u: doc).status) == 2


def test_list_served_under_another_url_fails_closed(lists: Lists) -> None:
    """A valid list of the same issuer, published elsewhere, is not this credential's list."""
    cred = _credential(_entry("revocation", 1, REV_URL))
    lists.override[REV_URL] = lists.docs[SUS_URL] | {}
    lists.override[REV_URL] = _list_credential(ds.StatusList(), SUS_URL, "revocation")
    assert _unavailable(cred, lists.fetch).details["reason"] == "STATUS_VERIFICATION_ERROR"


def test_expired_and_future_lists_fail_closed() -> None:
    cred = _credential(_entry("revocation", 1, REV_URL))
    expired = _list_credential(
        ds.StatusList(), REV_URL, "revocation", valid_until=T0 + timedelta(days=7)
    )
    _unavailable(cred, lambda u: expired)
    ds.verify_credential(cred, now=T0 + timedelta(days=6), status=lambda u: expired)
    future = _list_credential(
        ds.StatusList(), REV_URL, "revocation", valid_from=NOW + timedelta(days=1)
    )
    _unavailable(cred, lambda u: future)


def test_short_list_and_out_of_range_index_fail_closed() -> None:
    short = ds.StatusList(65_536, minimum=8)
    doc = _list_credential(short, REV_URL, "revocation")
    cred = _credential(_entry("revocation", 1, REV_URL))
    assert _unavailable(cred, lambda u: doc).details["reason"] == "STATUS_LIST_LENGTH_ERROR"
    # An ecosystem may lower the bound explicitly.
    assert ds.check_credential_status(
        cred, status=lambda u: doc, issuer=ISSUER, now=NOW, resolver=None, minimum_entries=65_536
    )[0].valid
    full = _list_credential(ds.StatusList(), REV_URL, "revocation")
    far = _credential(_entry("revocation", 131_072, REV_URL))
    assert _unavailable(far, lambda u: full).details["reason"] == "RANGE_ERROR"


def test_malformed_list_fails_closed() -> None:
    """A signed list whose encodedList is not GZIP: the proof holds, the list is unusable."""
    doc = _list_credential(ds.StatusList(), REV_URL, "revocation")
    unsigned = {k: v for k, v in doc.items() if k != "proof"}
    unsigned["credentialSubject"] = dict(unsigned["credentialSubject"], encodedList="uAAAA")
    bad = ds.issue_credential(unsigned, key=KEY, verification_method=VM, created=T0)
    cred = _credential(_entry("revocation", 1, REV_URL))
    assert _unavailable(cred, lambda u: bad).details["reason"] == "MALFORMED_VALUE_ERROR"
    not_a_list = ds.issue_credential(
        {k: v for k, v in unsigned.items() if k != "type"} | {"type": ["VerifiableCredential"]},
        key=KEY,
        verification_method=VM,
        created=T0,
    )
    _unavailable(cred, lambda u: not_a_list)


def test_malformed_entry_is_a_verification_error(lists: Lists) -> None:
    cred = _credential(_entry("revocation", 1, REV_URL) | {"statusListIndex": 1})
    with pytest.raises(MalformedVerificationInputError):
        ds.verify_credential(cred, now=NOW, status=lists.fetch)
    other = _credential({"type": "StatusList2021Entry", "statusListIndex": "1"})
    with pytest.raises(UnsupportedVerificationInputError):
        ds.verify_credential(other, now=NOW, status=lists.fetch)


def test_status_argument_must_be_callable(lists: Lists) -> None:
    cred = _credential(_entry("revocation", 1, REV_URL))
    with pytest.raises(MalformedVerificationInputError):
        ds.verify_credential(cred, now=NOW, status="https://example")


def test_spec_signed_examples_are_refused_by_a_strict_verifier(vectors: Path) -> None:
    """The Recommendation's signed Examples 4 and 5 name a bare did:key as verificationMethod.

    A bare DID is not a verification method listed under assertionMethod, so
    the strict Data Integrity check refuses the status list, and the status
    check fails closed. (Their signatures only verify with a lenient key lookup.)
    """
    rec = vectors / "w3c-vc-bitstring-status-list/transitions/2025/REC"
    credential, status_list = (
        json.loads((rec / f"index.html-example-{n}-eddsa-rdfc-2022.json").read_text())
        for n in (4, 5)
    )
    assert status_list["proof"]["verificationMethod"].count("#") == 0
    err: StatusUnavailableError
    with pytest.raises(StatusUnavailableError) as exc:
        ds.check_credential_status(
            credential,
            status=lambda u: status_list,
            issuer=credential["issuer"],
            now=NOW,
            resolver=None,
        )
    err = exc.value
    assert err.details["reason"] == "STATUS_VERIFICATION_ERROR"
    assert isinstance(err.__cause__, MalformedVerificationInputError)
    # The list itself is the spec's all-zero list; the entry is index 94567.
    assert ds.StatusList.decode(status_list["credentialSubject"]["encodedList"]).get(94567) == 0


# -- the resolver: cache, TTL, injected clock ---------------------------------------------


class Clock:
    def __init__(self) -> None:
        self.t = 1000.0

    def __call__(self) -> float:
        return self.t


def test_resolver_caches_until_its_ttl(lists: Lists) -> None:
    clock = Clock()
    resolver = ds.StatusListResolver(lists.fetch, ttl=60, clock=clock)
    cred = _credential(_entry("revocation", 1234, REV_URL))
    for _ in range(5):
        ds.verify_credential(cred, now=NOW, status=resolver)
    assert lists.calls == [REV_URL]
    lists.revocation.set(1234, 1)
    lists.publish()
    clock.t += 59
    ds.verify_credential(cred, now=NOW, status=resolver)  # still the cached list
    clock.t += 1
    with pytest.raises(RevokedError):
        ds.verify_credential(cred, now=NOW, status=resolver)
    assert lists.calls == [REV_URL, REV_URL]
    resolver.invalidate(REV_URL)
    with pytest.raises(RevokedError):
        ds.verify_credential(cred, now=NOW, status=resolver)
    assert len(lists.calls) == 3


def test_resolver_honours_the_lists_ttl_in_milliseconds() -> None:
    clock = Clock()
    calls: list[str] = []
    doc = _list_credential(ds.StatusList(), REV_URL, "revocation", ttl=10_000)  # 10 s

    def fetch(url: str) -> Any:
        calls.append(url)
        return doc

    resolver = ds.StatusListResolver(fetch, ttl=300, clock=clock)
    cred = _credential(_entry("revocation", 1, REV_URL))
    ds.verify_credential(cred, now=NOW, status=resolver)
    clock.t += 9.9
    ds.verify_credential(cred, now=NOW, status=resolver)
    assert len(calls) == 1
    clock.t += 0.2
    ds.verify_credential(cred, now=NOW, status=resolver)
    assert len(calls) == 2


def test_resolver_does_not_cache_failures(lists: Lists) -> None:
    clock = Clock()
    resolver = ds.StatusListResolver(lists.fetch, ttl=60, clock=clock)
    cred = _credential(_entry("revocation", 1, REV_URL))
    lists.override[REV_URL] = TimeoutError()
    _unavailable(cred, resolver)
    del lists.override[REV_URL]
    ds.verify_credential(cred, now=NOW, status=resolver)


def test_resolver_keeps_checking_validity_of_cached_lists() -> None:
    """A cached list past its validUntil is refused even while the cache is fresh."""
    clock = Clock()
    doc = _list_credential(
        ds.StatusList(), REV_URL, "revocation", valid_until=NOW + timedelta(minutes=1)
    )
    resolver = ds.StatusListResolver(lambda u: doc, ttl=3600, clock=clock)
    cred = _credential(_entry("revocation", 1, REV_URL))
    ds.verify_credential(cred, now=NOW, status=resolver)
    _unavailable(cred, resolver, now=NOW + timedelta(minutes=2))


def test_resolver_zero_ttl_and_eviction(lists: Lists) -> None:
    resolver = ds.StatusListResolver(lists.fetch, ttl=0)
    cred = _credential(_entry("revocation", 1, REV_URL))
    ds.verify_credential(cred, now=NOW, status=resolver)
    ds.verify_credential(cred, now=NOW, status=resolver)
    assert len(lists.calls) == 2
    small = ds.StatusListResolver(lists.fetch, ttl=60, max_entries=1)
    small.get(REV_URL)
    small.get(SUS_URL)
    small.get(REV_URL)
    assert len(lists.calls) == 5


def test_resolver_arguments_are_checked() -> None:
    with pytest.raises(ds.errors.MalformedInputError):
        ds.StatusListResolver("not callable")  # type: ignore[arg-type]
    with pytest.raises(ds.errors.MalformedInputError):
        ds.StatusListResolver(lambda u: None, ttl=-1)
    with pytest.raises(ds.errors.MalformedInputError):
        ds.StatusListResolver(lambda u: None, max_entries=0)


# -- malformed but signed lists, defaults, caching keys -----------------------------------


def _signed_variant(
    mutate: Callable[[dict[str, Any]], None],
    *,
    sl: ds.StatusList | None = None,
    url: str = REV_URL,
) -> dict[str, Any]:
    doc = _list_credential(sl if sl is not None else ds.StatusList(), url, "revocation")
    unsigned = copy.deepcopy({k: v for k, v in doc.items() if k != "proof"})
    mutate(unsigned)
    return ds.issue_credential(unsigned, key=KEY, verification_method=VM, created=T0)


@pytest.mark.parametrize(
    "mutate",
    [
        lambda d: d["credentialSubject"].update(type="StatusList2021"),
        lambda d: d["credentialSubject"].update(statusPurpose=[]),
        lambda d: d["credentialSubject"].update(statusPurpose=["revocation", 3]),
        lambda d: d["credentialSubject"].update(ttl=-1),
        lambda d: d["credentialSubject"].update(ttl="1000"),
        lambda d: d["credentialSubject"].update(statusSize=0),
        lambda d: d.update(credentialSubject=[d["credentialSubject"], {"id": "urn:x"}]),
        lambda d: d["credentialSubject"].pop("encodedList"),
    ],
)
def test_signed_but_malformed_lists_fail_closed(mutate: Callable[[dict[str, Any]], None]) -> None:
    bad = _signed_variant(mutate)
    cred = _credential(_entry("revocation", 1, REV_URL))
    err = _unavailable(cred, lambda u: bad)
    assert err.details["reason"] in {"MALFORMED_VALUE_ERROR", "STATUS_VERIFICATION_ERROR"}


def test_single_subject_array_and_issuer_object_are_accepted() -> None:
    def mutate(d: dict[str, Any]) -> None:
        d["credentialSubject"] = [d["credentialSubject"]]
        d["issuer"] = {"id": ISSUER, "name": "某市社会保险事业管理中心"}

    doc = _signed_variant(mutate)
    cred = _credential(_entry("revocation", 1, REV_URL))
    assert ds.verify_credential(cred, now=NOW, status=lambda u: doc).status[0].valid
    # JSON text from the fetcher is parsed strictly.
    text = json.dumps(doc)
    assert ds.verify_credential(cred, now=NOW, status=lambda u: text).status[0].valid


def test_now_defaults_to_the_clock_and_must_be_aware(lists: Lists) -> None:
    cred = _credential(_entry("revocation", 1, REV_URL))
    assert ds.check_credential_status(
        cred, status=lists.fetch, issuer=ISSUER, now=None, resolver=None
    )
    with pytest.raises(MalformedVerificationInputError):
        ds.check_credential_status(
            cred, status=lists.fetch, issuer=ISSUER, now=datetime(2026, 1, 1), resolver=None
        )
    with pytest.raises(MalformedVerificationInputError):
        ds.check_credential_status(cred, status=lists.fetch, issuer=None, now=NOW, resolver=None)  # type: ignore[arg-type]


def test_default_resolvers_share_one_cached_verification(lists: Lists) -> None:
    """verify_credential builds a fresh offline DIDResolver per call; the cache still hits."""
    resolver = ds.StatusListResolver(lists.fetch, ttl=60)
    cred = _credential(_entry("revocation", 1, REV_URL))
    for _ in range(3):
        ds.verify_credential(cred, now=NOW, status=resolver)
    assert len(resolver._entries[REV_URL].verified) == 1
    # Another offline resolver resolves alike: still the same entry.
    ds.verify_credential(cred, now=NOW, status=resolver, resolver=ds.DIDResolver(cache_ttl=1))
    assert len(resolver._entries[REV_URL].verified) == 1
    # Resolvers that can resolve differently (did:web) are kept apart; the memo stays bounded.
    for _ in range(20):
        did_web = ds.DIDResolver(web_fetcher=lambda url: {})
        ds.verify_credential(cred, now=NOW, status=resolver, resolver=did_web)
    assert len(resolver._entries[REV_URL].verified) == 8
    assert lists.calls == [REV_URL]


def test_repeated_checks_reuse_results_but_keep_per_call_checks(lists: Lists) -> None:
    resolver = ds.StatusListResolver(lists.fetch, ttl=60)
    cred = _credential(_entry("revocation", 1, REV_URL))
    first = ds.verify_credential(cred, now=NOW, status=resolver).status
    assert ds.verify_credential(cred, now=NOW, status=resolver).status == first
    other = _credential(_entry("revocation", 1, REV_URL), key=OTHER_KEY, vm=OTHER_VM)
    _unavailable(other, resolver)  # same cached list, but the credential's issuer differs


# -- checks a mutation of status/check.py would drop unnoticed ---------------------------


def test_entries_beyond_the_plain_members_are_read_one_by_one(lists: Lists) -> None:
    """Entries with a member outside the plain six (statusReference here) are not cached under
    one shared key: after a valid one is read from the cached list, a revoked one still reads
    revoked."""
    lists.revocation.set(20, 1)
    lists.publish()
    resolver = ds.StatusListResolver(lists.fetch, ttl=300)
    ref = {"statusReference": "https://si.example.gov.cn/status/policy"}
    valid = _credential(_entry("revocation", 10, REV_URL, **ref))
    revoked = _credential(_entry("revocation", 20, REV_URL, **ref))
    assert ds.verify_credential(valid, now=NOW, status=resolver).status[0].valid
    with pytest.raises(RevokedError):
        ds.verify_credential(revoked, now=NOW, status=resolver)
    both = _credential(
        [_entry("revocation", 10, REV_URL, **ref), _entry("revocation", 20, REV_URL, **ref)]
    )
    with pytest.raises(RevokedError):
        ds.verify_credential(both, now=NOW, status=resolver)
    assert lists.calls == [REV_URL]  # one fetch: every read above came from the cached list


def test_a_list_shaped_credential_that_is_not_a_status_list_credential_is_refused(
    lists: Lists,
) -> None:
    """Signed by the issuer, list-shaped subject, but not typed BitstringStatusListCredential."""
    doc = copy.deepcopy(lists.docs[REV_URL])
    del doc["proof"]
    doc["type"] = ["VerifiableCredential"]
    lists.override[REV_URL] = ds.issue_credential(doc, key=KEY, verification_method=VM, created=T0)
    cred = _credential(_entry("revocation", 10, REV_URL))
    with pytest.raises(StatusUnavailableError) as exc:
        ds.verify_credential(cred, now=NOW, status=lists.fetch)
    assert exc.value.details["reason"] == "STATUS_VERIFICATION_ERROR"
    assert "BitstringStatusListCredential" in exc.value.message
    del lists.override[REV_URL]
    assert ds.verify_credential(cred, now=NOW, status=lists.fetch).status[0].valid


def test_multi_bit_entry_reads_only_its_own_bits() -> None:
    """statusSize 2: the entry before 4242 has its low bit set; 4242 still reads 2, not 6."""
    url = "https://si.example.gov.cn/status/msg/2"
    sl = ds.StatusList(bits=2)
    sl.set(4241, 1)
    sl.set(4242, 2)
    doc = _list_credential(sl, url, "message", status_messages=MESSAGES)
    for index, value in ((4241, 1), (4242, 2), (4243, 0)):
        cred = _credential(
            _entry("message", index, url, statusSize=2, statusMessage=ENTRY_MESSAGES)
        )
        result = ds.verify_credential(cred, now=NOW, status=lambda u: doc).status[0]
        assert (result.status, result.message) == (value, MESSAGES[value])
