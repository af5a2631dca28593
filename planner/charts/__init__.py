"""Plotly figure builders: pure functions of results, tested without Streamlit (one module per capability)."""
