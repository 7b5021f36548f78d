"""What the deck and the one-pager both open with: the scope, the fiscal year, the data date and the headline cards
of the card catalogue (pure formatting over the KPIs asked of a runner)."""

from dataclasses import dataclass
from datetime import date

from dashboard.cards import BRIEFING, Card, cards
from dashboard.db.connection import Database
from dashboard.i18n import Translator
from dashboard.kpis import kpis_with_previous
from dashboard.runner import Runner
from dashboard.scope import Filters, geography, scope_label
from dashboard.thai import format_date, format_fiscal_year

TREND_YEARS = 10   # the fiscal years on the trend of the deck and the one-pager, the latest last, each labelled


@dataclass(frozen=True)
class Headline:
    """The filters' KPIs now and a year before, their headline cards, and the scope, fiscal year and data date in
    words."""

    current: dict
    previous: dict
    cards: list[Card]
    scope: str
    fiscal_year: str
    data_as_of: str


def headline(db: Database, filters: Filters, t: Translator, *, run: Runner, threshold: int | None = None) -> Headline:
    """Returns the briefing's headline for the filters (the KPIs asked of `run`; the settings' threshold when
    None)."""
    current, previous = kpis_with_previous(run, filters, threshold=threshold)
    return Headline(current, previous, cards(BRIEFING, current, previous, t), scope_label(filters, geography(db), t),
                    format_fiscal_year(current["fiscal_year"], t.lang),
                    format_date(date.fromisoformat(current["data_date"]), t.lang))
