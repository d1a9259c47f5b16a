"""Loaders on small files the tests write themselves, the stand-ins, and the bag of words."""

import gzip
import pickle
import struct

import numpy as np
import pytest

from adamtheory import data


def write_idx(path, array, compress=False):
    header = struct.pack(">BBBB", 0, 0, 0x08, array.ndim)
    header += struct.pack(f">{array.ndim}i", *array.shape)
    raw = header + array.astype(np.uint8).tobytes()
    if compress:
        with gzip.open(path, "wb") as f:
            f.write(raw)
    else:
        path.write_bytes(raw)


def make_mnist(folder, n=7, compress=False):
    folder.mkdir(parents=True)
    rng = np.random.default_rng(0)
    images = rng.integers(0, 256, (n, 28, 28), dtype=np.uint8)
    labels = rng.integers(0, 10, n, dtype=np.uint8)
    suffix = ".gz" if compress else ""
    write_idx(folder / f"train-images-idx3-ubyte{suffix}", images, compress)
    write_idx(folder / f"train-labels-idx1-ubyte{suffix}", labels, compress)
    return images, labels


@pytest.mark.parametrize("compress", [False, True])
def test_mnist_idx_files_through_the_root_argument(tmp_path, compress):
    images, labels = make_mnist(tmp_path / "mnist", compress=compress)
    digits = data.load_mnist(root=tmp_path)
    assert digits.source == str(tmp_path / "mnist") and digits.X.dtype == np.float32
    order = np.argsort(digits.y * 1000 + digits.X.reshape(7, -1).sum(axis=1))
    expected = np.argsort(labels.astype(int) * 1000 + (images / 255).reshape(7, -1).sum(axis=1))
    np.testing.assert_allclose(digits.X[order], images[expected] / 255, rtol=1e-6)
    np.testing.assert_array_equal(digits.y[order], labels[expected])


def test_fashion_mnist_through_the_environment_variable(tmp_path, monkeypatch):
    make_mnist(tmp_path / "fashion-mnist", n=4)
    monkeypatch.setenv(data.ENV_VAR, str(tmp_path))
    assert data.load_fashion_mnist().X.shape == (4, 28, 28)
    assert data.load_mnist(n=10).source == "bundled"  # no mnist/ there: the stand-in


def test_missing_files_are_named(tmp_path, monkeypatch):
    monkeypatch.delenv(data.ENV_VAR, raising=False)
    (tmp_path / "mnist").mkdir()
    with pytest.raises(FileNotFoundError, match="train-images-idx3-ubyte"):
        data.load_mnist(root=tmp_path)
    with pytest.raises(FileNotFoundError, match="cifar-10-batches-py"):
        data.load_cifar10(root=tmp_path)
    with pytest.raises(FileNotFoundError, match="ADAMTHEORY_DATA"):
        data.load_cifar10()
    with pytest.raises(FileNotFoundError, match="aclImdb"):
        data.load_imdb_bow(root=tmp_path)


def test_idx_header_is_checked(tmp_path):
    (tmp_path / "bad").write_bytes(b"\x01\x02\x03\x04rest")
    with pytest.raises(ValueError, match="not an IDX file"):
        data.read_idx(tmp_path / "bad")
    write_idx(tmp_path / "ok", np.arange(6).reshape(2, 3))
    np.testing.assert_array_equal(data.read_idx(tmp_path / "ok"), np.arange(6).reshape(2, 3))


def test_cifar10_pickles(tmp_path):
    folder = tmp_path / "cifar-10-batches-py"
    folder.mkdir()
    rng = np.random.default_rng(0)
    batches = []
    for i in range(1, 6):
        batch = {b"data": rng.integers(0, 256, (2, 3072), dtype=np.uint8), b"labels": [i, 0]}
        batches.append(batch)
        with open(folder / f"data_batch_{i}", "wb") as f:
            pickle.dump(batch, f)
    images, labels = data.read_cifar10(folder)
    assert images.shape == (10, 32, 32, 3) and labels.tolist()[:4] == [1, 0, 2, 0]
    red = batches[0][b"data"][0, :1024].reshape(32, 32)  # channel-major rows in the file
    np.testing.assert_array_equal(images[0, :, :, 0], red)
    assert data.load_cifar10(n=3, root=tmp_path).X.shape == (3, 32, 32, 3)
    (folder / "data_batch_3").unlink()
    with pytest.raises(FileNotFoundError, match="data_batch_3"):
        data.read_cifar10(folder)


def test_aclimdb_folders(tmp_path):
    reviews = {"pos": ["A great, great film!", "Great acting"], "neg": ["Dull film.<br />Bad"]}
    for label, texts in reviews.items():
        (tmp_path / "aclImdb" / "train" / label).mkdir(parents=True)
        for i, text in enumerate(texts):
            (tmp_path / "aclImdb" / "train" / label / f"{i}_7.txt").write_text(text)
    texts, labels = data.read_aclimdb(tmp_path / "aclImdb")
    assert labels.tolist() == [0, 1, 1] and texts[0].startswith("Dull")
    bow = data.load_imdb_bow(words=3, root=tmp_path)
    assert bow.X.shape == (3, 3) and bow.source.endswith("aclImdb")
    assert data.vocabulary(texts, 2) == ["great", "film"]


def test_bag_of_words_matches_scikit_learn():
    CountVectorizer = pytest.importorskip("sklearn.feature_extraction.text").CountVectorizer
    texts, _ = data.bundled.imdb_reviews()
    texts = list(texts[:300])
    words = data.vocabulary(texts, 10**6)  # the whole vocabulary: no ties at a cut-off
    ours = data.bag_of_words(texts, words)
    cleaned = [t.replace("<br />", " ") for t in texts]
    vectorizer = CountVectorizer(vocabulary=words, binary=True, dtype=np.float32)
    reference = vectorizer.fit_transform(cleaned)
    assert (ours != reference).nnz == 0


def test_bundled_stand_ins_are_the_advertised_real_data():
    images, labels = data.bundled.mnist_5k()
    assert images.shape == (5000, 28, 28) and np.bincount(labels).tolist() == [500] * 10
    texts, labels = data.bundled.imdb_reviews()
    assert len(texts) == 25_000 and labels.sum() == 12_500
    assert texts[0].startswith("I rented I AM CURIOUS-YELLOW")  # aclImdb's train set
    bow = data.load_imdb_bow(n=200, words=500, seed=1)
    assert bow.X.shape == (200, 500) and set(np.unique(bow.X.data)) == {1.0}


def test_subset_size_is_checked():
    with pytest.raises(ValueError, match="n must be at most 5000"):
        data.load_mnist(n=5001)
    with pytest.raises(TypeError, match="n must be an integer"):
        data.load_mnist(n=2.5)
