"""``demo``: the whole story, told with what the library can do.

Everything runs in memory or in a temporary folder (the embedded SQLite
ledger); nothing is sent anywhere. Each chapter prints what happened.
"""

from __future__ import annotations

import argparse
import json
from collections.abc import Callable
from typing import Any

from ..did import DIDResolver, did_key, did_web_document, did_web_url
from ..keys import Ed25519Key, P256Key

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


def _demo(args: argparse.Namespace) -> int:
    story = _Story()
    print("didkit-shebao demo: 人社 credentials from keys to verification")
    _keys_and_dids(story)
    print("\nDone. 演示完成。")
    if args.json:
        print(json.dumps(story.summary, ensure_ascii=False, indent=2))
    return 0
