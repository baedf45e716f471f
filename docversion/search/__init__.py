"""Searching the manuals' text: phrases matched without regard to case or accents, the text units
a manual holds (each with its field path and the document's label), and the hits a search gives.

Pure: no git, no SQLite, no printing. The store reads the versions and keeps the index
(:mod:`docversion.store.searching`, :mod:`docversion.store.search_index`); the views draw the
records of :mod:`docversion.search.records`.
"""
