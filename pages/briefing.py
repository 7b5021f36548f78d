"""Briefing (บรรยายสรุป): the findings for the current filters, and the deck and one-page PDF to download."""

from functools import partial

import streamlit as st

from dashboard.briefing.files import (PDF_ICON, PDF_MIME, PPTX_ICON, PPTX_MIME, briefing_file_name, deck_for_download,
                                      pdf_for_download)
from dashboard.briefing.chromium import chromium_path
from dashboard.findings import findings
from dashboard.kpi_cards import period_caption
from dashboard.scope import scope_label
from dashboard.ui.data import cached, geography, kpis_with_previous
from dashboard.ui.gate import audited
from dashboard.ui.render import download_card, numbered_lines, section_heading
from dashboard.ui.setup import page_guard, page_setup

ctx = page_setup("nav.briefing")
t = ctx.t

with page_guard(t):
    current, previous = kpis_with_previous(ctx.db, ctx.filters)
    st.title(t("briefing.page_title"))
    st.caption(period_caption(current, previous, t, scope_label(ctx.filters, geography(ctx.db), t)))

    findings_column, files_column = st.columns([3, 2], gap="large")
    with findings_column:
        section_heading(t("briefing.findings_title"))
        sentences = findings(ctx.db, ctx.filters, lang=t.lang, run=partial(cached, ctx.db))
        if sentences:
            numbered_lines(sentences)
        else:
            st.info(t("briefing.no_findings"))
        st.caption(t("briefing.findings_hint"))
    with files_column:
        section_heading(t("briefing.files"))
        fiscal_year = current["fiscal_year"]
        download_card(t("briefing.pptx_name"), t("briefing.pptx_help"), t("briefing.download_pptx"),
                      audited(briefing_file_name(ctx.filters, fiscal_year, "pptx"),
                              deck_for_download(ctx.db, ctx.filters, t.lang), event="briefing"), mime=PPTX_MIME, icon=PPTX_ICON,
                      file_name=briefing_file_name(ctx.filters, fiscal_year, "pptx"), key="download-pptx",
                      primary=True)
        pdf_available = chromium_path() is not None
        download_card(t("briefing.pdf_name"), t("briefing.pdf_help"), t("briefing.download_pdf"),
                      audited(briefing_file_name(ctx.filters, fiscal_year, "pdf"),
                              pdf_for_download(ctx.db, ctx.filters, t.lang), event="briefing"), mime=PDF_MIME, icon=PDF_ICON,
                      file_name=briefing_file_name(ctx.filters, fiscal_year, "pdf"), key="download-pdf",
                      disabled=not pdf_available)
        if not pdf_available:
            st.warning(t("briefing.pdf_unavailable"))
