"""The form that adds or edits a subscription (the Subscriptions page shows it twice: empty, and filled in with the
subscription picked)."""

import streamlit as st

from dashboard.i18n import Translator
from dashboard.subscriptions.store import Subscription
from dashboard.ui.setup import LANGUAGE_NAMES
from dashboard.views.subscriptions import SubscriptionForm, fiscal_year_label


def subscription_form(key: str, t: Translator, provinces: dict[str, str], regions: dict[str, str] | None,
                      years: list[int], *, start: Subscription | None = None) -> SubscriptionForm | None:
    """Shows the form (its widgets keyed by `key`, filled in from `start`); returns what it says once submitted."""
    start = start or Subscription(name="", recipients=())
    schedule = start.schedule
    with st.form(key):
        name = st.text_input(t("subs.name"), start.name, placeholder=t("subs.name_help"), max_chars=120,
                             key=f"{key}-name")
        recipients = st.text_area(t("subs.recipients"), "\n".join(start.recipients), help=t("subs.recipients_help"),
                                  max_chars=4000, key=f"{key}-recipients")
        picked = st.multiselect(t("subs.provinces"), list(provinces), [c for c in start.province_codes if c in provinces],
                                format_func=provinces.get, placeholder=t("filter.all_provinces"), key=f"{key}-provinces")
        region = None
        if regions is not None:
            choices = [None, *regions]
            region = st.selectbox(t("subs.region"), choices, choices.index(start.region_code)
                                  if start.region_code in choices else 0,
                                  format_func=lambda code: regions[code] if code else t("subs.whole_country"),
                                  key=f"{key}-region")
        year_choices = [None, *years]
        year = st.selectbox(t("subs.fiscal_year"), year_choices, year_choices.index(start.fiscal_year_be)
                            if start.fiscal_year_be in year_choices else 0, format_func=lambda fy: fiscal_year_label(fy, t),
                            key=f"{key}-year")
        lang = st.radio(t("subs.language"), list(LANGUAGE_NAMES), list(LANGUAGE_NAMES).index(start.lang),
                        format_func=LANGUAGE_NAMES.get, horizontal=True, key=f"{key}-lang")
        pdf = st.checkbox(t("subs.attach_pdf"), "pdf" in start.files, key=f"{key}-pdf")
        pptx = st.checkbox(t("subs.attach_pptx"), "pptx" in start.files, key=f"{key}-pptx")
        kind = st.radio(t("subs.kind"), ["monthly", "weekly"], ["monthly", "weekly"].index(schedule.kind),
                        format_func=lambda k: t(f"subs.kind.{k}"), horizontal=True, key=f"{key}-kind")
        day_column, weekday_column, hour_column = st.columns(3)
        month_day = day_column.number_input(t("subs.month_day"), min_value=1, max_value=31,
                                            value=schedule.day if schedule.kind == "monthly" else 1,
                                            key=f"{key}-day")
        weekday = weekday_column.selectbox(t("subs.weekday"), list(range(7)),
                                           schedule.day if schedule.kind == "weekly" else 0,
                                           format_func=lambda d: t(f"subs.weekday.{d}"), key=f"{key}-weekday")
        hour = hour_column.number_input(t("subs.hour"), min_value=0, max_value=23, value=schedule.hour,
                                         key=f"{key}-hour")
        working_days = st.checkbox(t("subs.working_days"), schedule.working_days, key=f"{key}-working-days")
        if not st.form_submit_button(t("subs.save"), type="primary"):
            return None
    return SubscriptionForm(name, recipients, tuple(picked), region, year, lang, pdf, pptx, kind, int(month_day),
                            weekday, int(hour), working_days)
