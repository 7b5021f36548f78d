"""What each page shows for a filter and a language, built in one call: figures as plain dicts, tables with
translated headers, and the few values the page words around them.

Every function here takes (db, filters, keyword values), so that `dashboard.ui.data.cached` can cache its result per
database file, province scope, filters and arguments: a rerun with the same inputs draws from the cache instead of
querying, computing and building figures again. No Streamlit here; queries come from the data modules.
"""
