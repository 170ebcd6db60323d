"""Reporters: how findings are shown or stored (text, json, github, sarif, parquet)."""
