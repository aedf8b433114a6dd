"""Hypothesis strategies shared by the test modules."""

from __future__ import annotations

from hypothesis import strategies as st

json_scalars = (
    st.none()
    | st.booleans()
    | st.integers(min_value=-(2**53) + 1, max_value=2**53 - 1)
    | st.text(max_size=20)
)

json_values = st.recursive(
    json_scalars,
    lambda children: (
        st.lists(children, max_size=4) | st.dictionaries(st.text(max_size=8), children, max_size=4)
    ),
    max_leaves=20,
)

seeds = st.binary(min_size=32, max_size=32)


def edited(text: str, data: st.DataObject, alphabet: str) -> str:
    """*text* with one character replaced, inserted or deleted; the character comes from
    *alphabet*, and the position is often the last one (where base64 keeps its spare bits)."""
    pos = data.draw(st.integers(0, len(text)) | st.just(len(text) - 1))
    c = data.draw(st.sampled_from(alphabet))
    how = data.draw(st.sampled_from(["replace", "insert", "delete"]))
    if how == "insert":
        return text[:pos] + c + text[pos:]
    return text[:pos] + (c if how == "replace" else "") + text[pos + 1 :]
