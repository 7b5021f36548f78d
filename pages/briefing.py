"""Briefing (บรรยายสรุป): the findings for the current filters, and the deck and one-page PDF to download."""

import streamlit as st

from dashboard.ui.data import cached
from dashboard.ui.gate import audited
from dashboard.ui.render import download_card, numbered_lines, section_heading
from dashboard.ui.setup import page_guard, page_setup
from dashboard.views.briefing import (PDF_ICON, PDF_MIME, PPTX_ICON, PPTX_MIME, briefing_files, briefing_view,
                                      pdf_available)

ctx = page_setup("nav.briefing")
t = ctx.t

with page_guard(t):
    view = cached(ctx.db, briefing_view, ctx.filters, lang=t.lang)
    st.title(t("briefing.page_title"))
    st.caption(view.caption)

    findings_column, files_column = st.columns([3, 2], gap="large")
    with findings_column:
        section_heading(t("briefing.findings_title"))
        if view.findings:
            numbered_lines(view.findings)
        else:
            st.info(t("briefing.no_findings"))
        section_heading(t("briefing.considerations_title"))
        if view.considerations:
            numbered_lines(view.considerations)
        else:
            st.info(t("briefing.no_considerations"))
        st.caption(t("briefing.findings_hint"))
    with files_column:
        section_heading(t("briefing.files"))
        build_deck, print_pdf = briefing_files(ctx.db, ctx.filters, t.lang)
        download_card(t("briefing.pptx_name"), t("briefing.pptx_help"), t("briefing.download_pptx"),
                      audited(view.pptx_name, build_deck, event="briefing"), mime=PPTX_MIME, icon=PPTX_ICON,
                      file_name=view.pptx_name, key="download-pptx", primary=True)
        printable = pdf_available()
        download_card(t("briefing.pdf_name"), t("briefing.pdf_help"), t("briefing.download_pdf"),
                      audited(view.pdf_name, print_pdf, event="briefing"), mime=PDF_MIME, icon=PDF_ICON,
                      file_name=view.pdf_name, key="download-pdf", disabled=not printable)
        if not printable:
            st.warning(t("briefing.pdf_unavailable"))
