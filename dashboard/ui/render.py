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


def section_heading(text: str) -> None:
    """Shows a small heading that groups what follows."""
    st.markdown(f"##### {text}")


def kpi_sections(cards: list[Card], t: Translator) -> None:
    """Shows the KPI cards in three labelled sections: the network, the mentors, the seminars."""
    for group, group_cards in grouped(cards).items():
        section_heading(t("group." + group))
        _card_row(group_cards, 5)
