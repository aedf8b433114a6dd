"""Anchoring what an issuer really produces: SD-JWT VCs, Data Integrity credentials, status-list
versions and DID documents, checked from what a verifier later holds."""

from __future__ import annotations

import json

import didkit_shebao as ds

KEY = ds.Ed25519Key.generate()
ISSUER = ds.did_key(KEY)
VM = f"{ISSUER}#{ISSUER.removeprefix('did:key:')}"
LOG_KEY = ds.Ed25519Key.generate()
ORIGIN = "hrss.example.gov.cn/issued"


def test_sd_jwt_presentation_maps_to_the_anchored_digest() -> None:
    """A verifier holding only a selective presentation recomputes the anchored digest."""
    holder = ds.Ed25519Key.generate()
    sd_jwt = ds.issue_sd_jwt(
        {"name": "王小明", "birth_date": "1960-05-01", "age_over_60": True},
        key=KEY,
        issuer=ISSUER,
        disclosable=["/name", "/birth_date", "/age_over_60"],
        holder_key=holder.public_jwk,
    )
    ledger = ds.MemoryLedger()
    anchorer = ds.Anchorer(ledger, log_key=LOG_KEY, origin=ORIGIN)
    (receipt,) = anchorer.anchor_artifacts([sd_jwt])
    presentation = ds.present_sd_jwt(
        sd_jwt, disclose=["/age_over_60"], holder_key=holder, nonce="n-1", audience="verifier"
    )
    assert ds.anchor_digest_of(presentation) == ds.anchor_digest_of(sd_jwt)
    as_json = json.loads(ds.sd_jwt_to_json(sd_jwt))
    assert ds.anchor_digest_of(as_json) == ds.anchor_digest_of(sd_jwt)
    v = ds.verify_receipt(
        receipt.to_text(),
        ds.anchor_digest_of(presentation),
        log_key=anchorer.verifier_key,
        ledger=ledger,
    )
    assert v.anchor_status is ds.AnchorStatus.FINAL


def test_credential_status_list_and_did_document_in_one_batch() -> None:
    """A credential, a status-list version and a DID document version: one ledger write."""
    manager = ds.StatusListManager(url="https://si.example.gov.cn/status/rev/1")
    index = manager.allocate()
    credential = ds.issue_credential(
        {
            "@context": ["https://www.w3.org/ns/credentials/v2"],
            "type": ["VerifiableCredential"],
            "issuer": ISSUER,
            "credentialSubject": {"id": "did:example:citizen", "pension": "active"},
            "credentialStatus": [manager.entry(index)],
        },
        key=KEY,
        verification_method=VM,
    )
    published = manager.publish_credential(issuer=ISSUER, key=KEY, verification_method=VM)
    (version,) = manager.versions()
    did_document = ds.resolve_did(ISSUER)

    ledger = ds.MemoryLedger()
    anchorer = ds.Anchorer(ledger, log_key=LOG_KEY, origin=ORIGIN)
    height = ledger.height
    receipts = anchorer.anchor_artifacts([credential, published, did_document])
    assert ledger.height == height + 1
    # The status manager's own digest of the published version is the anchored one.
    assert ds.anchor_digest_of(published) == version.digest
    # A verifier holding a re-serialized copy (other key order, whitespace) gets the same digest.
    reserialized = json.dumps(dict(reversed(list(credential.items()))), indent=1)
    for receipt, artifact in zip(
        receipts, [reserialized, version.document(), did_document], strict=True
    ):
        ds.verify_receipt(
            receipt, ds.anchor_digest_of(artifact), log_key=LOG_KEY.public_jwk, ledger=ledger
        )
