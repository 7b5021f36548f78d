"""Entry point: `streamlit run streamlit_app.py`. Page config and navigation; each page does its own setup."""

from pathlib import Path

import streamlit as st

from dashboard.i18n import Translator
from dashboard.ui.setup import PAGE_ICON, current_language

HERE = Path(__file__).resolve().parent
t = Translator(current_language())

st.set_page_config(page_title=t("app.title"), page_icon=PAGE_ICON, layout="wide")
navigation = st.navigation([
    st.Page(HERE / "pages" / "overview.py", title=t("nav.overview"), icon="📊", url_path="overview", default=True),
])
navigation.run()
