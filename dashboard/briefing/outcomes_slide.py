"""The deck's outcomes slide (ผลการปฏิบัติงาน): what the volunteers did in the fiscal year to the reference date, as the
KPI command counts it (docs/outcomes.md). The key figures with their change on the previous fiscal year, the referral
chain identify -> screen -> refer with each step's share of the step before, and the referrals by the department that
received them, both native charts holding their data."""

from typing import TYPE_CHECKING

from pptx.enum.chart import XL_CHART_TYPE

from dashboard.briefing import slide_text as say
from dashboard.briefing.pptx_kit import add_chart, card, chart_data, colour_points, fitting_size, text_box, top_down
from dashboard.cards import OUTCOMES, cards
from dashboard.charts.outcome_charts import CHAIN_COLOURS, DEPARTMENT_COLOURS
from dashboard.charts.theme import INK, MUTED, PRIMARY
from dashboard.db.schema import DEPARTMENTS
from dashboard.i18n import Translator
from dashboard.kpis import UNSPECIFIED_DEPARTMENT
from dashboard.outcomes import CHAIN
from dashboard.thai import MISSING, format_fiscal_year, format_pct

if TYPE_CHECKING:
    from dashboard.briefing.deck import Context

SHOWN = ("activities", "people_reached", "active_volunteers_pct", "activities_per_volunteer")   # the slide's cards
COUNT_FORMAT = "#,##0"
CARD_WIDTH, CARD_HEIGHT, CARD_GAP = 2.9, 1.4, 0.233
CHART_TOP, CHART_HEIGHT, CHART_WIDTH, RIGHT = 3.2, 3.65, 6.0, 6.8


def chain_steps(k: dict, t: Translator) -> list[tuple[str, int, str | None]]:
    """Returns each step of the referral chain: its name, its cases and, from the second step, its share of the step
    before in words ('50.6% ของที่ชี้เป้า'; None when the step before has none)."""
    cases = [int(k.get(key) or 0) for key in ("identified", "screened", "referred")]
    return [(t(f"outcomes.step.{step}"), count,
             t(f"briefing.outcomes.share.{step}", pct=format_pct(100.0 * count / cases[index - 1]))
             if index and cases[index - 1] else None)
            for index, (step, count) in enumerate(zip(CHAIN, cases))]


def department_referrals(k: dict, t: Translator) -> list[tuple[str, int]]:
    """Returns the cases referred to each department of the code list, in its order (0 when none), then those
    recorded without a department when there are any."""
    by_department = k.get("referrals_by_department") or {}
    names = [(code, th if t.lang == "th" else en) for code, th, en in DEPARTMENTS]
    if UNSPECIFIED_DEPARTMENT in by_department:
        names.append((UNSPECIFIED_DEPARTMENT, t("outcomes.unspecified")))
    return [(name, int(by_department.get(code) or 0)) for code, name in names]


def outcomes_slide(deck, ctx: "Context", current: dict, previous: dict) -> None:
    """Adds the outcomes slide for the KPI command's outcomes now (`current`) and a fiscal year before."""
    t = ctx.t
    outcome_cards = cards(OUTCOMES, current, previous, t)
    chain, departments = chain_steps(current, t), department_referrals(current, t)
    unspecified = UNSPECIFIED_DEPARTMENT in (current.get("referrals_by_department") or {})
    slide = ctx.slide(deck, say.outcomes_title(current, previous, t),
                      say.outcome_notes(current, outcome_cards, chain, departments, t, unspecified=unspecified))
    by_key = {c.key: c for c in outcome_cards}
    for index, key in enumerate(SHOWN):
        kpi = by_key[key]
        label_size = fitting_size(kpi.print_label, CARD_WIDTH - 0.2, (14, 13, 12, 11))
        card(slide, 0.5 + index * (CARD_WIDTH + CARD_GAP), 1.15, CARD_WIDTH, CARD_HEIGHT,
             [(kpi.print_label, label_size, MUTED, False), (kpi.value, 28, PRIMARY, True),
              (t("briefing.change", change=kpi.delta or MISSING), 13, INK, False)], name=f"outcome-{index}")
    if not current.get("activities"):
        text_box(slide, 0.5, 2.85, 12.3, 1.0, [t("briefing.outcomes.none", fiscal_year=format_fiscal_year(
            current["fiscal_year"], t.lang))], size=18, colour=MUTED).name = "outcomes-none"
        return
    text_box(slide, 0.5, 2.75, CHART_WIDTH, 0.45, [t("briefing.outcomes.chain_caption")], size=15, bold=True)
    text_box(slide, RIGHT, 2.75, CHART_WIDTH, 0.45, [t("briefing.outcomes.departments_caption")], size=15, bold=True)
    if any(cases for _, cases, _ in chain):
        labels = [f"{label} ({share})" if share else label for label, _, share in chain]
        _bars(slide, 0.5, labels, [cases for _, cases, _ in chain], CHAIN_COLOURS, t, name="chain-chart")
    else:
        text_box(slide, 0.5, CHART_TOP, CHART_WIDTH, 1.0, [t("briefing.outcomes.no_chain")], size=15,
                 colour=MUTED).name = "chain-none"
    if current.get("referred"):
        _bars(slide, RIGHT, [name for name, _ in departments], [cases for _, cases in departments],
              DEPARTMENT_COLOURS, t, name="department-chart")
    else:
        text_box(slide, RIGHT, CHART_TOP, CHART_WIDTH, 1.0, [t("briefing.outcomes.no_referrals")], size=15,
                 colour=MUTED).name = "department-none"


def _bars(slide, left: float, labels: list[str], values: list[int], colours: list[str], t: Translator, *,
          name: str) -> None:
    """Adds horizontal bars of cases, the first label at the top, each bar its own colour and its count beside it
    (no value axis)."""
    labels, values, colours = top_down(labels, values, colours[:len(labels)])
    chart = add_chart(slide, XL_CHART_TYPE.BAR_CLUSTERED, chart_data(labels, {t("briefing.outcomes.cases"): values},
                                                                     COUNT_FORMAT),
                      (left, CHART_TOP, CHART_WIDTH, CHART_HEIGHT), name=name, colours=colours[:1],
                      labels_format=COUNT_FORMAT, value_range=(0, None), axis_format=COUNT_FORMAT)
    colour_points(chart, colours)
    chart.plots[0].gap_width = 45
    # each bar carries its count: a value axis of counts would only crowd the narrow chart
    chart.value_axis.visible = False
    chart.value_axis.has_major_gridlines = False
