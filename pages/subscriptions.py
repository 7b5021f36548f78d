"""Subscriptions (ส่งรายงานทางอีเมล): an area's briefing sent by e-mail on a schedule. Administrators manage every
subscription; anyone else signed in manages their own, within their provinces."""

import streamlit as st

from dashboard.ui.filters import fiscal_year_options
from dashboard.ui.setup import page_guard, page_setup
from dashboard.ui.subscription_form import subscription_form
from dashboard.views.subscriptions import (SubscriptionsFileError, area_choices, delete_subscription,
                                           deliveries_table, manageable, pause_or_resume, relay_configured,
                                           save_subscription, send_subscription_now, subscriptions_table)

ctx = page_setup("nav.subscriptions", filters=False)
t = ctx.t


def saved(form, replacing=None) -> None:
    """Saves what a form says and reruns with the news, or shows why it cannot be saved."""
    wrong = save_subscription(ctx.db, form, ctx.access, t, replacing=replacing)
    for message in wrong:
        st.error(message)
    if not wrong:
        st.session_state["subs_said"] = [("success", t.md("subs.saved", name=form.name.strip()))]
        st.rerun()


with page_guard(t):
    st.title(t("subs.title"))
    st.caption(t("subs.caption"))
    if not relay_configured():
        st.warning(t("subs.relay_missing"))
    for level, message in st.session_state.pop("subs_said", []):
        getattr(st, level)(message)
    try:
        subscriptions, deliveries = manageable(ctx.access)
    except SubscriptionsFileError as exc:
        st.error(t.md("subs.file_error", message=str(exc)))
        st.stop()
    provinces, regions = area_choices(ctx.db, ctx.access, t)
    years = fiscal_year_options(ctx.db)

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
        with st.expander(t("subs.history")):
            st.dataframe(deliveries_table(chosen, deliveries, t), hide_index=True, width="stretch")
        with st.expander(t("subs.edit")):
            st.caption(t("subs.edit_help"))
            edited = subscription_form(f"edit-{chosen.id}", t, provinces, regions, years, start=chosen)
            if edited is not None:
                saved(edited, chosen)

    st.subheader(t("subs.add"))
    added = subscription_form("add", t, provinces, regions, years)
    if added is not None:
        saved(added)
