"""Regression tests of the bugs the public-input property test found in the dataset loaders
(``adamtheory.data``): each failed before its fix."""

from __future__ import annotations

import pytest


def test_loaders_refuse_bad_n_seed_split_root_by_name_before_reading():
    from adamtheory import data

    for fn in (data.load_mnist, data.load_fashion_mnist, data.load_cifar10, data.load_imdb_bow):
        with pytest.raises(ValueError, match="seed"):
            fn(10, seed=-1)
        with pytest.raises(TypeError, match="seed"):
            fn(10, seed=True)
        with pytest.raises(ValueError, match="split"):
            fn(10, split="valid")
        with pytest.raises(TypeError, match="root"):
            fn(10, root=3)
        with pytest.raises((TypeError, ValueError), match="n"):
            fn(2.5)
    with pytest.raises(FileNotFoundError, match="nonexistent"):
        data.load_mnist(10, root="/nonexistent")


def test_text_helpers_refuse_non_strings_by_name():
    from adamtheory.data import text

    with pytest.raises(TypeError, match="text"):
        text.tokenize(b"x")
    with pytest.raises(TypeError, match="texts"):
        text.vocabulary("a film")
    with pytest.raises(TypeError, match="texts"):
        text.vocabulary([3])


def test_file_readers_and_bag_of_words_name_bad_input():
    from adamtheory.data import files, text

    with pytest.raises(TypeError, match="path"):
        files.read_idx(3)
    for reader in (files.read_mnist_idx, files.read_cifar10, files.read_aclimdb):
        with pytest.raises(TypeError, match="folder"):
            reader(None)
    with pytest.raises(TypeError, match="texts"):
        text.bag_of_words("a film", ["film"])
    with pytest.raises(TypeError, match="words"):
        text.bag_of_words(["a film"], [3])
