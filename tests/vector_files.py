"""Readers for the vendored vector files in their published layouts (tests/vectors/SOURCES.md).

Every function takes the folder from the ``vectors`` fixture, so all vector
data is read through that one fixture.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any

DI_EDDSA = "w3c-vc-di-eddsa/TestVectors"
CITIZENSHIP_URL = "https://w3id.org/citizenship/v4rc1"

# JSON-LD context URL -> vendored file (the W3C / w3id bytes).
CONTEXT_FILES = {
    "https://www.w3.org/ns/credentials/v2": "w3c-vc-data-model/contexts/credentials/v2",
    "https://www.w3.org/ns/credentials/examples/v2": (
        "w3c-vc-data-model/contexts/credentials/examples/v2"
    ),
    "https://www.w3.org/ns/credentials/undefined-terms/v2": (
        "w3c-vc-data-model/contexts/credentials/undefined-terms/v2"
    ),
    "https://www.w3.org/ns/credentials/status/v1": (
        "w3c-vc-bitstring-status-list/contexts/v1.jsonld"
    ),
    "https://w3id.org/security/data-integrity/v2": (
        "w3c-vc-data-integrity/contexts/data-integrity/v2"
    ),
    "https://w3id.org/security/multikey/v1": "w3c-vc-data-integrity/contexts/multikey/v1",
    "https://www.w3.org/ns/cid/v1": "w3c-cid/context/v1.jsonld",
    "https://www.w3.org/ns/did/v1": "w3c-did-spec-registries/vocabs/v1/context.jsonld",
    CITIZENSHIP_URL: "w3c-ccg-citizenship-vocab/contexts/citizenship-v4rc1.jsonld",
}


def read_json(path: Path) -> Any:
    return json.loads(path.read_text("utf-8"))


@dataclass(frozen=True)
class DataIntegrityCase:
    """One vc-di-eddsa cryptosuite folder: inputs, intermediate values and the signed result."""

    cryptosuite: str
    unsigned: dict[str, Any]
    proof_config: dict[str, Any]
    """The proof configuration file (with the ``@context`` used for hashing)."""
    signed: dict[str, Any]
    canonical_document: str
    canonical_proof_config: str
    document_hash: str
    proof_config_hash: str
    hash_data: str
    """proofConfigHash ‖ documentHash, hex."""
    signature_hex: str
    proof_value: str


# case name -> (unsigned document, folder, file-name suffix)
_DI_CASES = {
    "eddsa-jcs-2022": ("unsigned.json", "eddsa-jcs-2022", "JCS"),
    "eddsa-rdfc-2022": ("unsigned.json", "eddsa-rdfc-2022", "DataInt"),
    "eddsa-rdfc-2022/employ": ("employmentAuth.json", "eddsa-rdfc-2022/employ", "DataInt"),
}
DI_CASES = sorted(_DI_CASES)


def di_eddsa_case(vectors: Path, name: str) -> DataIntegrityCase:
    """The vc-di-eddsa TestVectors case *name* (a key of ``DI_CASES``)."""
    unsigned, folder, sfx = _DI_CASES[name]
    base = vectors / DI_EDDSA
    case = base / folder

    def text(stem: str) -> str:
        return (case / f"{stem}{sfx}.txt").read_text("utf-8")

    proof_config = read_json(case / f"proofConfig{sfx}.json")
    return DataIntegrityCase(
        cryptosuite=proof_config["cryptosuite"],
        unsigned=read_json(base / unsigned),
        proof_config=proof_config,
        signed=read_json(case / f"signed{sfx}.json"),
        canonical_document=text("canonDoc"),
        canonical_proof_config=text("proofCanon"),
        document_hash=text("docHash"),
        proof_config_hash=text("proofHash"),
        hash_data=text("combinedHash"),
        signature_hex=text("sigHex"),
        proof_value=text("sigBTC58"),
    )


def proof_set_chain(vectors: Path) -> dict[str, Any]:
    """TestVectors/proof-set-chain: file name -> parsed JSON."""
    folder = vectors / DI_EDDSA / "proof-set-chain"
    return {p.name: read_json(p) for p in sorted(folder.glob("*.json"))}


def citizenship_context(vectors: Path) -> dict[str, Any]:
    """The citizenship context the employment vector needs, as ``contexts=`` takes it."""
    return {CITIZENSHIP_URL: read_json(vectors / CONTEXT_FILES[CITIZENSHIP_URL])}
