"""Subscriptions (ส่งรายงานทางอีเมล): an area's briefing sent by e-mail on a schedule. Administrators manage every
subscription; anyone else signed in manages their own, within their provinces."""

import streamlit as st

from dashboard.ui.filters import fiscal_year_options
from dashboard.ui.setup import LANGUAGE_NAMES, page_guard, page_setup
from dashboard.views.subscriptions import (SubscriptionForm, area_choices, delete_subscription, fiscal_year_label,
                                           manageable, pause_or_resume, relay_configured,
                                           save_subscription, send_subscription_now, subscriptions_table)

ctx = page_setup("nav.subscriptions", filters=False)
t = ctx.t

with page_guard(t):
    st.title(t("subs.title"))
    st.caption(t("subs.caption"))
    if not relay_configured():
        st.warning(t("subs.relay_missing"))
    for level, message in st.session_state.pop("subs_said", []):
        getattr(st, level)(message)

    subscriptions, deliveries = manageable(ctx.access)
    st.subheader(t("subs.list"))
    if not subscriptions:
        st.info(t("subs.none"))
    else:
        st.dataframe(subscriptions_table(ctx.db, subscriptions, deliveries, t), hide_index=True, width="stretch")
        by_id = {sub.id: sub for sub in subscriptions}
        chosen = by_id[st.selectbox(t("subs.pick"), list(by_id), format_func=lambda i: by_id[i].name, key="subs_pick")]
        send_column, pause_column, delete_column = st.columns(3)
        if send_column.button(t("subs.send_now"), help=t("subs.send_now_help"), type="primary",
                              disabled=not relay_configured()):
            with st.spinner(t("subs.sending")):
                st.session_state["subs_said"] = send_subscription_now(ctx.db, chosen, ctx.access, t)
            st.rerun()
        if pause_column.button(t("subs.pause") if chosen.active else t("subs.resume")):
            pause_or_resume(chosen)
            st.rerun()
        if delete_column.button(t("subs.delete")):
            delete_subscription(chosen, ctx.access)
            st.session_state["subs_said"] = [("success", t.md("subs.deleted", name=chosen.name))]
            st.rerun()

    st.subheader(t("subs.add"))
    provinces, regions = area_choices(ctx.db, ctx.access, t)
    with st.form("subscription"):
        name = st.text_input(t("subs.name"), placeholder=t("subs.name_help"), max_chars=120)
        recipients = st.text_area(t("subs.recipients"), help=t("subs.recipients_help"), max_chars=4000)
        picked = st.multiselect(t("subs.provinces"), list(provinces), format_func=provinces.get,
                                placeholder=t("filter.all_provinces"))
        region = None
        if regions is not None:
            region = st.selectbox(t("subs.region"), [None, *regions],
                                  format_func=lambda code: regions[code] if code else t("subs.whole_country"))
        year = st.selectbox(t("subs.fiscal_year"), [None, *fiscal_year_options(ctx.db)],
                            format_func=lambda fy: fiscal_year_label(fy, t))
        lang = st.radio(t("subs.language"), list(LANGUAGE_NAMES), format_func=LANGUAGE_NAMES.get, horizontal=True)
        pdf = st.checkbox(t("subs.attach_pdf"), value=True)
        pptx = st.checkbox(t("subs.attach_pptx"), value=True)
        kind = st.radio(t("subs.kind"), ["monthly", "weekly"], format_func=lambda k: t(f"subs.kind.{k}"),
                        horizontal=True)
        day_column, weekday_column, hour_column = st.columns(3)
        month_day = day_column.number_input(t("subs.month_day"), min_value=1, max_value=31, value=1)
        weekday = weekday_column.selectbox(t("subs.weekday"), list(range(7)), format_func=lambda d: t(f"subs.weekday.{d}"))
        hour = hour_column.number_input(t("subs.hour"), min_value=0, max_value=23, value=7)
        working_days = st.checkbox(t("subs.working_days"), value=True)
        submitted = st.form_submit_button(t("subs.save"), type="primary")
    if submitted:
        form = SubscriptionForm(name, recipients, tuple(picked), region, year, lang, pdf, pptx, kind, int(month_day),
                                weekday, int(hour), working_days)
        wrong = save_subscription(ctx.db, form, ctx.access, t)
        for message in wrong:
            st.error(message)
        if not wrong:
            st.session_state["subs_said"] = [("success", t.md("subs.saved", name=name.strip()))]
            st.rerun()
