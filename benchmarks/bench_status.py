"""Status checks against cached lists, as ratios to one raw PyNaCl Ed25519 verify.

Run: ``python benchmarks/bench_status.py`` from the project root.

Target (DESIGN.md §7): a status check against a cached 131,072-entry list
costs at most 0.1 × one raw Ed25519 verify measured in the same run.
"""

from __future__ import annotations

import statistics
import sys
import timeit
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import nacl.signing

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

import didkit_shebao as ds

TARGET = 0.1


def per_call_us(fn: Callable[[], Any], *, number: int, repeat: int = 7) -> float:
    """Median over *repeat* runs of the mean time per call, in microseconds."""
    fn()
    runs = timeit.repeat(fn, number=number, repeat=repeat)
    return statistics.median(runs) / number * 1e6


def main() -> None:
    # Raw primitive: PyNaCl Ed25519 verify of a 200-byte message.
    signing = nacl.signing.SigningKey(bytes(range(32)))
    verify_key = signing.verify_key
    message = bytes(200)
    signature = signing.sign(message).signature
    raw = per_call_us(lambda: verify_key.verify(message, signature), number=2_000)

    key = ds.Ed25519Key.from_seed(bytes(range(32)))
    issuer = ds.did_key(key)
    vm = f"{issuer}#{issuer.removeprefix('did:key:')}"
    t0 = datetime(2026, 1, 1, tzinfo=UTC)
    now = t0 + timedelta(days=1)
    url = "https://si.example.gov.cn/status/rev/1"

    # A realistic list: 131,072 entries with 1 % of them revoked at random places.
    manager = ds.StatusListManager(url=url)
    indices = [manager.allocate() for _ in range(2_000)]
    for i in indices[::2]:
        manager.revoke(i)
    published = manager.publish_credential(issuer=issuer, key=key, verification_method=vm, now=t0)
    valid_index = indices[1]
    credential = ds.issue_credential(
        {
            "@context": ["https://www.w3.org/ns/credentials/v2"],
            "type": ["VerifiableCredential"],
            "issuer": issuer,
            "credentialSubject": {"id": "did:example:citizen"},
            "credentialStatus": manager.entry(valid_index),
        },
        key=key,
        verification_method=vm,
        created=t0,
    )
    resolver = ds.StatusListResolver(lambda u: published, ttl=3600)
    did_resolver = ds.DIDResolver()

    def check() -> Any:
        return ds.check_credential_status(
            credential, status=resolver, issuer=issuer, now=now, resolver=did_resolver
        )

    assert check()[0].valid  # warm the cache: fetch, verify and decode once
    cached = per_call_us(check, number=20_000)

    # Token Status List: cached check of a 131,072-entry 2-bit list.
    tmanager = ds.StatusListManager(url=url + "/token", kind="token", size=131_072, bits=2)
    tindex = tmanager.allocate()
    token = tmanager.publish_token(issuer=issuer, key=key, now=t0)
    tresolver = ds.StatusListResolver(lambda u: token, ttl=3600)
    claim = tmanager.entry(tindex)

    def check_token() -> Any:
        return ds.check_token_status(
            claim, status=tresolver, issuer=issuer, now=now, resolver=did_resolver
        )

    assert check_token().valid
    token_cached = per_call_us(check_token, number=20_000)

    # The cold path, for reference: fetch + proof verification + decode, no cache.
    cold = per_call_us(
        lambda: ds.check_credential_status(
            credential, status=lambda u: published, issuer=issuer, now=now, resolver=did_resolver
        ),
        number=100,
        repeat=5,
    )
    lookup = per_call_us(lambda: manager.status(valid_index), number=200_000)

    rows = [
        ("raw PyNaCl Ed25519 verify", raw, None),
        ("bitstring status check, cached 131,072-entry list", cached, TARGET),
        ("token status check, cached 131,072-entry list", token_cached, TARGET),
        ("bitstring status check, uncached (fetch+verify+decode)", cold, None),
        ("StatusList.get (bit lookup alone)", lookup, None),
    ]
    print(f"{'operation':58} {'µs/call':>10} {'× raw verify':>13}  target")
    for name, value, target in rows:
        ratio = value / raw
        verdict = "" if target is None else ("≤ 0.1 ok" if ratio <= target else "≤ 0.1 MISSED")
        print(f"{name:58} {value:10.2f} {ratio:13.3f}  {verdict}")
    if cached / raw > TARGET or token_cached / raw > TARGET:
        raise SystemExit(1)


if __name__ == "__main__":
    main()
