"""SD-JWT benchmarks: verify (10 disclosures + key binding) and issue (10 disclosable claims).

A plain script: prints each figure and its ratio against the raw primitive
measured in the same run. Run from the project root:

    python benchmarks/bench_sdjwt.py

The comparison with the reference implementation (sd-jwt 0.10.4) runs when
``sd_jwt`` is importable, e.g. with /work/venv-sdjwt/bin/python (see
benchmarks/README.md, section "SD-JWT").
"""

from __future__ import annotations

import json
import sys
import time
import timeit
from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

import nacl.signing

import didkit_shebao as ds

NONCE, AUD = "bench-nonce", "https://verifier.example.cn"
CLAIMS = {
    "name": "张三",
    "citizen_id": "11010519491231002X",
    "birth_date": "1949-12-31",
    "region": "110105",
    "employer": {"name": "北京某某有限公司", "uscc": "91110105MA01ABCD2X"},
    "insurances": [
        {"type": "pension", "status": "active", "since": "2001-07-01"},
        {"type": "medical", "status": "active", "since": "2001-07-01"},
    ],
    "age_over_18": True,
    "age_over_60": True,
    "retirement_age_reached": True,
    "title": "高级工程师",
    "phone": "+86-10-12345678",
}
DISCLOSABLE = [
    "/name",
    "/citizen_id",
    "/birth_date",
    "/employer",
    "/insurances/0",
    "/insurances/1",
    "/age_over_18",
    "/age_over_60",
    "/retirement_age_reached",
    "/title",
]


def best(fn: Callable[[], object], number: int, repeat: int = 7) -> float:
    """Best per-call time in microseconds."""
    return (
        min(timeit.repeat(fn, number=number, repeat=repeat, timer=time.process_time))
        / number
        * 1e6
    )


def main() -> None:
    issuer = ds.Ed25519Key.from_seed(b"\x01" * 32)
    holder = ds.Ed25519Key.from_seed(b"\x02" * 32)
    now = datetime.now(UTC)
    sd_jwt = ds.issue_sd_jwt(
        CLAIMS,
        key=issuer,
        issuer=ds.did_key(issuer),
        disclosable=DISCLOSABLE,
        vct="urn:cn:mohrss:insurance-status:1",
        holder_key=holder,
        issued_at=now,
        decoys=2,
    )
    presentation = ds.present_sd_jwt(
        sd_jwt,
        disclose=DISCLOSABLE,
        holder_key=holder,
        nonce=NONCE,
        audience=AUD,
        now=now,
    )
    n_disclosures = presentation.count("~") - 1
    issuer_public = issuer.public_key  # the cached, parsed issuer key

    # Raw primitive: PyNaCl Ed25519 verify of the issuer-signed JWT's signing input.
    jws = presentation.split("~", 1)[0]
    signing_input = jws.rsplit(".", 1)[0].encode("ascii")
    raw_sig = nacl.signing.SigningKey(b"\x01" * 32).sign(signing_input).signature
    verify_key = nacl.signing.VerifyKey(issuer_public.raw)
    raw_verify = best(lambda: verify_key.verify(signing_input, raw_sig), 2000)

    ours = best(
        lambda: ds.verify_sd_jwt(
            presentation, nonce=NONCE, audience=AUD, issuer_key=issuer_public, now=now
        ),
        500,
    )
    print(f"presentation: {n_disclosures} disclosures + KB-JWT, {len(presentation)} bytes")
    print(f"raw Ed25519 verify (PyNaCl)          {raw_verify:8.1f} µs")
    print(
        f"verify_sd_jwt (10 disclosures + KB)  {ours:8.1f} µs  = "
        f"{ours / (2 * raw_verify):.2f} × two raw verifies (target ≤ 2.0)"
    )

    try:
        import jwcrypto.jwk
        from sd_jwt.verifier import SDJWTVerifier
    except ImportError:
        print("sd-jwt 0.10.4 not installed: reference comparison skipped")
    else:

        class Verifier(SDJWTVerifier):  # type: ignore[misc]
            def _verify_key_binding_jwt(self, aud=None, nonce=None, sign_alg=None):  # type: ignore[no-untyped-def]
                super()._verify_key_binding_jwt(aud, nonce, sign_alg="EdDSA")

        issuer_jwk = jwcrypto.jwk.JWK.from_json(json.dumps(issuer.public_jwk))

        def reference() -> object:
            v = Verifier(presentation, lambda iss, h: issuer_jwk, AUD, NONCE)
            return v.get_verified_payload()

        mine = ds.verify_sd_jwt(
            presentation, nonce=NONCE, audience=AUD, issuer_key=issuer_public, now=now
        ).claims
        assert reference() == mine, "the reference implementation disagrees"
        theirs = best(reference, 100)
        print(
            f"sd-jwt 0.10.4 SDJWTVerifier         {theirs:8.1f} µs  → ours is "
            f"{theirs / ours:.1f} × faster (target ≥ 5)"
        )

    # For information: a phone-style P-256 holder (ES256 KB-JWT), same claims.
    phone = ds.P256Key.from_secret(b"\x03" * 32)
    sd_phone = ds.issue_sd_jwt(
        CLAIMS,
        key=issuer,
        issuer=ds.did_key(issuer),
        disclosable=DISCLOSABLE,
        vct="urn:cn:mohrss:insurance-status:1",
        holder_key=phone,
        issued_at=now,
        decoys=2,
    )
    pres_phone = ds.present_sd_jwt(
        sd_phone, disclose=DISCLOSABLE, holder_key=phone, nonce=NONCE, audience=AUD, now=now
    )
    ours_phone = best(
        lambda: ds.verify_sd_jwt(
            pres_phone, nonce=NONCE, audience=AUD, issuer_key=issuer_public, now=now
        ),
        300,
    )
    print(f"verify_sd_jwt, P-256 holder (ES256)  {ours_phone:8.1f} µs  (information)")

    signing_key = nacl.signing.SigningKey(b"\x01" * 32)

    def issue() -> str:
        return ds.issue_sd_jwt(
            CLAIMS,
            key=issuer,
            issuer=issuer_did,
            disclosable=DISCLOSABLE,
            vct="urn:cn:mohrss:insurance-status:1",
            holder_key=holder,
            issued_at=now,
        )

    issuer_did = ds.did_key(issuer)
    # Raw primitive: PyNaCl sign of a message as long as the issued JWT's signing input.
    message = issue().split("~", 1)[0].rsplit(".", 1)[0].encode("ascii")
    raw_sign = best(lambda: signing_key.sign(message), 2000)
    issued = best(issue, 500)
    print(f"raw Ed25519 sign (PyNaCl, {len(message)} B)    {raw_sign:8.1f} µs")
    print(
        f"issue_sd_jwt (10 disclosable claims) {issued:8.1f} µs  = "
        f"{issued / raw_sign:.2f} × one raw sign (target ≤ 3.0)"
    )


if __name__ == "__main__":
    main()
