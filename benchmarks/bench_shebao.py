"""Domain-layer costs, as ratios against raw Ed25519 measured in the same run.

Run: python benchmarks/bench_shebao.py
"""

from __future__ import annotations

import sys
import timeit
from datetime import date
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from nacl.signing import SigningKey

import didkit_shebao as ds
from didkit_shebao import shebao


def per_call(fn: object, number: int) -> float:
    """Best of five runs, microseconds per call."""
    best = min(timeit.repeat(fn, number=number, repeat=5))  # type: ignore[arg-type]
    return best / number * 1e6


def main() -> None:
    raw_key = SigningKey(bytes(32))
    message = b"x" * 200
    signed = raw_key.sign(message)
    raw_sign = per_call(lambda: raw_key.sign(message), 2000)
    raw_verify = per_call(lambda: raw_key.verify_key.verify(signed), 2000)

    agency = ds.Ed25519Key.from_seed(bytes(32))
    agency_did = ds.did_key(agency)
    holder = ds.did_key(ds.Ed25519Key.from_seed(bytes([1]) * 32))

    def build() -> shebao.InsuranceStatus:
        return shebao.InsuranceStatus(
            holder,
            "张三",
            "11010519491231002X",
            "110105",
            [
                shebao.Insurance("pension", "active", "2001-07-01", local_code="1"),
                shebao.Insurance("medical", "active", "2003-02-01"),
                shebao.Insurance("unemployment", "active", "2003-02-01"),
            ],
            shebao.Employer("福州某某科技有限公司", "91350100M000100Y43"),
            as_of=date(2025, 3, 1),
        )

    status = build()
    vc = status.to_vc(issuer=agency_did)
    claims, disclosable = status.to_sd_jwt_claims()
    figures = {
        "validate_citizen_id": (
            per_call(lambda: shebao.validate_citizen_id("11010519491231002X"), 20000),
            raw_verify,
            "raw verify",
        ),
        "validate_uscc": (
            per_call(lambda: shebao.validate_uscc("91350100M000100Y43"), 20000),
            raw_verify,
            "raw verify",
        ),
        "InsuranceStatus(...) incl. 2 schema validations": (
            per_call(build, 500),
            raw_sign,
            "raw sign",
        ),
        "to_vc (incl. schema validation)": (
            per_call(lambda: status.to_vc(issuer=agency_did), 500),
            raw_sign,
            "raw sign",
        ),
        "validate_credential": (
            per_call(lambda: shebao.validate_credential(vc), 500),
            raw_verify,
            "raw verify",
        ),
        "issue_sd_jwt of to_sd_jwt_claims (13 disclosable)": (
            per_call(
                lambda: ds.issue_sd_jwt(
                    claims,
                    key=agency,
                    issuer=agency_did,
                    disclosable=disclosable,
                    vct=shebao.INSURANCE_STATUS_VCT,
                ),
                300,
            ),
            raw_sign,
            "raw sign",
        ),
    }
    print(f"raw Ed25519 sign   {raw_sign:8.1f} us")
    print(f"raw Ed25519 verify {raw_verify:8.1f} us")
    for name, (value, base, base_name) in figures.items():
        print(f"{name:50s} {value:8.1f} us  = {value / base:5.2f} x {base_name}")


if __name__ == "__main__":
    main()
