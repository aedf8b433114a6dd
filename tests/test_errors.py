"""The error tree and the public API surface."""

from __future__ import annotations

import inspect

import pytest

import didkit_shebao as ds
from didkit_shebao import errors


def _error_classes() -> list[type[errors.ShebaoError]]:
    return [
        obj
        for _, obj in inspect.getmembers(errors, inspect.isclass)
        if issubclass(obj, errors.ShebaoError)
    ]


def test_every_error_has_code_and_bilingual_default() -> None:
    classes = _error_classes()
    assert len(classes) > 20
    for cls in classes:
        err = cls()
        assert isinstance(cls.code, str)
        assert cls.code
        assert str(err)
        assert err.message_zh
        assert isinstance(err, errors.ShebaoError)


def test_codes_are_unique_except_bridges() -> None:
    bridges = {
        errors.MalformedVerificationInputError,
        errors.UnsupportedVerificationInputError,
        errors.ResolutionVerificationError,
    }
    codes = [c.code for c in _error_classes() if c not in bridges]
    assert len(codes) == len(set(codes))


def test_docstring_tree_lists_every_class() -> None:
    doc = errors.__doc__ or ""
    for cls in _error_classes():
        assert cls.__name__ in doc, cls.__name__


def test_input_errors_are_value_errors() -> None:
    assert issubclass(errors.MalformedInputError, ValueError)
    assert issubclass(errors.SchemaValidationError, ValueError)


def test_verification_boundary_bridges_and_keeps_code() -> None:
    with pytest.raises(errors.VerificationError) as info, errors.verification_boundary():
        raise errors.InvalidDIDError("bad did", "坏 DID")
    assert isinstance(info.value, errors.MalformedInputError)
    assert info.value.code == "invalidDid"
    assert info.value.message_zh == "坏 DID"
    with pytest.raises(errors.UnsupportedError) as info2, errors.verification_boundary():
        raise errors.DIDMethodNotSupportedError()
    assert isinstance(info2.value, errors.VerificationError)
    with pytest.raises(errors.ResolutionVerificationError), errors.verification_boundary():
        raise errors.DIDNotFoundError()
    with pytest.raises(errors.InvalidSignatureError), errors.verification_boundary():
        raise errors.InvalidSignatureError()


def test_public_api_names_exist() -> None:
    for name in ds.__all__:
        assert hasattr(ds, name), name
    assert sorted(ds.__all__) == list(ds.__all__) or len(set(ds.__all__)) == len(ds.__all__)


@pytest.mark.parametrize(
    "name",
    [
        "Ed25519Key",
        "P256Key",
        "key_from_jwk",
        "did_key",
        "did_jwk",
        "resolve_did",
        "DIDResolver",
        "did_web_document",
    ],
)
def test_design_contract_names(name: str) -> None:
    assert name in ds.__all__
