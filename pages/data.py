"""Data (นำเข้าข้อมูล): import files, see what was rejected and why, data freshness, templates."""

import streamlit as st

from dashboard.ui.data import cached, import_history, import_rejects, table_counts
from dashboard.ui.gate import audited, done_with_upload, offer_uploads, record_import
from dashboard.ui.importing import file_uploader, import_upload
from dashboard.ui.setup import page_guard, page_setup
from dashboard.views.data import (KINDS, XLSX_MIME, freshness_table, history_table, import_labels, import_messages,
                                  recent_events, rejects_csv, rejects_table, target_year_choice, target_year_label,
                                  targets_caption, targets_filters, targets_table, template_csv, template_xlsx)

ctx = page_setup("nav.data", filters=False, admin_only=True)
t = ctx.t

with page_guard(t):
    st.title(t("data.title"))
    st.caption(t("data.caption"))

    st.subheader(t("data.upload"))
    may_upload = offer_uploads(ctx.access)
    if not may_upload:
        st.warning(t("data.upload_local_only"))
    with st.form("upload", clear_on_submit=True):
        kind = st.selectbox(t("data.kind"), list(KINDS), format_func=lambda k: t(f"kind.{k}"), key="import_kind",
                            help=t("data.kind_help"))
        upload = file_uploader(t, disabled=not may_upload)
        submitted = st.form_submit_button(t("data.import"), type="primary", disabled=not may_upload)
    if submitted:
        if upload is None:
            st.warning(t("data.no_file"))
        else:
            with st.spinner(t("data.importing")):
                st.session_state["last_upload"] = import_upload(kind, upload.name, upload, who=ctx.access.who)
            done_with_upload(upload)
            record_import(kind, st.session_state["last_upload"])
            st.rerun()

    outcome = st.session_state.get("last_upload")
    for level, message in import_messages(outcome, t) if outcome is not None else []:
        getattr(st, level)(message)

    history = import_history(ctx.db)
    st.subheader(t("data.rejects"))
    with_rejects = history[history["rejected"] > 0]
    if with_rejects.empty:
        st.info(t("data.no_rejects"))
    else:
        labels = import_labels(with_rejects, t)
        import_id = st.selectbox(t("data.pick_import"), list(labels), format_func=labels.get)
        rejects = import_rejects(ctx.db, import_id)
        st.dataframe(rejects_table(rejects, t), hide_index=True, width="stretch")
        st.download_button(t("data.download_rejects"),
                           audited(f"rejects-{import_id}.csv", lambda: rejects_csv(rejects)),
                           file_name=f"rejects-{import_id}.csv", mime="text/csv", on_click="ignore")

    st.subheader(t("data.freshness"))
    st.dataframe(freshness_table(history, table_counts(ctx.db), t), hide_index=True, width="stretch")
    if not history.empty:
        with st.expander(t("data.history")):
            st.dataframe(history_table(history, t), hide_index=True, width="stretch")

    with st.expander(t("data.audit")):
        events = recent_events()
        if events.empty:
            st.caption(t("data.audit_empty"))
        else:
            st.dataframe(events, hide_index=True, width="stretch")

    st.subheader(t("data.targets"))
    years, current = cached(ctx.db, target_year_choice, targets_filters())
    year = st.selectbox(t("data.targets.year"), years, index=current, format_func=lambda y: target_year_label(y, t),
                        key="targets_year")
    st.dataframe(cached(ctx.db, targets_table, targets_filters(year), lang=t.lang), hide_index=True, width="stretch")
    st.caption(targets_caption(t))

    st.subheader(t("data.templates"))
    st.caption(t("data.templates_help"))
    for name in KINDS:
        label, csv_col, xlsx_col = st.columns([2, 1, 1])
        label.markdown(t(f"kind.{name}"))
        csv_col.download_button("CSV", template_csv(name), file_name=f"{name}-template.csv", mime="text/csv",
                                key=f"csv-{name}")
        xlsx_col.download_button("XLSX", template_xlsx(name), file_name=f"{name}-template.xlsx", mime=XLSX_MIME,
                                 key=f"xlsx-{name}")
