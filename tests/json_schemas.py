"""The command line's JSON contract, as the tests use it (kept in :mod:`docversion.schemas`)."""

from docversion.schemas import ERROR, INVALID_INPUT_ERROR, SCHEMAS

__all__ = ["ERROR", "INVALID_INPUT_ERROR", "SCHEMAS"]
