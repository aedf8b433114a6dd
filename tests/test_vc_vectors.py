"""W3C vc-di-eddsa test vectors (w3c/vc-di-eddsa TestVectors, commit abb673eb).

Each test states the values it checks; the vector files are read from the
shared vector folder (``vectors`` fixture), never copied into the project.
"""

from __future__ import annotations

import hashlib
import json
from pathlib import Path
from typing import Any

import pytest

import didkit_shebao as ds
from didkit_shebao.vc import jcs_suite, rdfc_suite
from didkit_shebao.vc.jsonld_loader import FrozenDocumentLoader, canonicalize_rdf

# Source: vc-di-eddsa TestVectors/keyPair.json (the file calls the secret
# "privateKeyMultibase"; the spec text calls it secretKeyMultibase).
PUBLIC_MULTIBASE = "z6MkrJVnaZkeFzdQyMZu1cgjg7k1pZZ6pvBQ7XJPt4swbTQ2"
SECRET_MULTIBASE = "z3u2en7t5LR2WtQH5PfFqMqwVHBeXouLzo6haApm8XHqvjxq"
VM = f"did:key:{PUBLIC_MULTIBASE}#{PUBLIC_MULTIBASE}"
CREATED = "2023-02-24T23:36:38Z"

# Expected proofValues: TestVectors/eddsa-jcs-2022/sigBTC58JCS.txt,
# eddsa-rdfc-2022/sigBTC58DataInt.txt and eddsa-rdfc-2022/employ/.
JCS_PROOF_VALUE = (
    "z2HnFSSPPBzR36zdDgK8PbEHeXbR56YF24jwMpt3R1eHXQzJDMWS93FCzpvJpwTWd3GAVFuUfjoJdcnTMuVor51aX"
)
JCS_HASH_DATA = (
    "66ab154f5c2890a140cb8388a22a160454f80575f6eae09e5a097cabe539a1db"
    "59b7cb6251b8991add1ce0bc83107e3db9dbbab5bd2c28f687db1a03abc92f19"
)
CITIZENSHIP = "https://w3id.org/citizenship/v4rc1"

CASES = ["eddsa-jcs-2022.json", "eddsa-rdfc-2022.json", "eddsa-rdfc-2022-employ.json"]


def load(vectors: Path, name: str) -> dict[str, Any]:
    data: dict[str, Any] = json.loads((vectors / name).read_text("utf-8"))
    return data


def extra_contexts(vectors: Path) -> dict[str, Any]:
    """The citizenship context the employment vector needs, supplied by the caller."""
    return {
        CITIZENSHIP: json.loads((vectors / "contexts" / "citizenship_v4rc1.jsonld").read_text())
    }


def options(case: dict[str, Any]) -> dict[str, Any]:
    opts: dict[str, Any] = case[
        "proofOptions(proofConfig file, incl. @context as used for hashing)"
    ]
    return opts


def test_key_pair_matches_vector() -> None:
    key = ds.Ed25519Key.from_multibase(SECRET_MULTIBASE)
    assert key.public_multibase == PUBLIC_MULTIBASE
    # Source: keyPair.json public key bytes, hex.
    assert key.public_key.raw.hex() == (
        "b00d8d938e7f773d51565aad36a623f5344f7f5d1960f9cf3e8e12620ea2810f"
    )


@pytest.mark.parametrize("name", CASES)
def test_issue_reproduces_signed_vector_byte_for_byte(vectors: Path, name: str) -> None:
    case = load(vectors, name)
    key = ds.Ed25519Key.from_multibase(SECRET_MULTIBASE)
    signed = ds.issue_credential(
        case["unsigned"],
        key=key,
        verification_method=VM,
        cryptosuite=case["cryptosuite"],
        created=CREATED,
        contexts=extra_contexts(vectors),
    )
    assert signed == case["signed"]
    assert json.dumps(signed, indent=2) == json.dumps(case["signed"], indent=2)
    assert signed["proof"]["proofValue"] == case["proofValue"]


def test_jcs_proof_value_and_hash_data(vectors: Path) -> None:
    case = load(vectors, "eddsa-jcs-2022.json")
    assert case["proofValue"] == JCS_PROOF_VALUE
    hash_data = jcs_suite.hash_data(case["unsigned"], options(case))
    assert hash_data.hex() == JCS_HASH_DATA
    key = ds.Ed25519Key.from_multibase(SECRET_MULTIBASE)
    assert key.sign(hash_data).hex() == case["signature_hex"]
    # The jcs proof keeps @context; the rdfc proof does not (vector README).
    assert "@context" in case["signed"]["proof"]


@pytest.mark.parametrize("name", ["eddsa-rdfc-2022.json", "eddsa-rdfc-2022-employ.json"])
def test_rdfc_canonical_forms_and_hashes(vectors: Path, name: str) -> None:
    case = load(vectors, name)
    loader = FrozenDocumentLoader(extra_contexts(vectors))
    canon_doc = canonicalize_rdf(case["unsigned"], loader=loader)
    canon_cfg = canonicalize_rdf(options(case), loader=loader)
    assert canon_doc == case["canonicalDocument"]
    assert canon_cfg == case["canonicalProofConfig"]
    assert hashlib.sha256(canon_doc.encode()).hexdigest() == case["documentHash_sha256_hex"]
    assert hashlib.sha256(canon_cfg.encode()).hexdigest() == case["proofConfigHash_sha256_hex"]
    cfg = {k: v for k, v in options(case).items() if k != "@context"}
    hash_data = rdfc_suite.hash_data(
        case["unsigned"] | {},
        cfg | {"@context": case["unsigned"]["@context"]},
        contexts=extra_contexts(vectors),
    )
    assert hash_data.hex() == case["hashData_hex (proofConfigHash||documentHash)"]
    assert "@context" not in case["signed"]["proof"]


def test_unknown_context_is_refused_not_downloaded(vectors: Path) -> None:
    case = load(vectors, "eddsa-rdfc-2022-employ.json")
    key = ds.Ed25519Key.from_multibase(SECRET_MULTIBASE)
    with pytest.raises(ds.errors.UnsupportedError) as info:
        ds.issue_credential(
            case["unsigned"], key=key, verification_method=VM, cryptosuite="eddsa-rdfc-2022"
        )
    assert CITIZENSHIP in str(info.value)
