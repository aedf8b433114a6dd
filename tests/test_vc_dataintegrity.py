"""Data Integrity 1.0 verification: vectors, proof sets and chains, proof options.

Vector values come from w3c/vc-di-eddsa TestVectors (commit abb673eb), vendored
in tests/vectors/w3c-vc-di-eddsa.
"""

from __future__ import annotations

import copy
import hashlib
import json
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from vector_files import DI_CASES, DI_EDDSA, citizenship_context, di_eddsa_case, proof_set_chain

import didkit_shebao as ds
from didkit_shebao import errors
from didkit_shebao.vc import add_proof
from didkit_shebao.vc.dataintegrity import MAX_PROOFS
from didkit_shebao.vc.jsonld_loader import FrozenDocumentLoader, canonicalize_rdf

PUBLIC_MULTIBASE = "z6MkrJVnaZkeFzdQyMZu1cgjg7k1pZZ6pvBQ7XJPt4swbTQ2"
VM = f"did:key:{PUBLIC_MULTIBASE}#{PUBLIC_MULTIBASE}"


def chain_files(vectors: Path) -> dict[str, Any]:
    return proof_set_chain(vectors)


@pytest.mark.parametrize("name", DI_CASES)
def test_signed_vectors_verify(vectors: Path, name: str) -> None:
    case = di_eddsa_case(vectors, name)
    result = ds.verify_proof(case.signed, contexts=citizenship_context(vectors))
    (proof,) = result.proofs
    assert proof.cryptosuite == case.cryptosuite
    assert proof.verification_method == VM
    assert proof.controller == f"did:key:{PUBLIC_MULTIBASE}"
    assert proof.created == datetime(2023, 2, 24, 23, 36, 38, tzinfo=UTC)
    assert "proof" not in result.document


def test_employment_vector_without_its_context_is_refused(vectors: Path) -> None:
    case = di_eddsa_case(vectors, "eddsa-rdfc-2022/employ")
    with pytest.raises(errors.UnsupportedVerificationInputError):
        ds.verify_proof(case.signed)


@pytest.mark.parametrize(
    "name",
    [
        "signedProofSet1.json",
        "signedProofSet2.json",
        "signedProofChain1.json",
        "signedProofChain2.json",
    ],
)
def test_proof_set_and_chain_vectors_verify(vectors: Path, name: str) -> None:
    files = chain_files(vectors)
    result = ds.verify_proof(files[name])
    assert (
        len(result.proofs) == len(files[name]["proof"])
        if isinstance(files[name]["proof"], list)
        else 1
    )


def test_chain_vector_records_previous_proofs(vectors: Path) -> None:
    result = ds.verify_proof(chain_files(vectors)["signedProofChain2.json"])
    # Source: signedProofChain2.json, proofs 3 and 4.
    assert result.proofs[2].previous_proof == (
        "urn:uuid:26329423-bec9-4b2e-88cb-a7c7d9dc4544",
        "urn:uuid:8cc9022b-6b14-4cf3-8571-74972c5feb54",
    )
    assert result.proofs[3].previous_proof == ("urn:uuid:d94f792a-c546-4d06-b38a-da070ab56c23",)


def test_proof_sets_and_chains_reproduce_byte_for_byte(vectors: Path) -> None:
    files = chain_files(vectors)
    keys = {
        n: ds.Ed25519Key.from_multibase(kp["privateKeyMultibase"])
        for n, kp in files["multiKeyPairs.json"].items()
    }
    steps = [
        ("proofSetConfig1.json", "keyPair1", "signedProofSet1.json"),
        ("proofSetConfig2.json", "keyPair2", "signedProofSet2.json"),
        ("proofChainConfig1.json", "keyPair3", "signedProofChain1.json"),
        ("proofChainConfig2.json", "keyPair4", "signedProofChain2.json"),
    ]
    doc = files["unsigned.json"]
    for config_name, key_name, expected in steps:
        config = files[config_name]
        doc = ds.issue_credential(
            doc,
            key=keys[key_name],
            verification_method=config["verificationMethod"],
            cryptosuite=config["cryptosuite"],
            created=config["created"],
            proof_id=config.get("id"),
            previous_proof=config.get("previousProof"),
        )
        assert doc == files[expected], expected


def test_chain_with_missing_previous_proof_fails(vectors: Path) -> None:
    doc = copy.deepcopy(chain_files(vectors)["signedProofChain2.json"])
    del doc["proof"][2]  # the proof the last one chains to
    with pytest.raises(errors.ProofError):
        ds.verify_proof(doc)


def test_removing_a_proof_named_by_a_chain_breaks_it_but_a_set_member_may_go(
    vectors: Path,
) -> None:
    doc = copy.deepcopy(chain_files(vectors)["signedProofSet2.json"])
    doc["proof"] = doc["proof"][1:]
    assert len(ds.verify_proof(doc).proofs) == 1
    chain = copy.deepcopy(chain_files(vectors)["signedProofChain1.json"])
    chain["proof"][0]["created"] = "2023-02-24T23:36:39Z"
    with pytest.raises(errors.InvalidSignatureError):
        ds.verify_proof(chain)


def test_jcs_chain_round_trip() -> None:
    k1, k2 = ds.Ed25519Key.generate(), ds.Ed25519Key.generate()
    vm1 = f"{ds.did_key(k1)}#{k1.public_multibase}"
    vm2 = f"{ds.did_key(k2)}#{k2.public_multibase}"
    cred = unsigned(ds.did_key(k1))
    one = ds.issue_credential(cred, key=k1, verification_method=vm1, proof_id="urn:uuid:p1")
    two = ds.issue_credential(one, key=k2, verification_method=vm2, previous_proof="urn:uuid:p1")
    result = ds.verify_proof(two)
    assert [p.previous_proof for p in result.proofs] == [(), ("urn:uuid:p1",)]
    # Changing the first proof breaks the second one too.
    two["proof"][0]["proofValue"] = one["proof"]["proofValue"][:-2] + "11"
    with pytest.raises(errors.VerificationError):
        ds.verify_proof(two)


def unsigned(issuer: str) -> dict[str, Any]:
    return {
        "@context": ["https://www.w3.org/ns/credentials/v2"],
        "type": ["VerifiableCredential"],
        "issuer": issuer,
        "validFrom": "2024-01-01T00:00:00Z",
        "credentialSubject": {"id": "did:example:holder", "name": "张三"},
    }


@pytest.fixture
def signer() -> tuple[ds.Ed25519Key, str]:
    key = ds.Ed25519Key.from_seed(bytes(range(32)))
    return key, f"{ds.did_key(key)}#{key.public_multibase}"


def test_cryptosuite_allow_list_names_the_allowed_set(signer: tuple[ds.Ed25519Key, str]) -> None:
    key, vm = signer
    with pytest.raises(errors.UnsupportedError) as info:
        ds.issue_credential(
            unsigned(ds.did_key(key)),
            key=key,
            verification_method=vm,
            cryptosuite="ecdsa-rdfc-2019",
        )
    assert "eddsa-jcs-2022" in str(info.value)
    assert "eddsa-rdfc-2022" in str(info.value)
    signed = ds.issue_credential(unsigned(ds.did_key(key)), key=key, verification_method=vm)
    signed["proof"]["cryptosuite"] = "ecdsa-jcs-2019"
    with pytest.raises(errors.UnsupportedVerificationInputError) as vinfo:
        ds.verify_proof(signed)
    assert "eddsa-jcs-2022" in str(vinfo.value)


def test_legacy_ed25519signature2020_vector(vectors: Path) -> None:
    """Verify-only: the library refuses the legacy suite; its signature checks at the primitive level."""
    folder = vectors / DI_EDDSA / "Ed25519Signature2020"
    signed = json.loads((folder / "signedEdSig.json").read_text())
    with pytest.raises(errors.UnsupportedVerificationInputError) as info:
        ds.verify_proof(signed)
    assert "DataIntegrityProof" in str(info.value)
    # The canonical forms: RDFC-1.0 over the document and the proof configuration,
    # with the legacy suite's context supplied from pyld's bundled copy.
    import pyld

    legacy_ctx = json.loads(
        (
            Path(pyld.__file__).parent
            / "documentloader/frozen/bundled/security-ed25519-2020-v1.jsonld"
        ).read_text()
    )
    loader = FrozenDocumentLoader({"https://w3id.org/security/suites/ed25519-2020/v1": legacy_ctx})
    document = {k: v for k, v in signed.items() if k != "proof"}
    canon_doc = canonicalize_rdf(document, loader=loader)
    canon_cfg = canonicalize_rdf(
        json.loads((folder / "proofConfigEdSig.json").read_text()), loader=loader
    )
    assert canon_doc == (folder / "canonDocEdSig.txt").read_text()
    assert canon_cfg == (folder / "proofCanonEdSig.txt").read_text()
    doc_hash = hashlib.sha256(canon_doc.encode()).hexdigest()
    cfg_hash = hashlib.sha256(canon_cfg.encode()).hexdigest()
    assert doc_hash == (folder / "docHashEdSig.txt").read_text().strip()
    assert cfg_hash == (folder / "proofHashEdSig.txt").read_text().strip()
    combined = (folder / "combinedHashEdSig.txt").read_text().strip()
    assert combined == cfg_hash + doc_hash
    signature = bytes.fromhex((folder / "sigHexEdSig.txt").read_text().strip())
    ds.public_key_from_multibase(PUBLIC_MULTIBASE).verify(bytes.fromhex(combined), signature)


class TestProofOptions:
    def signed(self, signer: tuple[ds.Ed25519Key, str], **kw: Any) -> dict[str, Any]:
        key, vm = signer
        return add_proof(unsigned(ds.did_key(key)), key=key, verification_method=vm, **kw)

    def test_wrong_purpose(self, signer: tuple[ds.Ed25519Key, str]) -> None:
        doc = self.signed(signer)
        with pytest.raises(errors.ProofError) as info:
            ds.verify_proof(doc, expected_proof_purpose="authentication")
        assert info.value.details["proofPurpose"] == "assertionMethod"

    def test_purpose_not_in_did_document(self, signer: tuple[ds.Ed25519Key, str]) -> None:
        doc = self.signed(signer, proof_purpose="capabilityInvocation")
        assert ds.verify_proof(doc, expected_proof_purpose="capabilityInvocation")
        doc = self.signed(signer, proof_purpose="keyAgreement")
        with pytest.raises(errors.ProofError):
            ds.verify_proof(doc, expected_proof_purpose="keyAgreement")

    def test_domain_and_challenge(self, signer: tuple[ds.Ed25519Key, str]) -> None:
        doc = self.signed(signer, domain=["a.example", "b.example"], challenge="n-1")
        result = ds.verify_proof(doc, domain="b.example", challenge="n-1")
        assert result.proofs[0].domain == ("a.example", "b.example")
        with pytest.raises(errors.ProofError) as d_info:
            ds.verify_proof(doc, domain="c.example", challenge="n-1")
        assert d_info.value.code == "invalid_domain"
        with pytest.raises(errors.ProofError) as c_info:
            ds.verify_proof(doc, domain="a.example", challenge="n-2")
        assert c_info.value.code == "invalid_challenge"
        bare = self.signed(signer)
        with pytest.raises(errors.ProofError):
            ds.verify_proof(bare, challenge="n-1")

    def test_created_and_expires(self, signer: tuple[ds.Ed25519Key, str]) -> None:
        now = datetime(2025, 6, 1, tzinfo=UTC)
        doc = self.signed(signer, created=now, expires=now + timedelta(days=1))
        assert ds.verify_proof(doc, now=now + timedelta(hours=1)).proofs[
            0
        ].expires == now + timedelta(days=1)
        with pytest.raises(errors.ExpiredError):
            ds.verify_proof(doc, now=now + timedelta(days=2))
        with pytest.raises(errors.NotYetValidError):
            ds.verify_proof(doc, now=now - timedelta(hours=1))

    def test_created_must_be_a_datetime_stamp(self, signer: tuple[ds.Ed25519Key, str]) -> None:
        with pytest.raises(errors.MalformedInputError):
            self.signed(signer, created="2025-06-01T00:00:00")  # no time zone
        doc = self.signed(signer)
        doc["proof"]["created"] = "2025-06-01 00:00:00Z"
        with pytest.raises(errors.MalformedVerificationInputError):
            ds.verify_proof(doc)

    @pytest.mark.parametrize(
        "value",
        ["", "uABC", "z" + "1" * 10, "z2HnFSSPPBzR36zdDgK8PbEHeXbR56YF24jwMpt3R1eHXQ", 5],
    )
    def test_proof_value_shape(self, signer: tuple[ds.Ed25519Key, str], value: Any) -> None:
        doc = self.signed(signer)
        doc["proof"]["proofValue"] = value
        with pytest.raises(errors.MalformedVerificationInputError):
            ds.verify_proof(doc)

    def test_no_proof(self) -> None:
        with pytest.raises(errors.ProofError):
            ds.verify_proof(unsigned("did:example:x"))

    def test_vm_of_another_key_is_refused_when_signing(
        self, signer: tuple[ds.Ed25519Key, str]
    ) -> None:
        key, _ = signer
        other = ds.Ed25519Key.generate()
        with pytest.raises(errors.MalformedInputError):
            add_proof(
                unsigned(ds.did_key(key)),
                key=key,
                verification_method=f"{ds.did_key(other)}#{other.public_multibase}",
            )

    def test_signature_by_other_key(self, signer: tuple[ds.Ed25519Key, str]) -> None:
        doc = self.signed(signer)
        other = ds.Ed25519Key.generate()
        doc["proof"]["verificationMethod"] = f"{ds.did_key(other)}#{other.public_multibase}"
        with pytest.raises(errors.InvalidSignatureError):
            ds.verify_proof(doc)

    def test_context_must_include_vcdm_or_data_integrity(
        self, signer: tuple[ds.Ed25519Key, str]
    ) -> None:
        key, vm = signer
        doc = add_proof(
            {"@context": ["https://www.w3.org/ns/did/v1"], "id": "urn:x"},
            key=key,
            verification_method=vm,
        )
        with pytest.raises(errors.MalformedVerificationInputError):
            ds.verify_proof(doc)

    def test_jcs_context_prefix_rule(self, signer: tuple[ds.Ed25519Key, str]) -> None:
        doc = self.signed(signer)
        doc["@context"] = ["https://www.w3.org/ns/credentials/examples/v2", *doc["@context"]]
        with pytest.raises(errors.ProofError):
            ds.verify_proof(doc)

    def test_duplicate_proof_ids(self, signer: tuple[ds.Ed25519Key, str]) -> None:
        key, vm = signer
        one = self.signed(signer, proof_id="urn:p")
        with pytest.raises(errors.MalformedInputError):
            add_proof(one, key=key, verification_method=vm, proof_id="urn:p")
        two = add_proof(one, key=key, verification_method=vm, proof_id="urn:q")
        two["proof"][1]["id"] = "urn:p"
        with pytest.raises(errors.ProofError):
            ds.verify_proof(two)

    def test_rdfc_refuses_undefined_terms(self, signer: tuple[ds.Ed25519Key, str]) -> None:
        key, vm = signer
        cred = unsigned(ds.did_key(key))
        cred["credentialSubject"]["undefinedTerm"] = "unsigned if dropped"
        with pytest.raises(errors.MalformedInputError) as info:
            add_proof(cred, key=key, verification_method=vm, cryptosuite="eddsa-rdfc-2022")
        assert "undefinedTerm" in str(info.value.details)
        cred["credentialSubject"].pop("undefinedTerm")
        cred["type"].append("RelativeType")
        with pytest.raises(errors.MalformedInputError):
            add_proof(cred, key=key, verification_method=vm, cryptosuite="eddsa-rdfc-2022")

    def test_rdfc_signature_covers_defined_terms(self, signer: tuple[ds.Ed25519Key, str]) -> None:
        key, vm = signer
        doc = add_proof(
            unsigned(ds.did_key(key)),
            key=key,
            verification_method=vm,
            cryptosuite="eddsa-rdfc-2022",
        )
        assert ds.verify_proof(doc).proofs[0].cryptosuite == "eddsa-rdfc-2022"
        doc["credentialSubject"]["name"] = "李四"
        with pytest.raises(errors.InvalidSignatureError):
            ds.verify_proof(doc)
        # An added undefined term would be dropped by RDFC: refused, not ignored.
        doc["credentialSubject"]["name"] = "张三"
        doc["credentialSubject"]["sneaky"] = True
        with pytest.raises(errors.MalformedVerificationInputError):
            ds.verify_proof(doc)

    def test_resolver_failure_fails_closed(self, signer: tuple[ds.Ed25519Key, str]) -> None:
        class Broken:
            def resolve_verification_method(
                self, vm_id: str, *, relationship: str | None = None, at: Any = None
            ) -> Any:
                raise RuntimeError("boom")

        with pytest.raises(errors.ProofError):
            ds.verify_proof(self.signed(signer), resolver=Broken())


def test_jcs_appended_context_is_not_reported_as_signed(signer: tuple[ds.Ed25519Key, str]) -> None:
    """eddsa-jcs-2022 lets later contexts follow the signed ones; the result shows the signed ones."""
    key, vm = signer
    doc = add_proof(unsigned(ds.did_key(key)), key=key, verification_method=vm)
    doc["@context"] = [*doc["@context"], "https://www.w3.org/ns/credentials/examples/v2"]
    result = ds.verify_proof(doc)
    assert result.document["@context"] == ("https://www.w3.org/ns/credentials/v2",)


claim_values = st.recursive(
    st.none() | st.booleans() | st.integers(-(2**53) + 1, 2**53 - 1) | st.text(max_size=20),
    lambda inner: (
        st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=8), inner, max_size=3)
    ),
    max_leaves=8,
)


@settings(max_examples=60, deadline=None)
@given(
    st.dictionaries(
        st.text(min_size=1, max_size=10).filter(lambda k: k != "id"),
        claim_values,
        min_size=1,
        max_size=5,
    )
)
def test_sign_then_verify_always_passes_and_a_changed_claim_fails(claims: dict[str, Any]) -> None:
    key = ds.Ed25519Key.from_seed(b"\x07" * 32)
    did = ds.did_key(key)
    cred = unsigned(did)
    cred["credentialSubject"] = {"id": "did:example:holder", **claims}
    signed = ds.issue_credential(
        cred, key=key, verification_method=f"{did}#{key.public_multibase}"
    )
    result = ds.verify_credential(signed)
    assert dict(result.claims).keys() == cred["credentialSubject"].keys()
    signed["credentialSubject"]["id"] = "did:example:other"
    with pytest.raises(errors.InvalidSignatureError):
        ds.verify_credential(signed)


class TestMalformedProofs:
    """Structural problems found before any cryptography get specific errors."""

    @pytest.fixture
    def doc(self, signer: tuple[ds.Ed25519Key, str]) -> dict[str, Any]:
        key, vm = signer
        return add_proof(
            unsigned(ds.did_key(key)), key=key, verification_method=vm, proof_id="urn:p1"
        )

    def test_too_many_proofs(self, doc: dict[str, Any]) -> None:
        doc["proof"] = [doc["proof"]] * 17
        with pytest.raises(errors.MalformedVerificationInputError):
            ds.verify_proof(doc)

    @pytest.mark.parametrize("proof", ["z123", 5, None, ["nested"]])
    def test_proof_not_an_object(self, doc: dict[str, Any], proof: Any) -> None:
        doc["proof"] = [proof]
        with pytest.raises(errors.MalformedVerificationInputError):
            ds.verify_proof(doc)

    @pytest.mark.parametrize("previous", [[], [5], "", ["urn:p1", "urn:nowhere"]])
    def test_bad_previous_proof(self, doc: dict[str, Any], previous: Any) -> None:
        doc["proof"] = [doc["proof"], {**doc["proof"], "id": "urn:p2", "previousProof": previous}]
        with pytest.raises((errors.MalformedVerificationInputError, errors.ProofError)):
            ds.verify_proof(doc)

    @pytest.mark.parametrize(
        ("member", "value"),
        [("domain", []), ("domain", [5]), ("challenge", 7), ("id", "no url"), ("expires", "soon")],
    )
    def test_bad_optional_members(self, doc: dict[str, Any], member: str, value: Any) -> None:
        doc["proof"][member] = value
        with pytest.raises(errors.MalformedVerificationInputError):
            ds.verify_proof(doc)

    def test_naive_now(self, doc: dict[str, Any]) -> None:
        with pytest.raises(errors.MalformedVerificationInputError):
            ds.verify_proof(doc, now=datetime(2025, 1, 1))

    def test_p256_verification_method_cannot_carry_eddsa(self, doc: dict[str, Any]) -> None:
        p256 = ds.P256Key.generate()
        doc["proof"]["verificationMethod"] = f"{ds.did_key(p256)}#{p256.public_multibase}"
        with pytest.raises(errors.ProofError):
            ds.verify_proof(doc)

    def test_issuing_needs_an_ed25519_key(self) -> None:
        p256 = ds.P256Key.generate()
        with pytest.raises(errors.UnsupportedError):
            add_proof(
                unsigned("did:example:x"),
                key=p256,  # type: ignore[arg-type]
                verification_method=f"{ds.did_key(p256)}#{p256.public_multibase}",
            )

    @pytest.mark.parametrize("bad", ["", "no-colon", "has space:x"])
    def test_issuing_checks_the_verification_method(
        self, signer: tuple[ds.Ed25519Key, str], bad: str
    ) -> None:
        key, _ = signer
        with pytest.raises(errors.MalformedInputError):
            add_proof(unsigned(ds.did_key(key)), key=key, verification_method=bad)


def test_proof_set_cap_at_the_boundary() -> None:
    """MAX_PROOFS proofs by MAX_PROOFS keys verify; one more proof is refused for the count."""
    doc: dict[str, Any] = unsigned("did:example:issuer")
    keys = [ds.Ed25519Key.from_seed(bytes([i + 1]) * 32) for i in range(MAX_PROOFS + 1)]
    for key in keys[:MAX_PROOFS]:
        doc = ds.issue_credential(
            doc, key=key, verification_method=f"{ds.did_key(key)}#{key.public_multibase}"
        )
    assert len(ds.verify_proof(doc).proofs) == MAX_PROOFS
    extra = ds.issue_credential(
        unsigned("did:example:issuer"),
        key=keys[-1],
        verification_method=f"{ds.did_key(keys[-1])}#{keys[-1].public_multibase}",
    )["proof"]
    with pytest.raises(
        errors.MalformedVerificationInputError, match=f"more than {MAX_PROOFS} proofs"
    ):
        ds.verify_proof({**doc, "proof": [*doc["proof"], extra]})
