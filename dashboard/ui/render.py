"""Rendering helpers shared by pages (Streamlit only; no SQL, no figures built here)."""

import streamlit as st

from dashboard.kpi_cards import Card


def card_grid(cards: list[Card], columns: int = 5) -> None:
    """Shows KPI cards as bordered metrics, `columns` to a row (rows stack on a phone)."""
    for start in range(0, len(cards), columns):
        row = st.columns(columns)
        for column, card in zip(row, cards[start:start + columns]):
            column.metric(card.label, card.value, card.delta, card.delta_color, help=card.help, border=True)
