"""Issuer side: random index allocation, status changes, published history for anchoring."""

from __future__ import annotations

import hashlib
import json
from datetime import UTC, datetime, timedelta

import pytest

import didkit_shebao as ds
from didkit_shebao.errors import MalformedInputError, RevokedError, StatusListError, SuspendedError

KEY = ds.Ed25519Key.from_seed(bytes(range(32)))
ISSUER = ds.did_key(KEY)
VM = f"{ISSUER}#{ISSUER.removeprefix('did:key:')}"
URL = "https://si.example.gov.cn/status/rev/1"
T0 = datetime(2026, 1, 1, tzinfo=UTC)


class Scripted:
    """A randbelow that replays given values (then falls back to n - 1)."""

    def __init__(self, *values: int) -> None:
        self.values = list(values)
        self.asked: list[int] = []

    def __call__(self, n: int) -> int:
        self.asked.append(n)
        return self.values.pop(0) if self.values else n - 1


def test_allocation_is_random_and_never_repeats() -> None:
    rng = Scripted(42, 42, 42, 7)
    m = ds.StatusListManager(url=URL, randbelow=rng)
    assert m.allocate() == 42
    assert m.allocate() == 7  # 42 is taken: drawn again
    assert rng.asked == [131_072] * 4
    assert m.allocated_count == 2
    assert m.is_allocated(42)
    assert not m.is_allocated(43)


def test_default_allocation_uses_secrets_and_spreads() -> None:
    m = ds.StatusListManager(url=URL)
    got = {m.allocate() for _ in range(200)}
    assert len(got) == 200
    assert max(got) > 65_536
    assert min(got) < 65_536


def test_full_list_and_fallback_scan() -> None:
    m = ds.StatusListManager(url=URL, kind="token", size=8, randbelow=lambda n: 0)
    got = [m.allocate() for _ in range(8)]
    assert sorted(got) == list(range(8))
    with pytest.raises(StatusListError) as exc:
        m.allocate()
    assert exc.value.code == "status_list_error"


def test_revoked_index_is_never_reused_and_cannot_be_resumed() -> None:
    m = ds.StatusListManager(url=URL, kind="token", size=4, bits=2, randbelow=lambda n: 0)
    i = m.allocate()
    m.revoke(i)
    assert m.status(i) == 1
    with pytest.raises(StatusListError):
        m.resume(i)
    with pytest.raises(StatusListError):
        m.suspend(i)
    with pytest.raises(StatusListError):
        m.set_status(i, 0)
    assert i not in {m.allocate() for _ in range(3)}


def test_operations_follow_the_lists_purpose() -> None:
    rev = ds.StatusListManager(url=URL, randbelow=Scripted(1))
    i = rev.allocate()
    with pytest.raises(StatusListError):
        rev.suspend(i)
    with pytest.raises(StatusListError):
        rev.resume(i)
    rev.revoke(i)
    with pytest.raises(StatusListError):
        rev.set_status(i, 0)
    sus = ds.StatusListManager(url=URL, purpose="suspension", randbelow=Scripted(2))
    j = sus.allocate()
    with pytest.raises(StatusListError):
        sus.revoke(j)
    sus.suspend(j)
    assert sus.status(j) == 1
    sus.resume(j)
    assert sus.status(j) == 0
    one_bit_token = ds.StatusListManager(url=URL, kind="token", size=16)
    k = one_bit_token.allocate()
    with pytest.raises(StatusListError):
        one_bit_token.suspend(k)
    with pytest.raises(StatusListError):
        rev.revoke(5)  # never allocated


def test_entries() -> None:
    m = ds.StatusListManager(url=URL, randbelow=Scripted(94567))
    i = m.allocate()
    assert m.entry(i) == {
        "id": f"{URL}#94567",
        "type": "BitstringStatusListEntry",
        "statusPurpose": "revocation",
        "statusListIndex": "94567",
        "statusListCredential": URL,
    }
    t = ds.StatusListManager(url=URL, kind="token", size=64, randbelow=Scripted(3))
    assert t.entry(t.allocate()) == {"status_list": {"idx": 3, "uri": URL}}
    msg = ds.StatusListManager(
        url=URL,
        purpose="message",
        bits=2,
        status_messages=["a", "b", "c", "d"],
        randbelow=Scripted(1),
    )
    e = msg.entry(msg.allocate())
    assert e["statusSize"] == 2
    assert e["statusMessage"][3] == {"status": "0x3", "message": "d"}
    with pytest.raises(MalformedInputError):
        ds.StatusListManager(url=URL, purpose="message", bits=2, status_messages=["a"])
    with pytest.raises(MalformedInputError):
        ds.StatusListManager(url=URL, purpose="refresh-later")


def _credential(entry: dict[str, object]) -> dict[str, object]:
    return ds.issue_credential(
        {
            "@context": ["https://www.w3.org/ns/credentials/v2"],
            "type": ["VerifiableCredential"],
            "issuer": ISSUER,
            "credentialSubject": {"id": "did:example:citizen"},
            "credentialStatus": entry,
        },
        key=KEY,
        verification_method=VM,
        created=T0,
    )


def test_revoke_then_publish_then_verify_and_match_the_anchored_digest() -> None:
    m = ds.StatusListManager(url=URL)
    i = m.allocate()
    cred = _credential(m.entry(i))
    v1 = m.publish_credential(issuer=ISSUER, key=KEY, verification_method=VM, now=T0)
    now = T0 + timedelta(days=1)
    result = ds.verify_credential(cred, now=now, status=lambda u: v1).status[0]
    m.revoke(i)
    v2 = m.publish_credential(issuer=ISSUER, key=KEY, verification_method=VM, now=now)
    with pytest.raises(RevokedError):
        ds.verify_credential(cred, now=now, status=lambda u: v2)
    versions = m.versions()
    assert [v.version for v in versions] == [1, 2]
    assert versions[0].document() == v1
    assert versions[1].document() == v2
    # What a verifier reports is the digest of exactly the bytes that were published.
    assert result.list_digest == versions[0].digest_hex
    assert versions[0].digest == hashlib.sha256(versions[0].artifact).digest()
    assert versions[0].digest != versions[1].digest


def test_token_manager_suspend_resume_and_history() -> None:
    m = ds.StatusListManager(url=URL, kind="token", size=1024, bits=2)
    i = m.allocate()
    m.suspend(i)
    token = m.publish_token(issuer=ISSUER, key=KEY, now=T0, ttl=60)
    with pytest.raises(SuspendedError):
        ds.check_token_status(
            m.entry(i), status=lambda u: token, issuer=ISSUER, now=T0, resolver=None
        )
    m.resume(i)
    token2 = m.publish_token(issuer=ISSUER, key=KEY, now=T0)
    r = ds.check_token_status(
        m.entry(i), status=lambda u: token2, issuer=ISSUER, now=T0, resolver=None
    )
    assert r.valid
    assert r.list_digest == m.versions()[1].digest_hex
    assert m.versions()[0].document() == token
    with pytest.raises(StatusListError):
        m.publish_credential(issuer=ISSUER, key=KEY, verification_method=VM)
    with pytest.raises(StatusListError):
        ds.StatusListManager(url=URL).publish_token(issuer=ISSUER, key=KEY)


def test_state_round_trip_keeps_everything() -> None:
    m = ds.StatusListManager(url=URL, purpose="suspension")
    idx = [m.allocate() for _ in range(5)]
    m.suspend(idx[0])
    m.publish_credential(issuer=ISSUER, key=KEY, verification_method=VM, now=T0)
    state = json.loads(json.dumps(m.to_json()))
    again = ds.StatusListManager.from_json(state)
    assert again.status(idx[0]) == 1
    assert again.allocated_count == 5
    assert all(again.is_allocated(i) for i in idx)
    assert again.versions() == m.versions()
    assert again.to_json() == m.to_json()
    assert again.status_list() == m.status_list()
    t = ds.StatusListManager(url=URL, kind="token", size=100, bits=4)
    j = t.allocate()
    t.set_status(j, 12)
    t2 = ds.StatusListManager.from_json(t.to_json())
    assert (t2.status(j), t2.size, t2.bits) == (12, 100, 4)


@pytest.mark.parametrize(
    "mutate",
    [
        lambda s: s.update(format="other"),
        lambda s: s.pop("url"),
        lambda s: s.update(allocatedCount=99),
        lambda s: s["versions"][0].update(
            artifact=s["versions"][0]["artifact"].replace("2026", "2027")
        ),
        lambda s: s["versions"][0].update(version=2),
        lambda s: s.update(versions={}),
        lambda s: s.update(size=131_080),
        lambda s: s.update(list="uAAAA"),
    ],
)
def test_state_tampering_is_detected(mutate: object) -> None:
    m = ds.StatusListManager(url=URL)
    m.allocate()
    m.publish_credential(issuer=ISSUER, key=KEY, verification_method=VM, now=T0)
    state = json.loads(json.dumps(m.to_json()))
    mutate(state)  # type: ignore[operator]
    with pytest.raises(MalformedInputError):
        ds.StatusListManager.from_json(state)


def test_retarget_and_reserve() -> None:
    m = ds.StatusListManager(url="urn:placeholder")
    m.retarget(url=URL, purpose="suspension")
    assert (m.url, m.purpose, m.kind, m.bits, m.size) == (
        URL,
        "suspension",
        "bitstring",
        1,
        131_072,
    )
    with pytest.raises(MalformedInputError):
        m.retarget(url="")
    with pytest.raises(MalformedInputError):
        m.retarget(purpose="message")  # a message list needs its messages at creation
    m.reserve(10)
    m.reserve(10)
    assert m.allocated_count == 1
    with pytest.raises(MalformedInputError):
        m.reserve(131_072)
    m.publish_credential(issuer=ISSUER, key=KEY, verification_method=VM, now=T0)
    with pytest.raises(StatusListError):
        m.retarget(url=URL + "/2")
    assert "StatusListManager(" in repr(m)


def test_constructor_arguments() -> None:
    with pytest.raises(MalformedInputError):
        ds.StatusListManager(url="")
    with pytest.raises(MalformedInputError):
        ds.StatusListManager(url=URL, kind="crl")  # type: ignore[arg-type]
    with pytest.raises(MalformedInputError):
        ds.StatusListManager(url=URL, purpose="message", status_messages=[1, 2])  # type: ignore[list-item]
