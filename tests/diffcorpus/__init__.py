"""A labelled corpus of edits to real manuals, and how a diff scores against it (issue 15).

* :mod:`~tests.diffcorpus.sources` reads the real manuals; :mod:`~tests.diffcorpus.draft` is a
  manual being edited, whose items carry identity tags;
* :mod:`~tests.diffcorpus.item_edits` and :mod:`~tests.diffcorpus.position_edits` are the edits,
  each returning a :class:`~tests.diffcorpus.label.Label` (what it did, what a diff should say);
  :mod:`~tests.diffcorpus.wording`, :mod:`~tests.diffcorpus.names` and
  :mod:`~tests.diffcorpus.phrases` are the text operations and the Spanish they draw on;
* :mod:`~tests.diffcorpus.generate` draws several disjoint edits per manual into a
  :class:`~tests.diffcorpus.generate.Case`; :mod:`~tests.diffcorpus.truth` is its ground truth;
* :mod:`~tests.diffcorpus.score` compares a change set with the truth (record keys in
  :mod:`~tests.diffcorpus.records`), :mod:`~tests.diffcorpus.failures` explains the misses, and
  :mod:`~tests.diffcorpus.oracle` builds the change set a perfect diff would give.

Run the benchmark with ``.venv/bin/python tests/benchmarks/bench_pairing.py``.
"""
