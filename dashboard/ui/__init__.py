"""Streamlit glue shared by every page: setup, data access with caches, rendering helpers."""
