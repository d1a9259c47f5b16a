"""Cases of ``adamtheory.data``: the dataset loaders (MNIST, Fashion-MNIST, CIFAR-10,
IMDB bag of words; only MNIST's stand-in is bundled), the file readers and folders of
``data.files`` and the text helpers of ``data.text``. A missing folder or file is the
documented ``FileNotFoundError`` naming it, accepted here as a named refusal."""

from __future__ import annotations

import harness
from harness import A, case, choice, count, instance, optional, seed
from harness import text as text_kind

from adamtheory import data
from adamtheory.data import files as data_files
from adamtheory.data import text as data_text


def root_kind() -> harness.Kind:
    """A data root: None (the bundled stand-in) or a path; a non-path is a TypeError, a
    folder that does not hold the data the documented ``FileNotFoundError`` naming it."""
    refused = (3, b"x", 2.5, True, "/nonexistent/adamtheory-data")
    return harness.Kind("object", refused, harness.st.nothing(), lambda x: False)


def _missing_root_is_named(fn):
    """Accept the documented ``FileNotFoundError`` for a root that lacks the data (it
    names the missing file), by turning it into the ``ValueError`` the judge accepts."""

    def call(kw):
        try:
            return fn(**kw)
        except FileNotFoundError as exc:
            root = kw.get("root")
            if root is not None and str(root) in str(exc):
                raise ValueError(f"root: {exc}") from exc
            raise

    return call


def _loader(fn, run_valid=True, **extra):
    # n = None (all the data) is valid; it is not thrown at the loaders whose files are
    # not bundled (run_valid=False), where any valid call ends at the missing file.
    n_kind = optional(count(huge=False))
    if not run_valid:
        n_kind = n_kind._replace(allowed=())
    return case(
        fn,
        call=_missing_root_is_named(fn),
        run_valid=run_valid,
        n=A(50, n_kind),
        seed=A(0, seed()),
        root=A(None, root_kind()),
        split=A("train", choice("train", "test")),
        **extra,
    )


PATH_KIND = harness.Kind("object", (3, b"x", None, 2.5), harness.st.nothing(), lambda x: False)
"""A folder or file path: a non-path is a TypeError naming it; a missing one the
documented FileNotFoundError (accepted by ``_missing_path_is_named``)."""


def _missing_path_is_named(name):
    def wrap(fn):
        def call(kw):
            try:
                return fn(**kw)
            except FileNotFoundError as exc:
                if str(kw.get(name)) in str(exc):
                    raise ValueError(f"{name}: {exc}") from exc
                raise

        return call

    return wrap


MISSING = "/nonexistent/adamtheory-data"


def _reader(fn):
    """A reader of a dataset's folder and split (no valid call: no folder is bundled)."""
    return case(
        fn,
        call=_missing_path_is_named("folder")(fn),
        run_valid=False,
        folder=A(MISSING, PATH_KIND),
        split=A("train", choice("train", "test")),
    )


CASES = [
    # ---------------------------------------------------------------- loaders
    _loader(data.load_mnist),
    _loader(data.load_fashion_mnist, run_valid=False),  # no file is bundled
    _loader(data.load_cifar10, run_valid=False),  # no file is bundled
    _loader(data.load_imdb_bow, words=A(200, count(huge=False))),
    # ---------------------------------------------------------------- text
    case(data_text.tokenize, text=A("A good film, a GOOD one.", text_kind())),
    case(
        data_text.vocabulary,
        texts=A(["a good film", "bad film"], instance(b"x", [3], "a film")),
        size=A(5, count(huge=False)),
    ),  # fmt: skip
    case(
        data_text.bag_of_words,
        texts=A(["a good film", "bad film"], instance(b"x", [3], "a film")),
        words=A(["film", "good"], instance(b"x", [3], "film")),
    ),  # fmt: skip
    # ---------------------------------------------------------------- files
    case(data_files.data_root, root=A(MISSING, PATH_KIND._replace(refused=(3, b"x", 2.5)))),
    case(
        data_files.dataset_folder,
        call=_missing_path_is_named("root")(data_files.dataset_folder),
        run_valid=False,
        name=A("mnist", choice("mnist", "imdb")),
        root=A(MISSING, PATH_KIND._replace(refused=(3, b"x", 2.5))),
    ),  # fmt: skip
    case(
        data_files.read_idx,
        call=_missing_path_is_named("path")(data_files.read_idx),
        run_valid=False,
        path=A(MISSING, PATH_KIND),
    ),  # fmt: skip
    _reader(data_files.read_mnist_idx),
    _reader(data_files.read_cifar10),
    _reader(data_files.read_aclimdb),
]
