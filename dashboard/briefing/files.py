"""The briefing files as downloads: file names, and generators that run only when the button is clicked.

The deck and PDF builders (python-pptx, lxml, the embedded font) are imported on the first click, not with the
page: most visits never download, and the server keeps about 11 MB less for them.
"""

import logging
import uuid
from collections.abc import Callable

from dashboard.db.connection import Database
from dashboard.scope import Filters

log = logging.getLogger(__name__)

PPTX_MIME = "application/vnd.openxmlformats-officedocument.presentationml.presentation"
PDF_MIME = "application/pdf"
PPTX_ICON = "📊"
PDF_ICON = "🖨️"


def briefing_file_name(filters: Filters, fiscal_year_be: int, extension: str) -> str:
    """Returns e.g. 'briefing-fy2569-country.pptx', 'briefing-fy2569-NE.pdf', 'briefing-fy2569-30-31.pptx'."""
    if filters.province_codes:
        scope = "-".join(filters.province_codes[:5]) + ("-more" if len(filters.province_codes) > 5 else "")
    else:
        scope = filters.region_code or "country"
    return f"briefing-fy{fiscal_year_be}-{scope}.{extension}"


def _logged(kind: str, make: Callable[[], bytes]) -> Callable[[], bytes]:
    def generate() -> bytes:
        try:
            return make()
        except Exception:
            log.exception("briefing %s failed (ref %s)", kind, uuid.uuid4().hex[:8])
            raise
    return generate


def deck_for_download(db: Database, filters: Filters, lang: str) -> Callable[[], bytes]:
    """Returns a function that builds the deck (called by the download button on click, not on every rerun)."""
    def build() -> bytes:
        from dashboard.briefing.deck import build_deck

        return build_deck(db, filters, lang=lang)
    return _logged("deck", build)


def pdf_for_download(db: Database, filters: Filters, lang: str) -> Callable[[], bytes]:
    """Returns a function that prints the one-page PDF (called on click)."""
    def build() -> bytes:
        from dashboard.briefing.onepager import build_pdf

        return build_pdf(db, filters, lang=lang)
    return _logged("pdf", build)
