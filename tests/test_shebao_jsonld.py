"""Our JSON-LD context: eddsa-rdfc-2022 signs every domain claim, none silently dropped."""

from __future__ import annotations

import copy
from datetime import UTC, datetime
from typing import Any

import pytest
from shebao_samples import all_unsigned_vcs, leaf_paths
from skip_policy import optional_reason

import didkit_shebao as ds
from didkit_shebao import shebao
from didkit_shebao.errors import InvalidSignatureError, MalformedInputError, VerificationError
from didkit_shebao.vc.jsonld_loader import BUNDLED_CONTEXTS, FrozenDocumentLoader, canonicalize_rdf

pytest.importorskip("pyld", reason=optional_reason("pyld", "pyld is not installed"))

NS = "https://didkit-shebao.example/ns/shebao#"
SEED = bytes(range(32))
CREATED = datetime(2025, 3, 1, 2, 0, tzinfo=UTC)
NOW = datetime(2026, 6, 1, tzinfo=UTC)


def _canonical(doc: dict[str, Any]) -> str:
    return canonicalize_rdf(doc, loader=FrozenDocumentLoader())


def _mutated(doc: dict[str, Any], path: tuple[Any, ...]) -> dict[str, Any]:
    out = copy.deepcopy(doc)
    node = out
    for key in path[:-1]:
        node = node[key]
    old = node[path[-1]]
    if isinstance(old, bool):
        node[path[-1]] = not old
    elif isinstance(old, str) and len(old) == 10 and old[4] == "-":  # a date: move it a day
        node[path[-1]] = old[:8] + ("02" if old[8:] != "02" else "03")
    elif isinstance(old, str):
        node[path[-1]] = old[:-1] + ("1" if old[-1] != "1" else "2")
    else:  # pragma: no cover - the samples hold only strings and booleans
        raise AssertionError(path)
    return out


def test_context_is_bundled_protected_and_absolute() -> None:
    assert BUNDLED_CONTEXTS[shebao.SHEBAO_CONTEXT] == "shebao-v1.jsonld"
    document = shebao.context_document()
    assert shebao.jsonld_contexts() == {shebao.SHEBAO_CONTEXT: document}
    context = document["@context"]
    assert context["@protected"] is True
    assert context["@version"] == 1.1
    for term, definition in context.items():
        if term.startswith("@"):
            continue
        assert definition["@id"].startswith((NS, "https://schema.org/")), term


VCS = all_unsigned_vcs()


@pytest.mark.parametrize("credential_type", list(VCS))
def test_every_claim_is_in_the_canonical_form(credential_type: str) -> None:
    vc = VCS[credential_type]
    nquads = _canonical(vc)
    assert "issuer-dependent" not in nquads  # no term fell back to the VCDM @vocab
    assert f"<{NS}{credential_type}>" in nquads
    for path, value in leaf_paths(vc["credentialSubject"]):
        if isinstance(value, bool):
            continue  # booleans: covered by the mutation test below
        assert f'"{value}"' in nquads or f"<{value}>" in nquads, path


@pytest.mark.parametrize("credential_type", list(VCS))
def test_a_changed_domain_claim_changes_the_canonical_form(credential_type: str) -> None:
    vc = VCS[credential_type]
    original = _canonical(vc)
    paths = [("credentialSubject", *p) for p, _ in leaf_paths(vc["credentialSubject"])]
    assert len(paths) >= 3
    for path in paths:
        assert _canonical(_mutated(vc, path)) != original, path


def test_without_our_context_the_terms_would_be_dropped() -> None:
    """Why the context exists: without it RDF canonicalization has no IRI for our terms."""
    vc = copy.deepcopy(VCS["InsuranceStatusCredential"])
    vc["@context"] = vc["@context"][:1]
    with pytest.raises(MalformedInputError, match="citizenId"):
        _canonical(vc)


def test_protected_terms_cannot_be_redefined() -> None:
    vc = copy.deepcopy(VCS["InsuranceStatusCredential"])
    vc["@context"].append({"citizenId": "https://evil.example/ignored"})
    with pytest.raises(MalformedInputError):
        _canonical(vc)


@pytest.mark.parametrize("credential_type", list(VCS))
def test_rdfc_signature_covers_every_claim(credential_type: str) -> None:
    key = ds.Ed25519Key.from_seed(SEED)
    did = ds.did_key(key)
    unsigned = copy.deepcopy(VCS[credential_type])
    unsigned["issuer"] = did
    signed = ds.issue_credential(
        unsigned,
        key=key,
        verification_method=f"{did}#{did.split(':')[-1]}",
        cryptosuite="eddsa-rdfc-2022",
        created=CREATED,
    )
    verified = ds.verify_credential(signed, now=NOW)
    assert verified.types == ("VerifiableCredential", credential_type)
    assert verified.schemas == (shebao.CREDENTIAL_SCHEMAS[credential_type],)
    schema_refused = []
    for path, _ in leaf_paths(signed["credentialSubject"]):
        tampered = _mutated(signed, ("credentialSubject", *path))
        with pytest.raises(VerificationError) as info:
            ds.verify_credential(tampered, now=NOW)
        if info.value.code == "schema_invalid":
            schema_refused.append(path[-1])
        else:
            assert isinstance(info.value, InvalidSignatureError), path
    # Only the check-character-protected identifiers are refused before the signature check.
    assert set(schema_refused) <= {"citizenId", "uscc"}
