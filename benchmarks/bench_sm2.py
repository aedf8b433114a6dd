"""Benchmark: SM2 (国密) raw sign / verify against Ed25519, and an SM2 credential's verification.

Run: ``python benchmarks/bench_sm2.py`` (needs the extra ``gm``). Prints each
figure and its ratio, all measured in the same run (issue 15, point 7: an
SM2 ``shebao-sm2-jcs-2026`` credential should verify in at most 1.3 raw SM2
verifies). "Raw SM2 verify" is ``SM2PublicKey.verify`` of a 64-byte message
(SM3 with Z_A, then the verification equation), as a server that has
resolved the issuer's key runs it; GmSSL's own verify over a precomputed
digest is shown beside it for reference.
"""

from __future__ import annotations

import sys
from datetime import UTC, datetime, timedelta
from pathlib import Path

import nacl.signing
from bench_vc import interleaved

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

import didkit_shebao as ds
from didkit_shebao import _sm2

NOW = datetime(2025, 6, 1, tzinfo=UTC)
SUITE = "shebao-sm2-jcs-2026"


def main() -> None:
    gm = _sm2.backend()
    message = bytes(range(64))

    ed = nacl.signing.SigningKey(b"\x07" * 32)
    ed_sig = ed.sign(message).signature
    ed_verify = ed.verify_key

    key = ds.SM2Key.generate()
    public = key.public_key
    sm2_sig = key.sign(message)
    public.verify(message, sm2_sig)
    public.verify(message, sm2_sig)  # the second use builds the key's comb table
    e = public.digest(message)
    secret = key.private_jwk["d"]
    d = ds._encoding.b64url_decode(secret)
    xy = public.uncompressed[1:]
    gm_der = gm.sm2_sign_sm3_digest(d, e)
    assert gm.sm2_verify_sm3_digest(xy, e, gm_der)

    did = ds.did_key(key)
    resolver = ds.DIDResolver()
    vc = ds.issue_credential(
        {
            "@context": ["https://www.w3.org/ns/credentials/v2"],
            "id": "urn:uuid:3d1f0a1e-5c7b-4b7e-9a0e-0c0ffee00015",
            "type": ["VerifiableCredential"],
            "issuer": {"id": did, "name": "某市人力资源和社会保障局"},
            "validFrom": "2025-01-01T00:00:00Z",
            "validUntil": "2030-01-01T00:00:00Z",
            "credentialSubject": {
                "id": "did:example:citizen-0001",
                "name": "王小明",
                "insurance": {"type": "pension", "status": "active", "since": "2010-07-01"},
            },
        },
        key=key,
        verification_method=f"{did}#{key.public_multibase}",
        cryptosuite=SUITE,
        created=NOW - timedelta(days=1),
    )
    ds.verify_credential(vc, resolver=resolver, now=NOW)

    names = [
        "raw PyNaCl Ed25519 sign",
        "raw PyNaCl Ed25519 verify",
        "raw GmSSL SM2 sign (digest)",
        "raw GmSSL SM2 verify (digest)",
        "SM2Key.sign (Z_A, SM3, GmSSL)",
        "SM2PublicKey.verify (raw SM2 verify)",
        f"verify_credential, {SUITE}",
    ]
    times = interleaved(
        [
            lambda: ed.sign(message),
            lambda: ed_verify.verify(message, ed_sig),
            lambda: gm.sm2_sign_sm3_digest(d, e),
            lambda: gm.sm2_verify_sm3_digest(xy, e, gm_der),
            lambda: key.sign(message),
            lambda: public.verify(message, sm2_sig),
            lambda: ds.verify_credential(vc, resolver=resolver, now=NOW),
        ],
        repeats=25,  # SM2 calls take milliseconds: more rounds to find each one's quiet best
    )
    t = dict(zip(names, times, strict=True))
    raw = t["SM2PublicKey.verify (raw SM2 verify)"]
    for name, seconds in t.items():
        print(f"{name:42s} {seconds * 1e6:9.1f} µs")
    print()
    print(
        f"SM2 sign / Ed25519 sign:     {t['SM2Key.sign (Z_A, SM3, GmSSL)'] / t[names[0]]:6.1f} ×"
    )
    print(f"SM2 verify / Ed25519 verify: {raw / t[names[1]]:6.1f} ×")
    print(f"SM2 verify / GmSSL verify:   {raw / t[names[3]]:6.2f} ×")
    ratio = t[names[-1]] / raw
    print(f"SM2 credential verify:       {ratio:6.2f} × raw SM2 verify (target ≤ 1.3)")


if __name__ == "__main__":
    main()
