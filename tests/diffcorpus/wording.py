"""Text operations of the edits: grow, cut, reword, split and join items as an analyst would.

Pure functions of a text and a ``random.Random``; each returns None when the text does not lend
itself to the operation (too short, nothing to cut at), so the caller draws another item. Words
are the text split at its single spaces; a word is replaceable when it is a lower-case word of
four letters or more with at most a trailing punctuation mark and not a function word.
"""

from __future__ import annotations

import random
import re
from collections.abc import Sequence

from tests.diffcorpus.names import names_in
from tests.diffcorpus.phrases import (
    ADVERBS,
    FUNCTION_WORDS,
    SYNONYMS,
    TAIL_STARTS,
)

_WORD = re.compile(r"^([^\W\d_]+)([.,;:]?)$")
_VERB = re.compile(r"^[a-záéíóú]{3,}(?:ar|er|ir)(?:l[oa]s?|les?|se)?$")
_NOT_VERBS = frozenset({"lugar", "nivel", "similar", "particular", "regular", "titular", "auxiliar", "familiar",
                        "escolar", "popular", "mujer", "poder", "militar", "celular", "hogar", "mayor", "menor"})
Tails = Sequence[tuple[str, str]]
"""Clauses taken from items of the manuals: (the item it ends, the clause without the final period)."""


def parts(word: str) -> tuple[str, str] | None:
    """A word's letters and its trailing punctuation, or None when it holds anything else."""
    found = _WORD.match(word)
    return (found.group(1), found.group(2)) if found else None


def letters(word: str) -> str:
    """A word's letters without its trailing punctuation; "" when it holds anything else."""
    found = parts(word)
    return found[0] if found else ""


def is_bare(word: str) -> bool:
    """True for a word of letters only, no punctuation after it."""
    found = parts(word)
    return found is not None and not found[1]


def is_replaceable(word: str) -> bool:
    """True for a lower-case content word (see the module docstring)."""
    found = parts(word)
    return found is not None and found[0].islower() and len(found[0]) >= 4 and found[0] not in FUNCTION_WORDS


def main_noun(words: Sequence[str]) -> int | None:
    """The index of the first content word after the verb (the object the item is about)."""
    return next((i for i in range(1, len(words)) if is_replaceable(words[i])), None)


def capitalised(text: str) -> str:
    """``text`` with its first letter in upper case."""
    return text[:1].upper() + text[1:]


def lower_first(text: str) -> str:
    """``text`` with a capitalised first word (``Revisar``) in lower case; a text that opens with a
    name ("Gerencia Financiera", "Instituto Salvadoreño del ...") or an acronym stays as it is."""
    opens_with_name = any(text.startswith(name) for name in names_in(text))
    is_word = text[:1].isupper() and text[1:2].islower()
    return text[:1].lower() + text[1:] if is_word and not opens_with_name else text


def donor_tails(texts: Sequence[str]) -> tuple[tuple[str, str], ...]:
    """Every prepositional clause of 4 to 12 words, no comma or bracket in it, that ends one of ``texts``."""
    found: dict[tuple[str, str], None] = {}
    for text in texts:
        words = text.split(" ")
        for k in range(2, len(words) - 2):
            tail = " ".join(words[k:]).rstrip(".;:,")
            if words[k] in TAIL_STARTS and 4 <= len(words) - k <= 12 and not any(c in tail for c in "():,;\"")\
                    and parts(words[k - 1]) is not None:
                found[(text, tail)] = None
    return tuple(found)


def _replacement(word: str, rng: random.Random, used: set[tuple[str, str]], words: Sequence[str],
                 has_fallback: bool = True) -> str | None:
    """What replaces ``word``: a synonym when there is one, else (when ``has_fallback``) a word of
    ``words`` with the same last two letters (number, gender and the infinitive mostly agree);
    each (old, new) pair used once per manual, so no rewording looks like a rename."""
    options = [w for w in SYNONYMS.get(word, ()) if (word, w) not in used]
    if not options and has_fallback:
        alike = [w for w in words if w[-2:] == word[-2:] and w != word and (word, w) not in used]
        options = rng.sample(alike, min(30, len(alike)))
    if not options:
        return None
    chosen = rng.choice(options)
    used.add((word, chosen))
    return chosen


def _replace_at(words: list[str], at: int, rng: random.Random, used: set[tuple[str, str]],
                vocabulary_words: Sequence[str], has_fallback: bool = True) -> bool:
    found = parts(words[at])
    new = _replacement(found[0], rng, used, vocabulary_words, has_fallback) if found else None
    if found is None or new is None:
        return False
    words[at] = new + found[1]
    return True


def is_verb(word: str) -> bool:
    """True for a word that reads as an infinitive ("elaborar", "remitirlas")."""
    found = parts(word)
    return found is not None and _VERB.match(found[0].casefold()) is not None and found[0] not in _NOT_VERBS


def reword_little(text: str, rng: random.Random, used: set[tuple[str, str]], words_pool: Sequence[str]) -> str | None:
    """``text`` (five words or more) with one or two words changed: words replaced by synonyms, or
    one adverb inserted after a verb ("Elaborar oportunamente el informe ...")."""
    words = text.split(" ")
    if len(words) < 5:
        return None
    has_inserted = False
    for _ in range(rng.randint(1, 2)):
        content = [i for i in range(1, len(words)) if is_replaceable(words[i]) and letters(words[i]) in SYNONYMS]
        verbs = [i for i in range(len(words)) if is_bare(words[i]) and is_verb(words[i])]
        if content and (rng.random() < 0.6 or has_inserted or not verbs):
            _replace_at(words, rng.choice(content), rng, used, words_pool, has_fallback=False)
        elif verbs and not has_inserted:
            words.insert(rng.choice(verbs) + 1, rng.choice(ADVERBS))
            has_inserted = True
    new = " ".join(words)
    return new if new != text else None


def reword_lot(text: str, rng: random.Random, used: set[tuple[str, str]], words_pool: Sequence[str]) -> str | None:
    """``text`` with 30-45% of its words replaced, its verb (first word) and main noun kept;
    words with a synonym are replaced first."""
    words = text.split(" ")
    noun = main_noun(words)
    count = round(rng.uniform(0.30, 0.45) * len(words))
    candidates = [i for i in range(1, len(words)) if i != noun and is_replaceable(words[i])]
    if len(words) < 7 or noun is None or count < 2 or len(candidates) < count:
        return None
    with_synonym = [i for i in candidates if letters(words[i]) in SYNONYMS]
    chosen = rng.sample(with_synonym, min(count, len(with_synonym)))
    chosen += rng.sample([i for i in candidates if i not in chosen], count - len(chosen))
    replaced = sum(_replace_at(words, at, rng, used, words_pool) for at in sorted(chosen))
    return " ".join(words) if replaced == count else None


def _body(text: str) -> tuple[str, str]:
    """``text`` as the part an edit grows or cuts and the end it keeps: the final period, or a last
    sentence of one or two words (the frequency that ends a PARA / FRECUENCIA item: ". Diariamente.")."""
    head, separator, last = text.rpartition(". ")
    if separator and len(last.split(" ")) <= 2:
        return head, ". " + last
    return (text[:-1], ".") if text.endswith(".") else (text, "")


def _append(text: str, clause: str) -> str:
    body, end = _body(text)
    return body + clause + end


def _insert_inner(text: str, rng: random.Random, inner: Sequence[str]) -> str | None:
    words = text.split(" ")
    places = [i for i in range(1, len(words) - 1)
              if is_replaceable(words[i]) and is_bare(words[i]) and not is_verb(words[i])]
    if not places:
        return None
    words.insert(rng.choice(places) + 1, rng.choice(inner))
    return " ".join(words)


def extend(text: str, rng: random.Random, stock: Sequence[str], borrowed: Sequence[str],
           inner: Sequence[str]) -> str | None:
    """``text`` grown to 1.15-3 times its length (never more than 3): sometimes a phrase of
    ``inner`` inserted after a noun, then clauses appended before the final period, half from
    ``stock``, half ``borrowed`` from other items of the manuals (each with its leading separator)."""
    limit, target = 3 * len(text), rng.uniform(1.15, 3.0) * len(text)
    new = text
    if inner and rng.random() < 0.4:
        grown = _insert_inner(new, rng, inner)
        new = grown if grown is not None and len(grown) <= limit else new
    for _ in range(12 if stock or borrowed else 0):
        if len(new) >= target:
            break
        clause = rng.choice(stock) if stock and (rng.random() < 0.5 or not borrowed) else rng.choice(borrowed)
        grown = _append(new, clause)
        if clause.strip(" ,").casefold() not in new.casefold() and len(grown) <= limit:
            new = grown
    return new if new != text else None


def _ends_on_content(word: str) -> bool:
    found = parts(word)
    return found is not None and found[0].casefold() not in FUNCTION_WORDS


def shorten(text: str, rng: random.Random) -> str | None:
    """``text`` with a trailing clause (or trailing words) dropped, keeping at least half of it."""
    body, end = _body(text)
    words = body.split(" ")

    def kept(k: int) -> str:
        return " ".join(words[:k]).rstrip(".,;:") + end

    if len(words) < 4:
        return None
    cuts = [k for k in range(2, len(words)) if 2 * len(kept(k)) >= len(text) and _ends_on_content(words[k - 1])]
    clause_cuts = [k for k in cuts if words[k] in TAIL_STARTS | {"y", "e", "o"} or words[k - 1].endswith((",", ";"))]
    if not cuts:
        return None
    return kept(rng.choice(clause_cuts or cuts))


def split_cuts(text: str, *, is_verb_led: bool = False) -> list[tuple[str, str, str]]:
    """Where ``text`` can be cut in two at a comma, semicolon or conjunction: (head, separator,
    tail) with ``head + separator + tail == text``, each side three words or more. The cuts whose
    tail starts with a verb ("y remitirlas a ...") when there are any; when ``is_verb_led``, only
    those."""
    words = text.split(" ")
    cuts = []
    for k in range(3, len(words) - 2):
        previous, word = words[k - 1], words[k]
        if previous.endswith((",", ";")):
            head = [*words[: k - 1], previous[:-1]]
            joined = word in ("y", "e") and len(words) - k - 1 >= 3
            separator, tail = (f"{previous[-1]} {word} ", words[k + 1:]) if joined else (f"{previous[-1]} ", words[k:])
        elif word in ("y", "e") and len(words) - k - 1 >= 3:
            head, separator, tail = words[:k], f" {word} ", words[k + 1:]
        else:
            continue
        last = parts(head[-1])
        if last is None or last[0].casefold() in FUNCTION_WORDS or tail[0].casefold() in FUNCTION_WORDS:
            continue
        cuts.append((" ".join(head), separator, " ".join(tail)))
    cuts = [cut for cut in cuts if not cut[2].split(" ")[0].endswith("mente")]  # no piece opens on an adverb
    verbs = [cut for cut in cuts if is_verb(cut[2].split(" ")[0])]
    return verbs if verbs or is_verb_led else cuts


def split_pieces(text: str, head: str, tail: str) -> tuple[str, str]:
    """The two items a cut makes: the head closed with a period (when ``text`` ends with one),
    the tail capitalised."""
    return head + ("." if text.endswith(".") else ""), capitalised(tail)


def merged(first: str, second: str, joiner: str) -> str:
    """Two items as one: the first without its final period, the joiner, the second (its first
    word in lower case)."""
    return first.removesuffix(".") + joiner + lower_first(second)


def beside(neighbour: str, rng: random.Random, tails: Tails) -> str | None:
    """A new item that opens with the first 3-5 words of ``neighbour`` (ending on a content word),
    exactly those, and goes on with a clause from another function of the manuals.

    The clause must not repeat most of what the neighbour goes on to say: a new item that
    differs from its neighbour by a word or two is that neighbour reworded, as any reader
    would pair it, not a new item (so such a draw would label the truth wrongly)."""
    words = neighbour.split(" ")
    sizes = [k for k in (3, 4, 5) if k <= len(words) - 2 and (found := parts(words[k - 1])) is not None
             and not found[1] and found[0].casefold() not in FUNCTION_WORDS]
    if not sizes:
        return None
    size = rng.choice(sizes)
    rest, last = " ".join(words[size:]), words[size - 1]
    options = [tail for source, tail in tails if source != neighbour and tail not in rest
               and last not in tail.split(" ")[:3] and tail.split(" ", 1)[0] != words[size]
               and _shared(tail, rest) < 0.5]
    return " ".join(words[:size]) + " " + rng.choice(options) + "." if options else None


def _shared(tail: str, rest: str) -> float:
    """The share of ``rest``'s words that ``tail`` repeats in order, case and punctuation aside."""
    from rapidfuzz.distance import LCSseq

    from docversion.diff.words import plain

    ours, theirs = plain(tail).split(), plain(rest).split()
    return LCSseq.similarity(ours, theirs) / len(theirs) if theirs else 1.0
