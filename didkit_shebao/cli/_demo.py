"""``demo``: the whole story, told with what the library can do.

Everything runs in memory or in a temporary folder (the embedded SQLite
ledger); nothing is sent anywhere. Each chapter prints what happened.
"""

from __future__ import annotations

import argparse
import json
import tempfile
from collections.abc import Callable
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Any

from .. import shebao
from ..anchor import (
    Anchorer,
    anchor_digest_of,
    verify_checkpoint_consistency,
    verify_receipt,
)
from ..did import DIDResolver, did_key, did_web_document, did_web_url
from ..errors import RevokedError, SuspendedError
from ..keys import Ed25519Key, P256Key
from ..ledgers import SQLiteLedger
from ..sdjwt import issue_sd_jwt, present_sd_jwt, verify_sd_jwt
from ..status import StatusListManager
from ..vc import issue_credential, verify_credential

__all__ = ["register"]

Say = Callable[[str], None]


def register(sub: Any) -> None:
    """Add the ``demo`` command."""
    demo = sub.add_parser("demo", help="run the end-to-end story / 端到端演示")
    demo.add_argument("--json", action="store_true", help="print a JSON summary at the end")
    demo.set_defaults(handler=_demo)


class _Story:
    def __init__(self) -> None:
        self.summary: dict[str, Any] = {}
        self.chapter = 0

    def title(self, en: str, zh: str) -> None:
        self.chapter += 1
        print(f"\n== {self.chapter}. {en} / {zh} ==")

    def say(self, text: str) -> None:
        print(f"   {text}")


def _keys_and_dids(story: _Story) -> dict[str, Any]:
    story.title("Keys and DIDs", "密钥与 DID")
    ministry = Ed25519Key.generate()
    bureau = Ed25519Key.generate()
    citizen = P256Key.generate()  # phones keep P-256 keys in secure hardware
    ministry_did = "did:web:mohrss.example.gov.cn"
    bureau_did = "did:web:hrss.sz.example.gov.cn:bureau:4403"
    documents = {
        did_web_url(ministry_did): did_web_document(ministry_did, [ministry]),
        did_web_url(bureau_did): did_web_document(bureau_did, [bureau]),
    }
    resolver = DIDResolver(web_fetcher=documents.get)
    citizen_did = did_key(citizen)
    story.say(f"ministry (人社部)     {ministry_did}")
    story.say(f"city bureau (人社局)  {bureau_did}")
    story.say(f"citizen wallet (P-256) {citizen_did}")
    vm = resolver.resolve_verification_method(
        bureau_did + "#key-1", relationship="assertionMethod"
    )
    story.say(f"resolved {vm.id} -> {vm.public_key.public_multibase[:16]}…")
    story.summary["dids"] = {
        "ministry": ministry_did,
        "bureau": bureau_did,
        "citizen": citizen_did,
    }
    return {
        "ministry": ministry,
        "bureau": bureau,
        "citizen": citizen,
        "ministry_did": ministry_did,
        "bureau_did": bureau_did,
        "citizen_did": citizen_did,
        "documents": documents,
        "resolver": resolver,
    }


# GB 11643's published sample number (check character X): a citizen born 1949-12-31.
_CITIZEN_ID = "11010519491231002X"
_VERIFIER = "https://bank.example.com/pension-check"


def _accreditation(story: _Story, w: dict[str, Any]) -> None:
    story.title("Accreditation", "签发资质")
    now = w["now"]
    grant = shebao.Accreditation(
        accredited=w["bureau_did"],
        credential_types=["InsuranceStatusCredential", "ProfessionalTitleCredential"],
        regions=["440300"],
        valid_from=now - timedelta(days=30),
        valid_until=now + timedelta(days=365),
    )
    signed = issue_credential(
        grant.to_vc(issuer=w["ministry_did"]),
        key=w["ministry"],
        verification_method=w["ministry_did"] + "#key-1",
    )
    verified = verify_credential(signed, resolver=w["resolver"], now=now)
    story.say(f"the ministry accredits the Shenzhen bureau; proof checked ({verified.issuer})")
    story.say(
        "covers InsuranceStatusCredential in 440305 (南山区): "
        f"{grant.covers('InsuranceStatusCredential', '440305', now)}"
    )
    w["accreditation"] = signed


def _issuance(story: _Story, w: dict[str, Any]) -> None:
    story.title("Issuance", "签发凭证")
    now = w["now"]
    record = shebao.InsuranceStatus(
        holder=w["citizen_did"],
        name="张三",
        citizen_id=_CITIZEN_ID,
        region="440305",
        insurances=[
            shebao.Insurance("pension", "active", "2001-07-01", local_code="1"),
            shebao.Insurance("medical", "active", "2001-07-01"),
        ],
        employer=shebao.Employer("深圳某某科技有限公司", "91350100M000100Y43"),
        as_of=now.date(),
    )
    tokens = StatusListManager(
        url="https://hrss.sz.example.gov.cn/status/tsl/1", kind="token", size=1024, bits=2
    )
    index = tokens.allocate()
    claims, disclosable = record.to_sd_jwt_claims()
    sd_jwt = issue_sd_jwt(
        claims,
        key=w["bureau"],
        issuer=w["bureau_did"],
        kid=w["bureau_did"] + "#key-1",
        disclosable=disclosable,
        vct=shebao.INSURANCE_STATUS_VCT,
        holder_key=w["citizen"].public_jwk,
        status=tokens.entry(index),
        issued_at=now,
    )
    story.say(
        f"SD-JWT VC 参保状态证明: {len(disclosable)} selectively disclosable claims, "
        f"{len(sd_jwt)} bytes, status index {index}"
    )
    revocations = StatusListManager(url="https://hrss.sz.example.gov.cn/status/rev/1")
    title_index = revocations.allocate()
    title = shebao.ProfessionalTitle(
        holder=w["citizen_did"],
        series="工程技术",
        level="副高级",
        title="高级工程师",
        certificate_number="SZ-GC-2019-00123",
        awarded_by=w["bureau_did"],
        awarded_on=date(2019, 12, 20),
    )
    unsigned = title.to_vc(issuer=w["bureau_did"])
    unsigned["credentialStatus"] = revocations.entry(title_index)
    title_vc = issue_credential(
        unsigned, key=w["bureau"], verification_method=w["bureau_did"] + "#key-1"
    )
    story.say(f"W3C credential 职称 (eddsa-jcs-2022) with revocation index {title_index}")
    w.update(
        sd_jwt=sd_jwt,
        tokens=tokens,
        token_index=index,
        title_vc=title_vc,
        revocations=revocations,
        title_index=title_index,
    )
    _publish(w, "tokens", "revocations")


def _publish(w: dict[str, Any], *names: str) -> None:
    """Publish status lists where verifiers fetch them (a dict stands in for HTTPS)."""
    published = w.setdefault("published", {})
    bureau, vm = w["bureau"], w["bureau_did"] + "#key-1"
    if "tokens" in names:
        published[w["tokens"].url] = w["tokens"].publish_token(
            issuer=w["bureau_did"], key=bureau, kid=vm, now=w["now"]
        )
    if "revocations" in names:
        published[w["revocations"].url] = w["revocations"].publish_credential(
            issuer=w["bureau_did"], key=bureau, verification_method=vm, now=w["now"]
        )


def _anchoring(story: _Story, w: dict[str, Any], folder: Path) -> None:
    story.title("Anchoring", "上链存证")
    ledger = SQLiteLedger(folder / "ledger.db")
    anchorer = Anchorer(
        ledger,
        log_key=Ed25519Key.generate(),
        origin="hrss.sz.example.gov.cn/issued",
        store=folder / "log.db",
    )
    artifacts = [
        w["sd_jwt"],
        w["title_vc"],
        w["accreditation"],
        *w["published"].values(),
        w["documents"][did_web_url(w["bureau_did"])],
    ]
    receipts = anchorer.anchor_artifacts(artifacts)
    ref = receipts[0].anchors[0]
    story.say(
        f"{len(artifacts)} signed artifacts (credentials, status lists, DID document) → "
        f"one write to the embedded ledger {ref.ledger}, row {ref.block}"
    )
    story.say(
        f"checkpoint of {receipts[0].tree_size} entries signed by the log key "
        f"{anchorer.verifier_key.split('+')[0]}+{anchorer.verifier_key.split('+')[1]}+…"
    )
    story.say("only digests of signed artifacts are logged; no personal data goes on a ledger")
    w.update(
        ledger=ledger,
        anchorer=anchorer,
        sd_jwt_receipt=receipts[0].to_text(),
        anchored={anchor_digest_of(a) for a in artifacts},
    )


def _check_anchor(story: _Story, w: dict[str, Any], shown: str) -> None:
    verified = verify_receipt(
        w["sd_jwt_receipt"],
        anchor_digest_of(shown),
        log_key=w["anchorer"].verifier_key,
        ledger=w["ledger"],
    )
    status = verified.anchor_status.value if verified.anchor_status else "offline"
    story.say(
        f"anchor receipt of the presented credential: entry {verified.index} of "
        f"{verified.tree_size}, {status} on {verified.anchor.ledger if verified.anchor else '-'}"
    )
    story.summary["anchoring"] = {"status": status, "tree_size": verified.tree_size}


def _anchor_history(story: _Story, w: dict[str, Any]) -> None:
    anchorer: Anchorer = w["anchorer"]
    for manager in (w["tokens"], w["revocations"]):
        for version in manager.versions():
            if version.digest not in w["anchored"]:  # the first versions already are
                anchorer.submit(version.digest)
    anchorer.flush()
    old, new = anchorer.checkpoints[0], anchorer.checkpoints[-1]
    proof = anchorer.consistency_proof(old.tree_size, new.tree_size)
    verify_checkpoint_consistency(old, new, proof, log_key=anchorer.verifier_key)
    story.say(
        f"status-list versions anchored too: the log grew {old.tree_size} → {new.tree_size} "
        "entries, consistency proof checked (history never rewritten)"
    )
    story.summary["anchoring"]["checkpoints"] = [c.tree_size for c in anchorer.checkpoints]
    anchorer.close()
    w["ledger"].close()


def _presentation(story: _Story, w: dict[str, Any]) -> str:
    story.title("Selective presentation", "选择性出示")
    nonce = "demo-nonce-7f3a"
    shown = present_sd_jwt(
        w["sd_jwt"],
        disclose=["/insurances/0", "/age_over_60"],
        holder_key=w["citizen"],
        nonce=nonce,
        audience=_VERIFIER,
        resolver=w["resolver"],
        now=w["now"],
    )
    hidden = [_CITIZEN_ID, "张三", "1949-12-31", "深圳某某科技有限公司", "medical"]
    leaked = [v for v in hidden if _contains(shown, v)]
    story.say("the citizen shows: pension insurance + age_over_60, bound to the bank's nonce")
    story.say(f"ID number, name, birth date, employer, other insurances in it: {leaked or 'none'}")
    w["nonce"] = nonce
    return shown


def _contains(presentation: str, value: str) -> bool:
    from .._encoding import b64url_decode

    texts = [presentation]
    for part in presentation.replace(".", "~").split("~"):
        try:
            texts.append(b64url_decode(part).decode("utf-8", "replace"))
        except Exception:  # noqa: S112 - signatures are not text
            continue
    return any(value in t for t in texts)


def _verification(story: _Story, w: dict[str, Any], shown: str) -> None:
    story.title("Verification", "验证")
    result = verify_sd_jwt(
        shown,
        nonce=w["nonce"],
        audience=_VERIFIER,
        resolver=w["resolver"],
        status=w["published"].__getitem__,
        now=w["now"],
    )
    story.say(f"issuer {result.issuer}: signature, disclosures, key binding, status all pass")
    for label, value in shebao.describe_claims(result.claims, vct=result.vct, locale="zh-CN"):
        story.say(f"  {label}: {value}")
    story.summary["disclosed"] = sorted(result.disclosed)
    _check_anchor(story, w, shown)


def _status(story: _Story, w: dict[str, Any]) -> None:
    story.title("Suspension and revocation", "暂停与撤销")
    tokens, index = w["tokens"], w["token_index"]
    tokens.suspend(index)
    _publish(w, "tokens")
    shown = present_sd_jwt(
        w["sd_jwt"],
        disclose=["/age_over_60"],
        holder_key=w["citizen"],
        nonce="demo-nonce-2",
        audience=_VERIFIER,
        resolver=w["resolver"],
        now=w["now"],
    )

    def verify_shown() -> None:
        verify_sd_jwt(
            shown,
            nonce="demo-nonce-2",
            audience=_VERIFIER,
            resolver=w["resolver"],
            status=w["published"].__getitem__,
            now=w["now"],
        )

    try:
        verify_shown()
        story.say("unexpected: a suspended credential verified")
        raise SystemExit(1)
    except SuspendedError as exc:
        story.say(f"suspended → verification refused [{exc.code}] {exc.message_zh}")
    tokens.resume(index)
    _publish(w, "tokens")
    verify_shown()
    story.say("resumed → verifies again")
    w["revocations"].revoke(w["title_index"])
    _publish(w, "revocations")
    try:
        verify_credential(
            w["title_vc"], resolver=w["resolver"], status=w["published"].__getitem__, now=w["now"]
        )
        story.say("unexpected: a revoked credential verified")
        raise SystemExit(1)
    except RevokedError as exc:
        story.say(f"职称 credential revoked → [{exc.code}] {exc.message_zh}")
    versions = len(w["tokens"].versions()) + len(w["revocations"].versions())
    story.say(f"{versions} status-list versions published, each kept for anchoring")
    _anchor_history(story, w)


def _demo(args: argparse.Namespace) -> int:
    story = _Story()
    print("didkit-shebao demo: 人社 credentials from keys to verification")
    world = _keys_and_dids(story)
    world["now"] = datetime.now(UTC).replace(microsecond=0)
    _accreditation(story, world)
    _issuance(story, world)
    with tempfile.TemporaryDirectory() as folder:
        _anchoring(story, world, Path(folder))
        shown = _presentation(story, world)
        _verification(story, world, shown)
        _status(story, world)
    print("\nDone. 演示完成。")
    if args.json:
        print(json.dumps(story.summary, ensure_ascii=False, indent=2))
    return 0
