"""Figures: DataFrame in, plotly Figure out. No Streamlit, no SQL."""
