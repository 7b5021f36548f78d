"""Rendering helpers shared by pages (Streamlit only; no SQL, no figures built here)."""

import pandas as pd
import streamlit as st

from dashboard.cards import Card
from dashboard.charts.spec import figure_from_spec
from dashboard.exports import XLSX_MIME, csv_bytes, xlsx_bytes
from dashboard.i18n import Translator, escape_markdown
from dashboard.ui.gate import audited

NO_TOOLBAR = {"displayModeBar": False}


def chart(spec: dict, **options) -> None:
    """Draws a figure made by `charts.spec.figure_spec` across the width, without plotly's toolbar."""
    st.plotly_chart(figure_from_spec(spec), width="stretch", config=NO_TOOLBAR, **options)


STATUS_COLOURS = {"on_track": "green", "at_risk": "orange", "off_track": "red"}


def _metric(card: Card) -> None:
    # the card is a bordered box holding the metric and, when it has a target, its status under it (in words with
    # its mark and target, and in colour: colour is never the only sign); screen.css gives a row's boxes one height
    with st.container(border=True, gap="small"):
        st.metric(card.label, card.value, card.delta, card.delta_color, help=card.help,
                  delta_arrow="off" if card.delta_color == "off" else "auto")
        if card.status:
            st.badge(card.status_text, color=STATUS_COLOURS[card.status])


def card_row(cards: list[Card], columns: int) -> None:
    """Shows cards side by side, `columns` to a row."""
    for start in range(0, len(cards), columns):
        _card_row(cards[start:start + columns], columns)


def _card_row(cards: list[Card], columns: int) -> None:
    for column, card in zip(st.columns(columns), cards):
        with column:
            _metric(card)


def summary(*lines: str) -> None:
    """Shows a page's summary, a line each, set apart above its cards (our own words and numbers: no imported
    text)."""
    st.info("  \n".join(lines), icon="📌")


def section_heading(text: str) -> None:
    """Shows a small heading that groups what follows."""
    st.markdown(f"##### {text}")


def kpi_sections(groups: dict[str, list[Card]], t: Translator) -> None:
    """Shows the KPI cards by group (the network, the mentors, the seminars), each under its heading."""
    for group, group_cards in groups.items():
        section_heading(t("group." + group))
        _card_row(group_cards, 5)


def downloads(frame: pd.DataFrame, name: str, t: Translator, *, about: tuple[str, ...] = ()) -> None:
    """Shows CSV and Excel download buttons for exactly the table shown; the Excel file opens with `about` (what
    the table is, the page's caption: scope, fiscal year, date) and the source above the table."""
    title_lines = (*about, t("export.source")) if about else ()
    # A row that wraps, each button as wide as its label: in columns a narrow side column cut both labels to
    # "ดาวน์โ…", and CSV could not be told from Excel.
    row = st.container(horizontal=True, gap="small", wrap=True)
    row.download_button(t("download.csv"), audited(f"{name}.csv", lambda: csv_bytes(frame)), file_name=f"{name}.csv",
                        mime="text/csv", key=f"{name}-csv", on_click="ignore", width="content")
    sheet = about[0] if about else name
    excel = audited(f"{name}.xlsx", lambda: xlsx_bytes(frame, sheet, title_lines=title_lines))
    row.download_button(t("download.xlsx"), excel, file_name=f"{name}.xlsx", mime=XLSX_MIME, key=f"{name}-xlsx",
                        on_click="ignore", width="content")


def sentence(text: str) -> None:
    """Shows a sentence as plain text (escaped: nothing in it is read as Markdown)."""
    st.markdown(escape_markdown(text))


def numbered_lines(lines: list[str]) -> None:
    """Shows sentences as a numbered list, as plain text."""
    st.markdown("\n".join(f"{i}. {escape_markdown(line)}" for i, line in enumerate(lines, start=1)))


def download_card(title: str, caption: str, label: str, data, *, file_name: str, mime: str, icon: str, key: str,
                  primary: bool = False, disabled: bool = False) -> None:
    """Shows a bordered card: a bold title, what the file holds, and its download button (generated on click
    when data is a function)."""
    with st.container(border=True):
        st.markdown(f"**{escape_markdown(title)}**")
        st.caption(caption)
        st.download_button(label, data, file_name=file_name, mime=mime, on_click="ignore", icon=icon, key=key,
                           type="primary" if primary else "secondary", disabled=disabled)
