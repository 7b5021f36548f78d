"""Rendering helpers shared by pages (Streamlit only; no SQL, no figures built here)."""

import streamlit as st

from dashboard.i18n import Translator
from dashboard.kpi_cards import Card, grouped


def _metric(card: Card) -> None:
    st.metric(card.label, card.value, card.delta, card.delta_color, help=card.help, border=True,
              delta_arrow="off" if card.delta_color == "off" else "auto")


def _card_row(cards: list[Card], columns: int) -> None:
    for column, card in zip(st.columns(columns), cards):
        with column:
            _metric(card)


def kpi_sections(cards: list[Card], t: Translator) -> None:
    """Shows the KPI cards in three labelled sections: the network, the mentors, the seminars."""
    groups = grouped(cards)
    st.markdown(f"##### {t('group.network')}")
    _card_row(groups["network"], 5)
    mentors, seminars = st.columns([3, 2])
    with mentors:
        st.markdown(f"##### {t('group.mentors')}")
        _card_row(groups["mentors"], 3)
    with seminars:
        st.markdown(f"##### {t('group.seminars')}")
        _card_row(groups["seminars"], 2)
