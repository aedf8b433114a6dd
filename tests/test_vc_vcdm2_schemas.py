"""The W3C VCDM 2.0 JSON Schemas (w3c/vc-data-model schema/) over the spec's examples.

Both are vendored in tests/vectors/w3c-vc-data-model/schema.

Validated offline: a local ``referencing`` registry holds both schemas (the
presentation schema refers to the credential schema by URL), draft 2020-12,
with an explicit FormatChecker. Our own VCDM checks agree with the schemas on
the examples and are stricter where the schemas are loose (unanchored date-time
pattern).
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from jsonschema import Draft202012Validator, FormatChecker
from referencing import Registry, Resource
from referencing.jsonschema import DRAFT202012

from didkit_shebao import errors
from didkit_shebao.vc.model import validate_credential, validate_presentation

CREDENTIAL_SCHEMA = "https://www.w3.org/2022/credentials/v2/verifiable-credential-schema.json"
EXAMPLES = [
    "verifiable-credential_example-1.json",
    "verifiable-credential_example-4.json",
    "verifiable-credential_example-11.json",
    "verifiable-credential_example-12.json",
    "verifiable-credential_example-13.json",
    "verifiable-credential_example-18.json",
    "verifiable-credential_example-20.json",
    "verifiable-credential_example-21.json",
    "verifiable-credential_example-23.json",
    "verifiable-presentation_example-2.json",
    "verifiable-presentation_example-25.json",
    "verifiable-presentation_example-45.json",
]


def schema_file(vectors: Path, name: str) -> Path:
    """w3c/vc-data-model schema/<kind>/<file>: "verifiable-credential_example-1.json" is
    verifiable-credential/example-1.json; the schemas keep their own names."""
    kind, _, file = name.partition("_")
    if not file:
        kind, file = name.removesuffix("-schema.json"), name
    return vectors / "w3c-vc-data-model/schema" / kind / file


def read(vectors: Path, name: str) -> Any:
    return json.loads(schema_file(vectors, name).read_text("utf-8"))


def validator(vectors: Path, name: str) -> Draft202012Validator:
    schemas = {
        n: read(vectors, n)
        for n in ("verifiable-credential-schema.json", "verifiable-presentation-schema.json")
    }
    registry: Registry[Any] = Registry().with_resources(
        (s["$id"], Resource.from_contents(s, default_specification=DRAFT202012))
        for s in schemas.values()
    )
    schema = schemas[
        "verifiable-presentation-schema.json"
        if name.startswith("verifiable-presentation")
        else "verifiable-credential-schema.json"
    ]
    Draft202012Validator.check_schema(schema)
    return Draft202012Validator(schema, registry=registry, format_checker=FormatChecker())


def test_presentation_schema_refers_to_the_credential_schema(vectors: Path) -> None:
    text = schema_file(vectors, "verifiable-presentation-schema.json").read_text()
    assert CREDENTIAL_SCHEMA in text


@pytest.mark.parametrize("name", EXAMPLES)
def test_spec_examples_match_w3c_schemas(vectors: Path, name: str) -> None:
    example = read(vectors, name)
    errors_found = list(validator(vectors, name).iter_errors(example))
    assert errors_found == []


@pytest.mark.parametrize("name", EXAMPLES)
def test_spec_examples_pass_our_vcdm_checks(vectors: Path, name: str) -> None:
    example = read(vectors, name)
    if name.startswith("verifiable-presentation"):
        validate_presentation(example)
        for vc in example.get("verifiableCredential", []):
            validate_credential(vc)
    else:
        validate_credential(example)


@pytest.mark.parametrize(
    ("change", "schema_rejects"),
    [
        ({"type": ["AlumniCredential"]}, True),
        ({"issuer": {"name": "no id"}}, True),
        ({"@context": ["https://www.w3.org/ns/credentials/examples/v2"]}, True),
        # The schema's date-time pattern is unanchored: trailing junk passes it.
        ({"validFrom": "2010-01-01T19:23:24Zjunk"}, False),
        ({"validFrom": "junk2010-01-01T19:23:24Z"}, False),
    ],
)
def test_our_checks_are_at_least_as_strict(
    vectors: Path, change: dict[str, Any], schema_rejects: bool
) -> None:
    example = read(vectors, "verifiable-credential_example-1.json") | change
    rejected = bool(list(validator(vectors, "verifiable-credential").iter_errors(example)))
    assert rejected == schema_rejects
    with pytest.raises(errors.MalformedInputError):
        validate_credential(example)


def test_every_vendored_example_is_checked(vectors: Path) -> None:
    folder = vectors / "w3c-vc-data-model/schema"
    vendored = {
        f"{p.parent.name}_{p.name}" for p in folder.glob("*/example-*.json") if p.is_file()
    }
    assert vendored == set(EXAMPLES)
