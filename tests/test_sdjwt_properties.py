"""Tamper suite and Hypothesis properties for SD-JWT presentations."""

from __future__ import annotations

import random
import string
from datetime import UTC, datetime
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import didkit_shebao as ds
from didkit_shebao import errors
from didkit_shebao._jws import sign_jws
from didkit_shebao.sdjwt import digest, parse_sd_jwt

NOW = datetime(2026, 6, 1, tzinfo=UTC)
AUD = "https://verifier.example"
NONCE = "n-42"
ISSUER = ds.Ed25519Key.from_seed(b"\x11" * 32)
HOLDER = ds.P256Key.from_secret(b"\x22" * 32)
ISS = ds.did_key(ISSUER)

CLAIMS = {
    "name": "王五",
    "region": "310101",
    "insurances": [
        {"type": "pension", "status": "active"},
        {"type": "medical", "status": "suspended"},
    ],
    "employer": {"name": "上海某某公司", "uscc": "91310101MA1FPX1234"},
    "age_over_60": True,
}
POINTERS = [
    "/name",
    "/insurances/0",
    "/insurances/1",
    "/insurances/1/status",
    "/employer",
    "/employer/uscc",
    "/age_over_60",
]


def _issue(claims: dict[str, Any], pointers: list[str], **kw: Any) -> str:
    return ds.issue_sd_jwt(
        claims,
        key=ISSUER,
        issuer=ISS,
        disclosable=pointers,
        vct="urn:test",
        holder_key=HOLDER,
        issued_at=NOW,
        **kw,
    )


SD_JWT = _issue(CLAIMS, POINTERS)
PRESENTATION = ds.present_sd_jwt(
    SD_JWT,
    disclose=["/name", "/employer/uscc", "/insurances/1/status"],
    holder_key=HOLDER,
    nonce=NONCE,
    audience=AUD,
    now=NOW,
)
B64 = string.ascii_letters + string.digits + "-_"


def _verify(pres: str, **kw: Any) -> ds.VerifiedSDJWT:
    kw.setdefault("nonce", NONCE)
    kw.setdefault("audience", AUD)
    return ds.verify_sd_jwt(pres, now=NOW, **kw)


def test_presentation_baseline() -> None:
    v = _verify(PRESENTATION)
    assert v.claims["employer"] == {"name": "上海某某公司", "uscc": "91310101MA1FPX1234"}
    assert v.claims["insurances"] == [{"type": "medical", "status": "suspended"}]


def _substitutes(ch: str) -> list[str]:
    rng = random.Random(ord(ch))  # deterministic choice of a different character
    other = rng.choice([c for c in B64 if c != ch])
    out = [other]
    if ch != "~":
        out.append("~")
    if ch != ".":
        out.append(".")
    return out


def test_every_single_character_substitution_is_rejected() -> None:
    """Replacing any one character (by a base64url character, '~' or '.') never verifies."""
    pres = PRESENTATION
    for i, ch in enumerate(pres):
        for sub in _substitutes(ch):
            tampered = pres[:i] + sub + pres[i + 1 :]
            with pytest.raises(errors.ShebaoError):
                _verify(tampered)


def test_every_single_character_deletion_is_rejected() -> None:
    pres = PRESENTATION
    for i in range(len(pres)):
        with pytest.raises(errors.ShebaoError):
            _verify(pres[:i] + pres[i + 1 :])


def test_tampering_without_key_binding_is_rejected_too() -> None:
    """The SD-JWT alone (no KB-JWT) is protected by the signature and digests."""
    pres = ds.present_sd_jwt(SD_JWT, disclose=["/name", "/employer/uscc"])
    for i, ch in enumerate(pres[:-1]):
        sub = _substitutes(ch)[0]
        with pytest.raises(errors.ShebaoError):
            _verify(pres[:i] + sub + pres[i + 1 :], require_key_binding=False)


def _kb(sd_jwt: str) -> str:
    payload = {
        "iat": int(NOW.timestamp()),
        "aud": AUD,
        "nonce": NONCE,
        "sd_hash": digest(sd_jwt),
    }
    return sd_jwt + sign_jws({"typ": "kb+jwt"}, payload, HOLDER)


@settings(max_examples=60, deadline=None)
@given(st.sets(st.sampled_from(POINTERS)))
def test_any_subset_verifies_to_exactly_that_subset(chosen: set[str]) -> None:
    """Disclosing any set of pointers reveals those claims and their parents, nothing else."""
    pres = ds.present_sd_jwt(
        SD_JWT, disclose=sorted(chosen), holder_key=HOLDER, nonce=NONCE, audience=AUD, now=NOW
    )
    v = _verify(pres)
    expected_disclosed = {
        p for p in POINTERS if any(c == p or c.startswith(p + "/") for c in chosen)
    }
    expected_disclosed |= {p for p in POINTERS if any(p.startswith(c + "/") for c in chosen)}
    # Array indices in `disclosed` are positions in the processed array; map back.
    got = set()
    for p in v.disclosed:
        if p.startswith("/insurances/"):
            idx = int(p.split("/")[2])
            source = [i for i in (0, 1) if f"/insurances/{i}" in expected_disclosed][idx]
            p = f"/insurances/{source}" + p[len(f"/insurances/{idx}") :]
        got.add(p)
    assert got == expected_disclosed
    assert ("name" in v.claims) == ("/name" in chosen)
    assert ("age_over_60" in v.claims) == ("/age_over_60" in chosen)
    assert v.claims["region"] == "310101"  # always visible
    if "/employer/uscc" in chosen or "/employer" in chosen:
        assert v.claims["employer"]["uscc"] == CLAIMS["employer"]["uscc"]
    else:
        assert "employer" not in v.claims
    kept = [i for i in (0, 1) if f"/insurances/{i}" in expected_disclosed]
    assert [x["type"] for x in v.claims["insurances"]] == [
        CLAIMS["insurances"][i]["type"] for i in kept
    ]


FLAT = {f"c{i}": i for i in range(8)}
FLAT_SD_JWT = _issue(FLAT, [f"/c{i}" for i in range(8)], decoys=2)
FLAT_PARTS = parse_sd_jwt(FLAT_SD_JWT)


@settings(max_examples=80, deadline=None)
@given(st.lists(st.sampled_from(FLAT_PARTS.disclosures), unique=True), st.randoms())
def test_raw_disclosure_subsets_and_order(subset: list[str], rnd: random.Random) -> None:
    """Any subset of Disclosures, in any order, verifies to exactly the claims they carry."""
    by_enc = {enc: ds.sdjwt.parse_disclosure(enc) for enc in FLAT_PARTS.disclosures}
    expected = {by_enc[e].name: by_enc[e].value for e in subset}
    shuffled = list(subset)
    rnd.shuffle(shuffled)
    for order in (subset, shuffled):
        sd_jwt = FLAT_PARTS.jws + "~" + "".join(e + "~" for e in order)
        v = _verify(_kb(sd_jwt))
        got = {k: val for k, val in v.claims.items() if k in FLAT}
        assert got == expected


@settings(max_examples=40, deadline=None)
@given(st.permutations(list(range(len(parse_sd_jwt(SD_JWT).disclosures)))))
def test_disclosure_order_does_not_matter(perm: list[int]) -> None:
    parts = parse_sd_jwt(SD_JWT)
    reordered = parts.jws + "~" + "".join(parts.disclosures[i] + "~" for i in perm)
    base = _verify(_kb(SD_JWT)).claims
    assert _verify(_kb(reordered)).claims == base


def test_reordering_under_a_kb_jwt_breaks_sd_hash() -> None:
    parts = parse_sd_jwt(PRESENTATION)
    assert len(parts.disclosures) >= 2
    swapped = list(parts.disclosures)
    swapped[0], swapped[1] = swapped[1], swapped[0]
    tampered = parts.jws + "~" + "".join(d + "~" for d in swapped) + (parts.kb_jwt or "")
    with pytest.raises(errors.KeyBindingError):
        _verify(tampered)


json_scalars = (
    st.none()
    | st.booleans()
    | st.integers(min_value=-(2**53) + 1, max_value=2**53 - 1)
    | st.floats(allow_nan=False, allow_infinity=False, width=64)
    | st.text(max_size=12)
)
json_values = st.recursive(
    json_scalars,
    lambda inner: (
        st.lists(inner, max_size=4)
        | st.dictionaries(
            st.text(max_size=6).filter(lambda k: k not in ("_sd", "...", "_sd_alg")),
            inner,
            max_size=4,
        )
    ),
    max_leaves=12,
)
claim_names = st.text(min_size=1, max_size=8).filter(
    lambda k: (
        k not in ("_sd", "...", "_sd_alg", "iss", "iat", "nbf", "exp", "vct", "cnf", "status")
    )
)


def _all_pointers(value: Any, prefix: str = "") -> list[str]:
    out = []
    if isinstance(value, dict):
        for k, v in value.items():
            p = prefix + "/" + k.replace("~", "~0").replace("/", "~1")
            out += [p, *_all_pointers(v, p)]
    elif isinstance(value, list):
        for i, v in enumerate(value):
            p = f"{prefix}/{i}"
            out += [p, *_all_pointers(v, p)]
    return out


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.dictionaries(claim_names, json_values, min_size=1, max_size=5), st.data())
def test_arbitrary_claims_round_trip(claims: dict[str, Any], data: st.DataObject) -> None:
    """Any JSON claims, with any set of disclosable pointers (recursive ones too), come back whole."""
    pointers = data.draw(st.lists(st.sampled_from(_all_pointers(claims)), unique=True))
    sd_jwt = _issue(claims, pointers)
    pres = ds.present_sd_jwt(
        sd_jwt, disclose=[""], holder_key=HOLDER, nonce=NONCE, audience=AUD, now=NOW
    )
    v = _verify(pres)
    assert {k: v.claims[k] for k in claims} == claims
    assert len(v.disclosed) == len(pointers)
    hidden = ds.present_sd_jwt(sd_jwt, disclose=[])
    w = _verify(hidden, require_key_binding=False)
    assert w.disclosed == ()


@settings(max_examples=200, deadline=None)
@given(st.text(max_size=300) | st.binary(max_size=300))
def test_garbage_only_raises_shebao_errors(blob: str | bytes) -> None:
    with pytest.raises(errors.VerificationError):
        ds.verify_sd_jwt(blob, nonce=NONCE, audience=AUD, require_key_binding=False, now=NOW)


@settings(max_examples=40, deadline=None)
@given(st.sets(st.sampled_from(POINTERS)), st.booleans())
def test_json_serialization_round_trips(chosen: set[str], general: bool) -> None:
    """compact → JWS JSON → compact is the identity, and both forms verify alike."""
    pres = ds.present_sd_jwt(
        SD_JWT, disclose=sorted(chosen), holder_key=HOLDER, nonce=NONCE, audience=AUD, now=NOW
    )
    as_json = ds.sd_jwt_to_json(pres, general=general)
    assert ds.sd_jwt_from_json(as_json) == pres
    assert _verify(as_json).claims == _verify(pres).claims
