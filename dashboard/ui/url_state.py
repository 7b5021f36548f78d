"""Filters kept in the URL, so that a copied link opens the same view, cold, on any page.

On the first run of a session, a valid URL value seeds the widget's session state; an invalid one
is ignored and reported. After the widget runs, its value is written back (and removed when it
equals the default, to keep links short).
"""

from collections.abc import Callable, Sequence
from typing import Any

import streamlit as st

_SEEDED = "_url_seeded"
NOTICES = "_url_notices"


def seed_single(key: str, allowed: Sequence, default: Any, parse: Callable[[str], Any] = str) -> None:
    """Puts the URL's value for key (or the default) into session state before the widget is made."""
    if key in st.session_state and st.session_state[key] in allowed:
        return
    value = default
    seeded = st.session_state.setdefault(_SEEDED, set())
    raw = st.query_params.get(key)
    if raw is not None and key not in seeded:
        try:
            parsed = parse(raw.strip())
        except (ValueError, TypeError):
            parsed = None
        if parsed in allowed:
            value = parsed
        else:
            st.session_state.setdefault(NOTICES, []).append((key, raw))
    seeded.add(key)
    st.session_state[key] = value


def write_single(key: str, value: Any, default: Any, to_url: Callable[[Any], str] = str) -> None:
    """Writes the widget's value into the URL, or removes it when it is the default."""
    if value is None or value == default:
        if key in st.query_params:
            del st.query_params[key]
    elif st.query_params.get(key) != to_url(value):
        st.query_params[key] = to_url(value)


def take_notices() -> list[tuple[str, str]]:
    """Returns and forgets the URL values that were ignored because they were not valid."""
    return st.session_state.pop(NOTICES, [])
