"""The Briefing page: the findings for the filters, and the two files generated from the same numbers on click."""

from collections.abc import Callable
from dataclasses import dataclass

from dashboard.briefing.chromium import chromium_path
from dashboard.briefing.files import PDF_ICON, PDF_MIME, PPTX_ICON, PPTX_MIME, briefing_file_name, deck_for_download, \
    pdf_for_download
from dashboard.db.connection import Database
from dashboard.findings import considerations, findings
from dashboard.i18n import Translator
from dashboard.kpis import kpis_with_previous
from dashboard.runner import Runner, direct
from dashboard.scope import Filters
from dashboard.views.common import page_caption

__all__ = ["PDF_ICON", "PDF_MIME", "PPTX_ICON", "PPTX_MIME", "BriefingView", "briefing_files", "briefing_view",
           "pdf_available"]


@dataclass(frozen=True)
class BriefingView:
    """The caption, the findings and the points for consideration in sentences, and the names of the deck and the
    PDF for these filters."""

    caption: str
    findings: list[str]
    considerations: list[str]
    pptx_name: str
    pdf_name: str


def briefing_view(db: Database, filters: Filters, *, lang: str, run: Runner | None = None) -> BriefingView:
    """Returns the Briefing page's view of the filters in the language (the KPIs and the findings' facts asked of
    `run`, so they are the pages' answers when cached)."""
    t = Translator(lang)
    run = run or direct(db)
    current, previous = kpis_with_previous(run, filters)
    fiscal_year = current["fiscal_year"]
    return BriefingView(page_caption(db, filters, t, current, previous),
                        findings(db, filters, lang=lang, run=run), considerations(db, filters, lang=lang, run=run),
                        *(briefing_file_name(filters, fiscal_year, kind) for kind in ("pptx", "pdf")))


def briefing_files(db: Database, filters: Filters, lang: str) -> tuple[Callable[[], bytes], Callable[[], bytes]]:
    """Returns the functions that build the deck and print the PDF, called by the download buttons on click."""
    return deck_for_download(db, filters, lang), pdf_for_download(db, filters, lang)


def pdf_available() -> bool:
    """Tells whether this server can print the PDF (a Chromium is configured or on PATH)."""
    return chromium_path() is not None
