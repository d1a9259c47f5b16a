"""Readers for the paper's own data files, when a user has them.

One place points at them: the ``root`` argument of a loader, or else the environment
variable ``ADAMTHEORY_DATA``. Both name a folder laid out as the datasets unpack::

    <root>/mnist/train-images-idx3-ubyte[.gz]    <root>/mnist/train-labels-idx1-ubyte[.gz]
    <root>/fashion-mnist/  (the same four IDX names as MNIST)
    <root>/aclImdb/train/pos/*.txt  <root>/aclImdb/train/neg/*.txt  (and test/)
    <root>/cifar-10-batches-py/data_batch_1 ... data_batch_5, test_batch

Nothing is downloaded: a file that is not there raises ``FileNotFoundError`` naming it.
"""

from __future__ import annotations

import gzip
import os
import pickle
from pathlib import Path

import numpy as np

__all__ = [
    "ENV_VAR",
    "FOLDERS",
    "data_root",
    "dataset_folder",
    "read_aclimdb",
    "read_cifar10",
    "read_idx",
    "read_mnist_idx",
]

ENV_VAR = "ADAMTHEORY_DATA"
"""The environment variable that points at a folder of real data files."""

FOLDERS = {
    "mnist": "mnist",
    "fashion-mnist": "fashion-mnist",
    "imdb": "aclImdb",
    "cifar10": "cifar-10-batches-py",
}
"""The sub-folder of the data root where each dataset is looked for."""

_IDX_TYPES = {
    0x08: np.uint8,
    0x09: np.int8,
    0x0B: np.dtype(">i2"),
    0x0C: np.dtype(">i4"),
    0x0D: np.dtype(">f4"),
    0x0E: np.dtype(">f8"),
}


def data_root(root: str | os.PathLike | None = None) -> Path | None:
    """The folder of real data: ``root`` if given, else ``$ADAMTHEORY_DATA``, else None."""
    if root is not None:
        if isinstance(root, bytes) or not isinstance(root, str | os.PathLike):
            raise TypeError(f"root must be a path (str or os.PathLike), got {type(root).__name__}")
        return Path(root)
    env = os.environ.get(ENV_VAR)
    return Path(env) if env else None


def dataset_folder(name: str, root: str | os.PathLike | None = None) -> Path | None:
    """The folder of dataset ``name`` under the data root, or None for the stand-in.

    An explicit ``root`` must hold the dataset (``FileNotFoundError`` otherwise); under
    ``$ADAMTHEORY_DATA`` a dataset that is absent falls back to the bundled stand-in.
    """
    if name not in FOLDERS:
        raise ValueError(f"name must be one of {sorted(FOLDERS)}, got {name!r}")
    base = data_root(root)
    if base is None:
        return None
    folder = base / FOLDERS[name]
    if folder.is_dir():
        return folder
    if root is not None:
        raise FileNotFoundError(f"{folder} (the {name} folder under root={str(root)!r})")
    return None


def _open(path: Path):
    return gzip.open(path, "rb") if path.suffix == ".gz" else open(path, "rb")


def _path(name: str, value) -> Path:
    """``value`` as a Path; ``TypeError`` naming ``name`` for anything but str/PathLike."""
    if isinstance(value, bytes) or not isinstance(value, str | os.PathLike):
        raise TypeError(f"{name} must be a path (str or os.PathLike), got {type(value).__name__}")
    return Path(value)


def read_idx(path: str | os.PathLike) -> np.ndarray:
    """Read one IDX file (LeCun's MNIST format), plain or gzipped, into an array.

    The header: two zero bytes, a type code (0x08 = unsigned byte), the number of
    dimensions, then each dimension as a big-endian int32.
    """
    path = _path("path", path)
    if not path.is_file():
        raise FileNotFoundError(str(path))
    with _open(path) as f:
        header = f.read(4)
        if len(header) != 4 or header[:2] != b"\x00\x00" or header[2] not in _IDX_TYPES:
            raise ValueError(f"{path} is not an IDX file (header {header!r})")
        shape = tuple(int(d) for d in np.frombuffer(f.read(4 * header[3]), dtype=">i4"))
        dtype = np.dtype(_IDX_TYPES[header[2]])
        data = np.frombuffer(f.read(), dtype=dtype)
    if data.size != int(np.prod(shape)):
        raise ValueError(f"{path} holds {data.size} values, its header says {shape}")
    return data.reshape(shape).astype(dtype.newbyteorder("="))


def _find(folder: Path, stem: str) -> Path:
    """``folder/stem`` or ``folder/stem.gz``; FileNotFoundError names the plain name."""
    for candidate in (folder / stem, folder / f"{stem}.gz"):
        if candidate.is_file():
            return candidate
    raise FileNotFoundError(f"{folder / stem} (or {stem}.gz)")


def read_mnist_idx(folder: str | os.PathLike, split: str = "train"):
    """Images (n, 28, 28) uint8 and labels (n,) of MNIST or Fashion-MNIST IDX files."""
    folder = _path("folder", folder)
    if split not in ("train", "test"):
        raise ValueError(f"split must be 'train' or 't10k'-style 'test', got {split!r}")
    prefix = "train" if split == "train" else "t10k"
    folder = Path(folder)
    images = read_idx(_find(folder, f"{prefix}-images-idx3-ubyte"))
    labels = read_idx(_find(folder, f"{prefix}-labels-idx1-ubyte"))
    if images.shape[0] != labels.shape[0]:
        raise ValueError(f"{folder}: {images.shape[0]} images but {labels.shape[0]} labels")
    return images, labels.astype(np.int64)


def read_aclimdb(folder: str | os.PathLike, split: str = "train"):
    """Texts and labels (1 = pos, 0 = neg) of the ``aclImdb/<split>/{pos,neg}`` folders."""
    folder = _path("folder", folder)
    if split not in ("train", "test"):
        raise ValueError(f"split must be 'train' or 'test', got {split!r}")
    texts, labels = [], []
    for label, name in ((0, "neg"), (1, "pos")):
        sub = Path(folder) / split / name
        if not sub.is_dir():
            raise FileNotFoundError(str(sub))
        for path in sorted(sub.glob("*.txt")):
            texts.append(path.read_text(encoding="utf-8"))
            labels.append(label)
    return texts, np.array(labels, dtype=np.int64)


def read_cifar10(folder: str | os.PathLike, split: str = "train"):
    """Images (n, 32, 32, 3) uint8 (height, width, channel) and labels of CIFAR-10's
    python pickles (``data_batch_1..5`` for train, ``test_batch`` for test)."""
    folder = _path("folder", folder)
    if split not in ("train", "test"):
        raise ValueError(f"split must be 'train' or 'test', got {split!r}")
    names = [f"data_batch_{i}" for i in range(1, 6)] if split == "train" else ["test_batch"]
    images, labels = [], []
    for name in names:
        path = Path(folder) / name
        if not path.is_file():
            raise FileNotFoundError(str(path))
        with open(path, "rb") as f:
            batch = pickle.load(f, encoding="bytes")  # noqa: S301  (the dataset's own format)
        data = np.asarray(batch[b"data"], dtype=np.uint8)
        images.append(data.reshape(-1, 3, 32, 32).transpose(0, 2, 3, 1))
        labels.append(np.asarray(batch[b"labels"], dtype=np.int64))
    return np.concatenate(images), np.concatenate(labels)
