"""Pipelines: raw files → validated staging → curated DuckDB tables the dashboard reads."""
