"""The structure of a manual, read from a stream of blocks whatever document they came from.

``manual`` assembles the parts: ``cover``, ``index``, ``sections`` (a position's seven
sections), ``position`` (their fields), ``revisions`` (MODIFICACIONES REALIZADAS). The rules
they share live once: ``labels`` (labels, headings, placeholders), ``lists`` (list markers,
numbering, sentences), ``furniture`` (page headers and footers), ``values`` (clean text and
its marks), ``report`` (what was placed, what was furniture, every judgement).
"""
