"""Bag-of-words features for the IMDB experiment (Section 6.1): the most frequent words.

Tokens follow scikit-learn's ``CountVectorizer`` defaults (lower case, words of two
or more word characters, ``(?u)\\b\\w\\w+\\b``), with IMDB's ``<br />`` line breaks
removed first. A review's feature is 1 when the word occurs in it (binary bag of
words), as a row of a sparse CSR matrix.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable, Sequence

import numpy as np
import scipy.sparse as sp

from ..core import validation

__all__ = ["TOKEN", "bag_of_words", "tokenize", "vocabulary"]

TOKEN = re.compile(r"(?u)\b\w\w+\b")
"""scikit-learn's default token pattern."""

_BREAK = re.compile(r"<br\s*/?>", re.IGNORECASE)


def _strings(name: str, values: Iterable[str]) -> list[str]:
    """``values`` as a list of str; ``TypeError`` naming ``name`` otherwise (a lone
    string would be read as its characters)."""
    if isinstance(values, str | bytes) or not isinstance(values, Iterable):
        raise TypeError(f"{name} must be a sequence of str, got {type(values).__name__}")
    values = list(values)
    for value in values:
        if not isinstance(value, str):
            raise TypeError(f"{name} must hold str, got {type(value).__name__}")
    return values


def tokenize(text: str) -> list[str]:
    """Lower-cased word tokens of one text, HTML line breaks removed."""
    if not isinstance(text, str):
        raise TypeError(f"text must be a str, got {type(text).__name__}")
    return TOKEN.findall(_BREAK.sub(" ", text).lower())


def vocabulary(texts: Iterable[str], size: int = 10_000) -> list[str]:
    """The ``size`` most frequent words over all ``texts`` (ties broken alphabetically)."""
    size = validation.count("size", size)
    counts = Counter()
    for text in _strings("texts", texts):
        counts.update(tokenize(text))
    ranked = sorted(counts.items(), key=lambda item: (-item[1], item[0]))
    return [word for word, _ in ranked[:size]]


def bag_of_words(texts: Sequence[str], words: Sequence[str], dtype=np.float32) -> sp.csr_matrix:
    """Binary features: entry (i, j) is 1 when ``words[j]`` occurs in ``texts[i]``."""
    texts, words = _strings("texts", texts), _strings("words", words)
    index = {word: j for j, word in enumerate(words)}
    indptr, indices = [0], []
    for text in texts:
        columns = sorted({index[w] for w in tokenize(text) if w in index})
        indices.extend(columns)
        indptr.append(len(indices))
    data = np.ones(len(indices), dtype=dtype)
    shape = (len(texts), len(words))
    return sp.csr_matrix((data, np.array(indices, dtype=np.int32), np.array(indptr)), shape)
