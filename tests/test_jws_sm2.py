"""JWS ``alg: SM2`` (as the BID platform writes it; not IANA-registered): off unless allowed."""

from __future__ import annotations

import pytest

import didkit_shebao as ds
from didkit_shebao import _jws
from didkit_shebao._encoding import b64url_decode, b64url_encode
from didkit_shebao.errors import InvalidSignatureError, UnsupportedError
from didkit_shebao.keys import ALGORITHMS_WITH_SM2, DEFAULT_ALGORITHMS, public_key_for_algorithm

KEY = ds.SM2Key.generate()


def test_sign_sets_alg_sm2_and_raw_signature() -> None:
    token = _jws.sign_jws({"typ": "JWT"}, {"iss": "did:example:agency"}, KEY)
    parsed = _jws.parse_jws(token)
    assert parsed.header == {"alg": "SM2", "typ": "JWT"}
    assert len(parsed.signature) == 64  # r ‖ s, like ES256
    KEY.public_key.verify(parsed.signing_input, parsed.signature)


def test_verifiers_refuse_sm2_by_default() -> None:
    parsed = _jws.parse_jws(_jws.sign_jws({}, {"a": 1}, KEY))
    assert "SM2" not in DEFAULT_ALGORITHMS
    with pytest.raises(UnsupportedError) as err:
        _jws.verify_jws(parsed, KEY.public_key)
    assert "allowed: ES256, EdDSA" in str(err.value)
    _jws.verify_jws(parsed, KEY.public_key, algorithms=ALGORITHMS_WITH_SM2)


def test_tampered_or_mismatched_is_refused() -> None:
    token = _jws.sign_jws({}, {"a": 1}, KEY)
    h, p, s = token.split(".")
    changed = b64url_encode(b'{"a":2}')
    other = _jws.parse_jws(f"{h}.{changed}.{s}")
    with pytest.raises(InvalidSignatureError):
        _jws.verify_jws(other, KEY.public_key, algorithms=ALGORITHMS_WITH_SM2)
    sig = bytearray(b64url_decode(s))
    sig[-1] ^= 1
    with pytest.raises(InvalidSignatureError):
        _jws.verify_jws(
            _jws.parse_jws(f"{h}.{p}.{b64url_encode(bytes(sig))}"),
            KEY.public_key,
            algorithms=ALGORITHMS_WITH_SM2,
        )
    ed = ds.Ed25519Key.generate()
    with pytest.raises(UnsupportedError):  # alg SM2 with an Ed25519 key: algorithm confusion
        _jws.verify_jws(_jws.parse_jws(token), ed.public_key, algorithms=ALGORITHMS_WITH_SM2)
    with pytest.raises(UnsupportedError):
        public_key_for_algorithm(KEY.public_key, "ES256", algorithms=ALGORITHMS_WITH_SM2)
    with pytest.raises(UnsupportedError):
        _jws.sign_jws({"alg": "ES256"}, {}, KEY)
