"""W3C Verifiable Credentials 2.0 with Data Integrity proofs (eddsa-jcs-2022, eddsa-rdfc-2022).

Modules: :mod:`.model` (VCDM 2.0 shape and result objects),
:mod:`.dataintegrity` (adding and verifying proofs, sets and chains),
:mod:`.jcs_suite` / :mod:`.rdfc_suite` (the two cryptosuites),
:mod:`.jsonld_loader` (bundled contexts, frozen loader), :mod:`.credential`
and :mod:`.presentation`.
"""

from __future__ import annotations

from .credential import issue_credential, verify_credential
from .dataintegrity import CRYPTOSUITES, add_proof, verify_proof
from .model import ProofDetails, VerifiedCredential, VerifiedDocument, VerifiedPresentation
from .presentation import create_presentation, verify_presentation

__all__ = [
    "CRYPTOSUITES",
    "ProofDetails",
    "VerifiedCredential",
    "VerifiedDocument",
    "VerifiedPresentation",
    "add_proof",
    "create_presentation",
    "issue_credential",
    "verify_credential",
    "verify_presentation",
    "verify_proof",
]
