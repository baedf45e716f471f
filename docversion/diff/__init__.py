"""Comparing versions of a manual: matching positions across versions (more in coming work)."""
