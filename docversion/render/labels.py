"""The manual's own words for its fields, as the views use them (kept in :mod:`docversion.labels`)."""

from __future__ import annotations

from docversion.labels import FIELD_LABELS, SECTION_TITLES, field_label

__all__ = ["FIELD_LABELS", "SECTION_TITLES", "field_label"]
